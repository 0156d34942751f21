"""The agent's rights (RGPD): the privacy notice, their data as a file, erasure.

`!confidentialité`, `!mesdonnées` and `!oublier` run inside the transaction of the message
that asked, like every command. The retention period is enforced by bot/jobs/retention.py.
"""

from __future__ import annotations

import json

from bot.clock import Clock
from bot.config import Config
from bot.handlers.command import command
from bot.handlers.context import Context
from conversations.commands import Role
from conversations.formatting import Attachment, Reply
from conversations.texts import Language, text
from conversations.words import ERASE_CONFIRM


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

    @command("confidentialite", "privacy", Role.AGENT, french="confidentialité")
    async def show_notice(self, context: Context, args: str) -> list[Reply]:
        return [self.notice(context.language)]

    @command("mesdonnees", "mydata", Role.AGENT, french="mesdonnées")
    async def export(self, context: Context, args: str) -> list[Reply | Attachment]:
        session, agent, language = context.session, context.agent, context.language
        if agent is None:
            return [Reply(text(language, "privacy.nothing"))]
        data = await session.privacy.export(agent.id)
        body = json.dumps(data, ensure_ascii=False, indent=2).encode()
        return [
            Reply(text(language, "privacy.export")),
            Attachment("mes-donnees-harmonie.json", "application/json", body),
        ]

    @command("oublier", "forget", Role.AGENT, usage="[confirmer]", usage_en="[confirm]")
    async def forget(self, context: Context, args: str) -> list[Reply]:
        """`!oublier` says what would go; `!oublier confirmer` erases it."""
        session, agent, language = context.session, context.agent, context.language
        room_id = context.incoming.room_id
        if agent is None:
            return [Reply(text(language, "privacy.nothing"))]
        wanted = args.strip().lower()
        if wanted and wanted not in ERASE_CONFIRM:
            return [Reply(text(language, "privacy.forget_usage"))]
        data = await session.privacy.export(agent.id)
        counts = {
            "campaigns": len(data["campaigns"]),
            "answers": len(data["answers"]),
            "feedback": len(data["feedback_surveys"]),
            "comments": len(data["feedback_comments"]),
            "trials": len(data["pilot_trials"]),
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
                    trials=erased.trials,
                )
            )
        ]
