"""The command line's work on the bot's files alone, without Matrix: `harmonie report` (of
one organisation, `--organisation` in a structure's configuration), and opening the
database with a message for the person at the terminal when it cannot be."""

from __future__ import annotations

import asyncio
import difflib
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from bot.catalogue import load_catalogue
from bot.config import Config, build_survey
from bot.handlers.choice_report import choice_material
from bot.handlers.report import campaign_report, scoring_spec
from conversations.survey import Survey
from conversations.texts import Language, text
from scoring.choice_render import choice_chart_png, choice_csv, choice_markdown, choice_ods
from scoring.render import chart_png, csv_bytes, markdown, ods_bytes
from storage import Campaign, Database, SchemaTooNewError, Session
from storage.connection import DATABASE_ERRORS

OPEN_ERRORS: tuple[type[BaseException], ...] = (OSError, *DATABASE_ERRORS)


class OfflineError(RuntimeError):
    """What stops a command; the message says why, for the person at the terminal."""

    exit_code = 1


class BadArgument(OfflineError):
    """What was typed on the command line names nothing usable (a campaign, a category,
    a service, a file in a folder that does not exist): a usage error, exit code 2."""

    exit_code = 2


def organisation_config(config: Config, key: str | None) -> Config:
    """The Config of the organisation a command reads (`--organisation`): with a
    structure's [organisations.<key>], the one named, its own settings merged in; it must
    be named, and be one of the file's. With a single [organisation] the option is refused
    rather than ignored, as `--choice` refuses `--campaign`: an option that changes nothing
    would let the person believe they chose something (a script written for a structure,
    run on one commune's file, would print that commune's report under another's key)."""
    if not config.organisations:
        if key is not None:
            raise BadArgument(
                f"--organisation is for a structure's configuration, with [organisations.<key>] "
                f"tables; {config.source or 'this configuration'} has one [organisation]: "
                "leave the option out"
            )
        return config
    tenants = config.tenants()
    width = max(len(name) for name in tenants)
    listed = [f"{name.ljust(width)}  {_printable(tenant.organisation.name)}"
              for name, tenant in tenants.items()]  # fmt: skip
    if key is None:
        several = "this configuration serves several organisations: give --organisation"
        raise BadArgument(_listing(f"{several} with one of them:", listed))
    if key not in tenants:
        close = difflib.get_close_matches(key, list(tenants), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise BadArgument(_unknown(f"organisation: {key}{hint}", "the organisations are", listed))
    return tenants[key]


def write_report(
    config: Config,
    fmt: str,
    output: Path | None,
    campaign_id: int | None = None,
    category: str | None = None,
    service: str | None = None,
) -> Path | None:
    """Render the report and write it to `output` (stdout for md and csv when None)."""
    check_output(fmt, output)
    data = asyncio.run(_render(config, fmt, campaign_id, category, service))
    return _write(data, output)


def write_choice_report(config: Config, fmt: str, output: Path | None) -> Path | None:
    """The phase-2 report of the latest trial (`harmonie report --choice`), as `!rapport
    choix` shows it, to `output` (stdout for md and csv when None)."""
    check_output(fmt, output)
    if config.choice.catalogue is None:
        raise OfflineError(f"no catalogue of suites: {_see(config, 'choice.catalogue')}")
    data = asyncio.run(_render_choice(config, fmt))
    return _write(data, output)


def _write(data: bytes, output: Path | None) -> Path | None:
    """To `output`, or to the terminal when None."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    try:
        output.write_bytes(data)
    except OSError as error:
        raise BadArgument(f"cannot write {output}: {_reason(error)}") from None
    return output


async def _render_choice(config: Config, fmt: str) -> bytes:
    survey = build_survey(config)
    language = config.organisation.language
    assert config.choice.catalogue is not None  # checked by the caller
    suites = load_catalogue(config.choice.catalogue, [c.key for c in survey.categories])
    _exists_or_refuse(config)
    db = await open_database(config)
    try:
        async with _organisation_of(db, config).read() as session:
            campaign = await session.campaigns.current() or await session.campaigns.latest()
            invited = 0
            if campaign is not None:
                invited = (await session.participations.status(campaign.id)).invited.total()
            agents = len(config.organisation.agents) or invited
            material = await choice_material(
                session, config, survey, suites, agents or 1, datetime.now(UTC)
            )
    except DATABASE_ERRORS as error:
        message = f"cannot read the database {config.storage.describe()}: {_reason(error)}"
        raise OfflineError(message) from None
    finally:
        await db.close()
    names = {c.key: c.name(language) for c in survey.categories}
    trial = material.trial
    title = (
        text(language, "report.choice.title", id=trial.id)
        if trial
        else text(language, "report.choice.title_no_trial")
    )
    context = []
    if trial is not None and material.waiting:
        context.append(text(language, "report.choice.waiting", id=trial.id))
    if fmt == "md":
        return choice_markdown(material.report, title, names, language, context).encode("utf-8")
    if fmt == "csv":
        return choice_csv(material.report, names, language)
    if fmt == "ods":
        return choice_ods(material.report, names, language)
    return choice_chart_png(material.report, title, language)


def check_output(fmt: str, output: Path | None) -> None:
    """Refuse, before any work, an --output that cannot be written."""
    if output is None:
        if fmt in ("ods", "png"):
            raise BadArgument(f"--format {fmt} needs --output FILE")
        return
    if output.is_dir():
        raise BadArgument(
            f"--output {output} is a folder: give a file name, e.g. {output / f'report.{fmt}'}"
        )
    if not output.parent.is_dir():
        raise BadArgument(f"--output {output}: there is no folder {output.parent}")


def _exists_or_refuse(config: Config) -> None:
    """A report reads what the bot wrote: no SQLite file yet means it never ran."""
    if config.storage.url is None and not config.storage.path.exists():
        raise OfflineError(f"no database at {config.storage.path}: has the bot run yet?")


async def open_database(config: Config) -> Database:
    """The bot's database, created and migrated if need be; OfflineError if it cannot be."""
    storage = config.storage
    where, key = storage.describe(), "storage.path" if storage.url is None else "storage.url"
    if storage.url is None and storage.path.is_dir():
        raise OfflineError(f"the database {where} is a folder: {_see(config, key)}")
    try:
        return await Database.open(storage.target)
    except SchemaTooNewError as error:
        message = f"the database {where} was written by a newer Harmonie ({error})"
        raise OfflineError(f"{message}: install the Harmonie that wrote it") from None
    except OPEN_ERRORS as error:
        message = f"cannot open the database {where}: {_reason(error)}"
        raise OfflineError(f"{message} ({_see(config, key)})") from None


def _organisation_of(db: Database, config: Config) -> Database:
    """The database as the organisation of `config` sees it, through its bot: nothing of
    another organisation's is ever read."""
    return db.scoped(config.tenant, config.matrix.user_id)


async def check_storage(config: Config) -> None:
    """Whether the bot can open what it opens first, its store folder and its database;
    OfflineError if not. Creates them as the bot would."""
    from bot.matrix.client import prepare_store  # imports nio: only `harmonie run` needs it

    store = config.matrix.store_path
    if store.exists() and not store.is_dir():
        message = f"the store folder {store} is a file"
        raise OfflineError(f"{message}: {_see(config, 'matrix.store_path')}")
    try:
        await asyncio.to_thread(prepare_store, store)
    except OSError as error:
        message = f"cannot create the store folder {store}: {_reason(error)}"
        raise OfflineError(f"{message} ({_see(config, 'matrix.store_path')})") from None
    db = await open_database(config)
    await db.close()


async def _render(
    config: Config,
    fmt: str,
    campaign_id: int | None,
    category: str | None,
    service: str | None,
) -> bytes:
    survey = build_survey(config)
    language = config.organisation.language
    category_key = None if category is None else _category_key(survey, category, language)
    if service is not None:
        service = _service(survey, service)
    _exists_or_refuse(config)
    db = await open_database(config)
    try:
        async with _organisation_of(db, config).read() as session:
            campaign = await _campaign(session, campaign_id, config)
            spec = scoring_spec(config, survey, language)
            report = await campaign_report(
                session,
                spec,
                campaign,
                category=category_key,
                service=service,
                services=survey.services,
                live=config.organisation.live_results,
            )
    except DATABASE_ERRORS as error:
        message = f"cannot read the database {config.storage.describe()}: {_reason(error)}"
        raise OfflineError(message) from None
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


def _category_key(survey: Survey, typed: str, language: Language) -> str:
    found = survey.find_category(typed)
    if found is None:
        names = [f"{n}  {c.name(language)}" for n, c in enumerate(survey.categories, start=1)]
        raise BadArgument(_unknown(f"category: {typed}", "give a number or a name", names))
    return found.key


def _service(survey: Survey, typed: str) -> str:
    """The configured service, as the chat's `!rapport service=…` finds it."""
    found = survey.find_service(typed)
    if found is None:
        if not survey.services:
            raise BadArgument(
                f"unknown service: {typed} (no service is listed in organisation.services)"
            )
        raise BadArgument(_unknown(f"service: {typed}", "the services are", survey.services))
    return found


async def _campaign(session: Session, campaign_id: int | None, config: Config) -> Campaign:
    """The campaign asked for; without a number, the open one or else the latest."""
    if campaign_id is None:
        campaign = await session.campaigns.current() or await session.campaigns.latest()
        if campaign is None:
            raise OfflineError("no campaign in the database")
        return campaign
    campaign = await session.campaigns.get(campaign_id)
    if campaign is None:
        campaigns = await session.campaigns.all()
        if not campaigns:
            raise BadArgument(f"no campaign {campaign_id}: there is no campaign in the database")
        tz = config.organisation.tz
        lines = [_campaign_line(c, tz) for c in campaigns]
        raise BadArgument(_unknown(f"campaign: {campaign_id}", "the campaigns are", lines))
    return campaign


def _campaign_line(campaign: Campaign, tz: tzinfo) -> str:
    """`2  Outils 2027  open, since 2027-01-04, until 2027-01-31`, in the organisation's
    time zone."""

    def day(moment: datetime) -> str:
        return moment.astimezone(tz).date().isoformat()

    if campaign.is_open:
        status = f"open, since {day(campaign.opened_at)}"
        if campaign.closes_on is not None:
            status += f", until {campaign.closes_on.isoformat()}"
    else:
        assert campaign.closed_at is not None
        status = f"closed, {day(campaign.opened_at)} to {day(campaign.closed_at)}"
    return f"{campaign.id}  {_printable(campaign.title)}  {status}"


def _unknown(what: str, heading: str, choices: Sequence[str]) -> str:
    return _listing(f"unknown {what}; {heading}:", choices)


def _listing(first: str, choices: Sequence[str]) -> str:
    return "\n".join([first, *(f"  {choice}" for choice in choices)])


def _printable(value: str) -> str:
    """A title typed in the chat, safe to print on a terminal (no escape sequences)."""
    return "".join(ch if ch.isprintable() else "?" for ch in value)


def _reason(error: BaseException) -> str:
    """The system's words for an error, without the traceback."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _see(config: Config, key: str) -> str:
    """Where to change it: `see storage.path in /etc/harmonie/config.toml`."""
    where = f" in {config.source}" if config.source is not None else ""
    return f"see {key}{where}"
