"""The rollout's scheduled work: owner reminders, escalations, training reminders, waves.

The database is the source of truth. Each check rebuilds the plan's jobs from the stored
plan, steps and sessions (`conversations.rollout.plan_jobs`), and runs those due: claiming
a job and queueing its messages happen in one transaction, so a job acts exactly once
whatever the crashes and restarts. A job overdue beyond the grace period (the bot was
down) is reported to the admins instead of being sent late.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.clock import Clock
from bot.config import Config
from bot.probes.faults import crash_point
from conversations.calendar import WorkingCalendar
from conversations.formatting import Reply
from conversations.rollout import (
    Decision,
    Job,
    JobKind,
    Schedule,
    StepDates,
    TrainingDate,
    decide,
    plan_jobs,
)
from conversations.rules import accepting, day_text, wave_invitation, wave_postponed
from conversations.survey import Survey
from conversations.texts import LANGUAGES, Language, preferred, text, typed
from storage import Agent, Database, RolloutPlan, RolloutStep, Session, Training

log = logging.getLogger(__name__)


class RolloutJobs:
    def __init__(
        self,
        config: Config,
        db: Database,
        clock: Clock,
        survey: Survey,
        calendar: WorkingCalendar,
        schedule: Schedule,
        population: Callable[[], list[str]],
        queued: Callable[[], None],
    ) -> None:
        self._config = config
        self._db = db
        self._clock = clock
        self._survey = survey
        self._calendar = calendar
        self._schedule = schedule
        self._population = population
        self._queued = queued

    async def check(self) -> int:
        """Run every job due now; returns how many ran (missed ones not counted)."""
        now = self._clock.now()
        if not self._calendar.is_working_time(now):
            return 0
        async with self._db.transaction() as session:
            plan = await session.rollout.active()
            if plan is None:
                return 0
            steps = await session.rollout.steps(plan.id)
            trainings = await session.rollout.trainings(plan.id)
            jobs = self._jobs(plan, steps, trainings, now)
            claimed = await session.rollout.claimed(f"plan:{plan.id}:")
            ran, missed = 0, []
            grace = self._config.rollout.grace_working_days
            for job in jobs:
                if job.key in claimed:
                    continue
                decision = decide(job, now, self._calendar, grace)
                if decision is Decision.WAIT:
                    continue
                due_at = datetime.combine(job.day, self._calendar.start, self._calendar.timezone)
                if decision is Decision.MISSED:
                    await session.rollout.claim_job(job.key, due_at, now, "missed")
                    missed.append(job)
                    continue
                outcome = await self._run(session, plan, steps, trainings, job, now)
                await session.rollout.claim_job(job.key, due_at, now, outcome)
                log.info("rollout job %s: %s", job.key, outcome)
                ran += 1
            if missed:
                await self._report_missed(session, trainings, missed, now)
                log.warning("%d rollout job(s) missed while the bot was down", len(missed))
        if ran or missed:
            crash_point("after-rollout-job")
            self._queued()
        return ran

    def _jobs(
        self,
        plan: RolloutPlan,
        steps: Sequence[RolloutStep],
        trainings: Sequence[Training],
        now: datetime,
    ) -> tuple[Job, ...]:
        zone = self._calendar.timezone
        created_on = plan.created_at.astimezone(zone).date()
        return plan_jobs(
            plan.id,
            plan.start_on,
            created_on,
            [
                StepDates(s.number, s.due_on, s.done_at is not None, s.dated_on or created_on)
                for s in steps
            ],
            [
                TrainingDate(
                    t.id, t.starts_at.astimezone(zone).date(), t.created_at.astimezone(zone).date()
                )
                for t in trainings
            ],
            now.astimezone(zone).date(),
            self._calendar,
            self._schedule,
        )

    async def _run(
        self,
        session: Session,
        plan: RolloutPlan,
        steps: Sequence[RolloutStep],
        trainings: Sequence[Training],
        job: Job,
        now: datetime,
    ) -> str:
        """Queue the job's messages; the outcome recorded with its claim."""
        match job.kind:
            case JobKind.REMIND | JobKind.ESCALATE:
                step = next(s for s in steps if s.number == job.step)
                if step.done_at is not None:
                    return "step done"
                if job.kind is JobKind.REMIND:
                    people = step.owners
                else:
                    people = tuple(self._config.organisation.admins)
                for user in people:
                    language = await self._language(session, user)
                    reply = self._step_message(plan, step, job, language)
                    await session.letters.add(f"{job.key}:{user}", user, [reply.content()], now)
                return f"sent to {len(people)}"
            case JobKind.TRAINING:
                training = next(t for t in trainings if t.id == job.training)
                if training.starts_at <= now:
                    return "session already started"
                population = self._population()
                agents = await session.agents.ensure_many(population, now)
                messages = {
                    language: [self._training_message(plan, training, language).content()]
                    for language in LANGUAGES
                }
                await session.letters.add_many(
                    [
                        (f"{job.key}:{user}", user, messages[self._language_of(agents[user])])
                        for user in population
                    ],
                    now,
                )
                return f"sent to {len(population)}"
            case JobKind.WAVE:
                assert job.wave is not None
                wave = await session.rollout.open_wave(plan.id, job.wave, job.day, now)
                if wave is None:
                    return "already open"
                population = self._population()
                agents = await session.agents.ensure_many(population, now)
                invitations = {
                    language: wave_invitation(
                        self._survey, plan.suite, plan.start_on, wave.due_on, language
                    )
                    for language in LANGUAGES
                }
                state = invitations[self._config.organisation.language][0]
                await session.rollout.start_responses(
                    wave.id, [(agents[user].id, state) for user in population], now
                )
                evaluating = await self._evaluating(session)
                letters = []
                for user in population:
                    language = self._language_of(agents[user])
                    replies = invitations[language][1]
                    if agents[user].id in evaluating:
                        replies = wave_postponed(plan.suite, language)
                    letters.append((f"{job.key}:{user}", user, [r.content() for r in replies]))
                await session.letters.add_many(letters, now)
                return f"sent to {len(population)}"
        raise AssertionError(job.kind)

    async def _evaluating(self, session: Session) -> set[int]:
        """Agents in the middle of the evaluation: a wave waits for them (one dialog at a
        time owns their replies)."""
        campaign = await session.campaigns.current()
        if campaign is None:
            return set()
        today = self._clock.now().astimezone(self._calendar.timezone).date()
        if not accepting(campaign, today):
            return set()
        return await session.participations.in_progress(campaign.id)

    def _step_message(
        self, plan: RolloutPlan, step: RolloutStep, job: Job, language: Language
    ) -> Reply:
        name = text(language, f"step.{step.number}")
        due = day_text(step.due_on)
        if job.kind is JobKind.ESCALATE:
            owners = ", ".join(step.owners) or text(language, "rollout.nobody")
            return Reply(
                text(language, "escalate", suite=typed(plan.suite), number=step.number,
                     name=name, date=due, owners=owners)
            )  # fmt: skip
        today = self._clock.now().astimezone(self._calendar.timezone).date()
        when_key = "remind.today" if today == step.due_on else "remind.on"
        return Reply(
            text(language, "remind.owner", suite=typed(plan.suite), number=step.number,
                 name=name, when=text(language, when_key, date=due))
        )  # fmt: skip

    def _training_message(self, plan: RolloutPlan, training: Training, language: Language) -> Reply:
        local = training.starts_at.astimezone(self._calendar.timezone)
        place = (
            text(language, "rollout.place", place=typed(training.place)) if training.place else ""
        )
        return Reply(
            text(language, "training.reminder", suite=typed(plan.suite),
                 date=day_text(local.date()), time=local.strftime("%H:%M"), place=place)
        )  # fmt: skip

    async def _report_missed(
        self,
        session: Session,
        trainings: Sequence[Training],
        missed: Sequence[Job],
        now: datetime,
    ) -> None:
        keys = "\n".join(job.key for job in missed)
        cause = "missed:" + hashlib.sha256(keys.encode()).hexdigest()[:32]
        for admin in self._config.organisation.admins:
            language = await self._language(session, admin)
            items = [self._missed_item(job, trainings, language) for job in missed]
            reply = Reply(text(language, "missed", items="\n".join(items)))
            await session.letters.add(f"{cause}:{admin}", admin, [reply.content()], now)

    def _missed_item(self, job: Job, trainings: Sequence[Training], language: Language) -> str:
        due = day_text(job.day)
        if job.kind is JobKind.TRAINING:
            training = next(t for t in trainings if t.id == job.training)
            day = day_text(training.starts_at.astimezone(self._calendar.timezone).date())
            return text(language, "missed.training", training=day, date=due)
        number = job.wave if job.kind is JobKind.WAVE else job.step
        return text(language, f"missed.{job.kind.value}", number=number, date=due)

    async def _language(self, session: Session, user_id: str) -> Language:
        return self._language_of(await session.agents.get(user_id))

    def _language_of(self, agent: Agent | None) -> Language:
        return preferred(agent.language if agent else None, self._config.organisation.language)
