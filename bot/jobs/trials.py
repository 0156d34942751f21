"""The pilot trial's scheduled work: closing it the day after its end date, asking the
pilots its questions `choice.ask_working_days` working days before that date, reminding
those who have not finished as campaigns do.

The database is the source of truth: each check reads who is due. Questions and
reminders go out in working hours only, each through the outbox under a transaction id
of its own (`trial-ask:{trial}:{agent}`, `trial-reminder:{trial}:{agent}:{n}`) written in
the transaction that marks it sent, so that a crash or a restart never sends it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.config import Config
from conversations.calendar import WorkingCalendar
from conversations.formatting import Reply
from conversations.reminders import ReminderCandidate, ReminderPolicy, reminder_due
from conversations.rules import accepting, day_text, trial_ask_day
from conversations.survey import Survey
from conversations.texts import Language, preferred, text
from conversations.trial import trial_first_state, trial_question
from conversations.trial_plan import TrialPlan
from conversations.trial_state import TrialState, TrialStateError, load_plan, load_trial
from storage import Database, OutgoingMessage, PilotReminderRow, Session, Trial

log = logging.getLogger(__name__)


class TrialJobs:
    def __init__(
        self,
        config: Config,
        db: Database,
        clock: Clock,
        survey: Survey,
        calendar: WorkingCalendar,
        queued: Callable[[], None],
    ) -> None:
        self._db = db
        self._clock = clock
        self._survey = survey
        self._calendar = calendar
        self._queued = queued  # wakes the sender
        self._language = config.organisation.language
        self._ask_working_days = config.choice.ask_working_days
        self._policy = ReminderPolicy(
            every=timedelta(days=config.campaign.reminder_every_days),
            max_count=config.campaign.max_reminders,
        )

    def _today(self, now: datetime) -> date:
        return now.astimezone(self._calendar.timezone).date()

    async def check(self) -> int:
        """Close a trial past its end date; in working hours, queue the questions and the
        reminders due now. Returns how many pilots were written to."""
        now = self._clock.now()
        await self._close_expired(now)
        if not self._calendar.is_working_time(now):
            return 0
        async with self._db.transaction() as session:
            trial = await session.trials.current()
            if trial is None or not accepting(trial, self._today(now)):
                return 0
            try:
                plan = load_plan(trial.plan)  # fixed when the trial opened
            except TrialStateError:
                log.error("trial %d: its stored plan cannot be read", trial.id)
                return 0
            asked = await self._ask(session, trial, plan, now)
            reminded = await self._remind(session, trial, plan, now)
        if asked or reminded:
            log.info("trial check: %d asked, %d reminded", asked, reminded)
            self._queued()
        return asked + reminded

    async def _close_expired(self, now: datetime) -> None:
        async with self._db.transaction() as session:
            trial = await session.trials.current()
            if trial is None or accepting(trial, self._today(now)):
                return
            await session.trials.close(trial.id, now)
        log.info("trial %d closed: its end date has passed", trial.id)

    def ask_day(self, trial: Trial) -> date | None:
        """When the trial's questions go out; None for a trial without an end date (its
        pilots begin by writing to the bot)."""
        if trial.closes_on is None:
            return None
        return trial_ask_day(trial.closes_on, self._ask_working_days, self._calendar)

    async def _ask(self, session: Session, trial: Trial, plan: TrialPlan, now: datetime) -> int:
        """The invited pilots who have not begun: a lead-in, then the first question."""
        ask_day = self.ask_day(trial)
        if ask_day is None or self._today(now) < ask_day:
            return 0
        assert trial.closes_on is not None
        asked = 0
        for pilot in await session.trials.to_ask(trial.id):
            agent = await session.agents.by_id(pilot.agent_id)
            if pilot.room_id is None or agent is None:
                continue
            language = preferred(agent.language, self._language)
            lead = Reply(text(language, "trial.admin.ask", date=day_text(trial.closes_on)))
            first = trial_question(self._survey, plan, trial_first_state(plan), language)
            await session.outbox.add(
                f"trial-ask:{trial.id}:{pilot.agent_id}",
                [OutgoingMessage(pilot.room_id, reply.content()) for reply in (lead, first)],
                now,
            )
            await session.trials.mark_asked(trial.id, pilot.agent_id, now)
            asked += 1
        return asked

    async def _remind(self, session: Session, trial: Trial, plan: TrialPlan, now: datetime) -> int:
        """The pilots asked who have not finished, by the campaigns' reminder policy: how
        far they are (suites answered of all), then the question they are at."""
        reminded = 0
        for row in await session.trials.reminder_rows(trial.id):
            candidate = ReminderCandidate(
                invited_at=row.asked_at,  # the questions, not the invitation, are what waits
                last_activity=row.last_answer_at,
                last_reminded_at=row.last_reminded_at,
                reminders_sent=row.reminders_sent,
                finished=False,
                opted_out=row.reminders_off,
                absent_until=row.absent_until,
            )
            if row.room_id is None or not reminder_due(
                candidate, self._policy, self._calendar, now
            ):
                continue
            state = _state(row, plan)
            if state.finished:
                continue
            language = preferred(row.language, self._language)
            replies = [self._reminder(trial, plan, state, language)]
            if not state.paused:  # paused: any message resumes, then the question comes
                replies.append(trial_question(self._survey, plan, state, language))
            count = row.reminders_sent + 1
            await session.outbox.add(
                f"trial-reminder:{trial.id}:{row.agent_id}:{count}",
                [OutgoingMessage(row.room_id, reply.content()) for reply in replies],
                now,
            )
            await session.trials.mark_reminded(trial.id, row.agent_id, count, now)
            reminded += 1
        return reminded

    def _reminder(
        self, trial: Trial, plan: TrialPlan, state: TrialState, language: Language
    ) -> Reply:
        deadline = ""
        if trial.closes_on is not None:
            deadline = text(language, "trial.admin.reminder.deadline",
                            date=day_text(trial.closes_on))  # fmt: skip
        done = state.suite_index if state.suite_index is not None else len(plan.suites)
        key = "trial.admin.reminder.paused" if state.paused else "trial.admin.reminder"
        return Reply(text(language, key, done=done, total=len(plan.suites), deadline=deadline))


def _state(row: PilotReminderRow, plan: TrialPlan) -> TrialState:
    """Where the pilot is: their stored state, else the first question (asked and not
    begun, or a stored state that does not fit the plan)."""
    if row.state:
        try:
            return load_trial(row.state, plan)
        except TrialStateError:
            log.warning("a pilot's trial state could not be read; reminded of the start")
    return trial_first_state(plan)
