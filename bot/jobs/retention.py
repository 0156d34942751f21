"""The retention period, enforced on the scheduler: a campaign closed longer ago than
`retention_days` keeps its report (computed before, above the anonymity threshold) and
loses its raw answers, in one transaction; a pilot trial closed as long ago loses its
pilots' ratings, comments and conversation states (the decision taken stays)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.config import Config
from conversations.texts import text, typed
from scoring import Report
from scoring.render import chat_message
from storage import Campaign, Database, Session

log = logging.getLogger(__name__)

# A campaign's whole report, as `!rapport` computes it (the loaders of bot/handlers/report.py,
# handed in by the wiring so that a job does not import a chat handler).
ReportOf = Callable[[Session, Campaign, datetime], Awaitable[Report]]


class Retention:
    """Purges the raw answers of campaigns past their retention period, keeping reports."""

    def __init__(self, config: Config, db: Database, clock: Clock, report_of: ReportOf) -> None:
        self._config = config
        self._db = db
        self._clock = clock
        self._report_of = report_of

    async def check(self) -> int:
        """Purge what is past its retention period; returns how many campaigns and trials."""
        now = self._clock.now()
        days = self._config.privacy.retention_days
        language = self._config.organisation.language
        closed_before = now - timedelta(days=days)
        purged = 0
        async with self._db.transaction() as session:
            for campaign_id in await session.privacy.expired_campaigns(closed_before):
                campaign = await session.campaigns.get(campaign_id)
                assert campaign is not None
                report = await self._report_of(session, campaign, now)
                # Kept: figures above the threshold; not kept: the agents' own words.
                report = replace(
                    report, problems=tuple(replace(p, comments=()) for p in report.problems)
                )
                title = text(
                    language, "report.title", id=campaign.id, title=typed(campaign.title), scope=""
                )
                plain, rich = chat_message(report, title, language)
                await session.privacy.purge_campaign(campaign_id, (language, plain, rich), now)
                purged += 1
            trials = await session.privacy.expired_trials(closed_before)
            for trial_id in trials:
                await session.privacy.purge_trial(trial_id, now)
        if purged:
            log.info("retention: raw answers of %d campaign(s) erased, reports kept", purged)
        if trials:
            log.info("retention: pilots' answers of %d trial(s) erased", len(trials))
        return purged + len(trials)
