"""Reminders to agents who have not finished, checked on a schedule, sent via the outbox.

The database is the source of truth: each check reads who is due, and the n-th reminder
of an agent has a transaction id of its own, so a crash or a restart never sends it twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.config import Config
from bot.matrix.sender import OutboxSender
from conversations.calendar import WorkingCalendar
from conversations.codec import StateFormatError, load_state
from conversations.formatting import Reply
from conversations.reminders import ReminderCandidate, ReminderPolicy, reminder_due
from conversations.rules import accepting, deadline
from conversations.survey import Survey
from conversations.texts import preferred, text, typed
from storage import Campaign, Database, OutgoingMessage

log = logging.getLogger(__name__)


class Reminders:
    def __init__(
        self,
        config: Config,
        db: Database,
        clock: Clock,
        survey: Survey,
        calendar: WorkingCalendar,
        sender: OutboxSender,
    ) -> None:
        self._db = db
        self._clock = clock
        self._survey = survey
        self._calendar = calendar
        self._sender = sender
        self._language = config.organisation.language
        self._policy = ReminderPolicy(
            every=timedelta(days=config.campaign.reminder_every_days),
            max_count=config.campaign.max_reminders,
        )

    async def check(self) -> int:
        """Close a campaign past its closing date; queue every reminder due now."""
        now = self._clock.now()
        await self._close_expired()
        if not self._calendar.is_working_time(now):
            log.info("reminder check: outside working hours, none sent")
            return 0
        survey = self._survey
        sent = 0
        async with self._db.transaction() as session:
            campaign = await session.campaigns.current()
            if campaign is None or not self._accepting(campaign):
                return 0
            for row in await session.participations.reminder_rows(campaign.id):
                candidate = ReminderCandidate(
                    invited_at=row.invited_at,
                    last_activity=row.last_answer_at,
                    last_reminded_at=row.last_reminded_at,
                    reminders_sent=row.reminders_sent,
                    finished=row.finished,
                    opted_out=row.reminders_off,
                    absent_until=row.absent_until,
                )
                if row.room_id is None or not reminder_due(
                    candidate, self._policy, self._calendar, now
                ):
                    continue
                done = 0
                if row.state:
                    try:
                        done = load_state(row.state, survey).answered
                    except StateFormatError:
                        done = 0
                language = preferred(row.language, self._language)
                reply = Reply(
                    text(
                        language,
                        "reminder",
                        title=typed(campaign.title),
                        done=done,
                        total=len(survey.categories),
                        deadline=deadline(campaign, language),
                    )
                )
                count = row.reminders_sent + 1
                await session.outbox.add(
                    f"reminder:{campaign.id}:{row.agent_id}:{count}",
                    [OutgoingMessage(row.room_id, reply.content())],
                    now,
                )
                await session.participations.mark_reminded(campaign.id, row.agent_id, count, now)
                sent += 1
        log.info("reminder check: %d sent", sent)
        if sent:
            self._sender.wake()
        return sent

    async def _close_expired(self) -> None:
        async with self._db.transaction() as session:
            campaign = await session.campaigns.current()
            if campaign is None or self._accepting(campaign):
                return
            await session.campaigns.close(campaign.id, self._clock.now())
        log.info("campaign %d closed: its closing date has passed", campaign.id)

    def _accepting(self, campaign: Campaign) -> bool:
        return accepting(campaign, self._clock.now().astimezone(self._calendar.timezone).date())
