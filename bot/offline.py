"""`harmonie report`: the campaign report from the database alone, no Matrix connection."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from conversations.texts import text
from scoring.render import chart_png, csv_bytes, markdown, ods_bytes
from storage import Database

from .config import Config
from .reporting import campaign_report, scoring_spec
from .survey import build_survey

FORMATS = ("md", "csv", "ods", "png")


class ReportError(RuntimeError):
    """The report cannot be produced; the message says why, for the person at the terminal."""


def write_report(
    config: Config,
    fmt: str,
    output: Path | None,
    campaign_id: int | None = None,
    category: str | None = None,
    service: str | None = None,
) -> Path | None:
    """Render the report and write it to `output` (stdout for md and csv when None)."""
    data = asyncio.run(_render(config, fmt, campaign_id, category, service))
    if output is None:
        if fmt in ("ods", "png"):
            raise ReportError(f"--format {fmt} needs --output FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    output.write_bytes(data)
    return output


async def _render(
    config: Config,
    fmt: str,
    campaign_id: int | None,
    category: str | None,
    service: str | None,
) -> bytes:
    if not config.storage.path.exists():
        raise ReportError(f"no database at {config.storage.path}: has the bot run yet?")
    survey = build_survey(config)
    language = config.organisation.language
    category_key = None
    if category is not None:
        found = survey.find_category(category)
        if found is None:
            raise ReportError(f"unknown category: {category}")
        category_key = found.key
    db = await Database.open(config.storage.path)
    try:
        async with db.read() as session:
            if campaign_id is not None:
                campaign = await session.campaigns.get(campaign_id)
            else:
                campaign = await session.campaigns.current() or await session.campaigns.latest()
            if campaign is None:
                raise ReportError("no campaign in the database")
            spec = scoring_spec(config, survey, language)
            report = await campaign_report(
                session, spec, campaign, category=category_key, service=service
            )
    finally:
        await db.close()
    title = text(language, "report.title", id=campaign.id, title=campaign.title, scope="")
    if fmt == "md":
        return markdown(report, title, language).encode("utf-8")
    if fmt == "csv":
        return csv_bytes(report, language)
    if fmt == "ods":
        return ods_bytes(report, language)
    return chart_png(report, title, language)
