"""The agent's rights (RGPD): the notice, their data as a file, erasure; and retention.

`!confidentialite`, `!mesdonnees` and `!oublier` run inside the transaction of the message
that asked, like every command. The retention check runs on the scheduler: a campaign
closed longer ago than `retention_days` keeps its report (computed before, above the
anonymity threshold) and loses its raw answers, in one transaction.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import timedelta

from bot.clock import Clock
from bot.config import Config
from bot.handlers.report import campaign_report, scoring_spec
from conversations.formatting import Attachment, Reply
from conversations.survey import Survey
from conversations.texts import Language, text, typed
from scoring.render import chat_message
from storage import Agent, Database, Session

log = logging.getLogger(__name__)

CONFIRM_WORDS = frozenset({"confirmer", "confirme", "confirm", "oui", "yes"})


class Privacy:
    def __init__(self, config: Config, clock: Clock) -> None:
        self._config = config
        self._clock = clock

    def notice(self, language: Language) -> Reply:
        """What the agent is told of their data: in the first message, and on request."""
        privacy, organisation = self._config.privacy, self._config.organisation
        contact = ""
        if privacy.contact:
            contact = text(language, "privacy.contact", contact=privacy.contact)
        return Reply(
            text(
                language,
                "privacy.notice",
                organisation=organisation.named,
                threshold=organisation.anonymity_threshold,
                days=privacy.retention_days,
                controller=privacy.data_controller or organisation.name,
                contact=contact,
            )
        )

    async def export(
        self, session: Session, agent: Agent | None, language: Language
    ) -> list[Reply | Attachment]:
        if agent is None:
            return [Reply(text(language, "privacy.nothing"))]
        data = await session.privacy.export(agent.id)
        body = json.dumps(data, ensure_ascii=False, indent=2).encode()
        return [
            Reply(text(language, "privacy.export")),
            Attachment("mes-donnees-harmonie.json", "application/json", body),
        ]

    async def forget(
        self, session: Session, agent: Agent | None, room_id: str, language: Language, args: str
    ) -> list[Reply]:
        """`!oublier` says what would go; `!oublier confirmer` erases it."""
        if agent is None:
            return [Reply(text(language, "privacy.nothing"))]
        wanted = args.strip().lower()
        if wanted and wanted not in CONFIRM_WORDS:
            return [Reply(text(language, "privacy.forget_usage"))]
        data = await session.privacy.export(agent.id)
        counts = {
            "campaigns": len(data["campaigns"]),
            "answers": len(data["answers"]),
            "feedback": len(data["feedback_surveys"]),
            "comments": len(data["feedback_comments"]),
        }
        if not wanted:
            what = text(language, "privacy.forget_what", **counts)
            return [Reply(text(language, "privacy.forget_confirm", what=what))]
        room = await session.direct_rooms.room_for(agent.user_id)
        erased = await session.privacy.erase(agent.id, agent.user_id, room or room_id)
        # Only that an erasure happened: neither who nor what.
        await session.reports.audit("-", "oublier", "", self._clock.now())
        return [
            Reply(
                text(
                    language,
                    "privacy.forgotten",
                    campaigns=erased.campaigns,
                    answers=erased.answers,
                    feedback=erased.feedback,
                    comments=erased.comments,
                )
            )
        ]


class Retention:
    """Purges the raw answers of campaigns past their retention period, keeping reports."""

    def __init__(self, config: Config, db: Database, clock: Clock, survey: Survey) -> None:
        self._config = config
        self._db = db
        self._clock = clock
        self._survey = survey

    async def check(self) -> int:
        now = self._clock.now()
        days = self._config.privacy.retention_days
        language = self._config.organisation.language
        purged = 0
        async with self._db.transaction() as session:
            for campaign_id in await session.privacy.expired_campaigns(now - timedelta(days=days)):
                campaign = await session.campaigns.get(campaign_id)
                assert campaign is not None
                spec = scoring_spec(self._config, self._survey, language)
                report = await campaign_report(
                    session, spec, campaign, now=now, services=self._survey.services
                )
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
        if purged:
            log.info("retention: raw answers of %d campaign(s) erased, reports kept", purged)
        return purged
