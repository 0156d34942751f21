"""The rollout commands and the feedback survey, inside the transaction of one message.

`!deploiement`, `!etape`, `!formation` and `!avis` read and write the plan through the
session of the message that asked; the dates are decided by `conversations.rollout`,
the wording by the catalogues. Nothing here sends: replies go to the caller's outbox.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from bot.clock import Clock
from bot.config import Config
from conversations.calendar import WorkingCalendar
from conversations.commands import Role
from conversations.feedback import (
    FeedbackStateError,
    FeedbackTransition,
    dump_feedback,
    feedback_question,
    feedback_start,
    feedback_step,
    load_feedback,
)
from conversations.formatting import Reply
from conversations.parsing import InvalidAnswer, parse_day, parse_time, split_day_at_end
from conversations.rollout import (
    STEPS,
    Schedule,
    feedback_waves,
    next_working_day,
    plan_steps,
    wave_days,
    working_days_before,
)
from conversations.survey import Survey
from conversations.texts import Language, text, typed
from storage import Agent, FeedbackWave, RolloutPlan, RolloutStep, Session

MAX_SUITE = 80
MAX_PLACE = 120
MAX_FEEDBACK = 2000
DONE_WORDS = frozenset({"fait", "faite", "done", "terminé", "terminée", "termine", "terminee"})
DATE_WORDS = frozenset({"date", "decaler", "décaler", "move"})


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def refusal(language: Language, error: InvalidAnswer) -> Reply:
    """A day or a time that does not exist (31/02, 25h), said back as typed."""
    return Reply(text(language, error.key, **error.values))


def schedule_of(config: Config) -> Schedule:
    rollout = config.rollout
    return Schedule(
        reminder_working_days=rollout.reminder_working_days,
        wave_offsets=tuple(rollout.wave_offsets),
        wave_every=rollout.wave_every_days,
    )


class Deployment:
    def __init__(
        self, config: Config, survey: Survey, clock: Clock, calendar: WorkingCalendar
    ) -> None:
        self._config = config
        self._survey = survey
        self._clock = clock
        self._calendar = calendar
        self.schedule = schedule_of(config)

    def today(self) -> date:
        return self._clock.now().astimezone(self._calendar.timezone).date()

    def owners_of(self, number: int) -> tuple[str, ...]:
        """A step's owners: as configured, else the managers, else the admins."""
        organisation = self._config.organisation
        configured = self._config.rollout.owners.get(str(number))  # type: ignore[call-overload]
        return tuple(configured or organisation.managers or organisation.admins)

    # ------------------------------------------------------------------ !deploiement

    async def rollout(
        self, session: Session, sender: str, role: Role, language: Language, args: str
    ) -> list[Reply]:
        action, _, rest = args.strip().partition(" ")
        action = action.lower()
        if action in ("nouveau", "new", "annuler", "cancel") and role < Role.ADMIN:
            return [Reply(text(language, "rollout.admins_only"))]
        if action in ("nouveau", "new"):
            return await self._create(session, sender, language, rest.strip())
        if action in ("annuler", "cancel"):
            return await self._cancel(session, language)
        if action in ("statut", "status", ""):
            return await self._status(session, language)
        return [Reply(text(language, "rollout.usage"))]

    async def _create(
        self, session: Session, sender: str, language: Language, args: str
    ) -> list[Reply]:
        current = await session.rollout.active()
        if current is not None:
            return [Reply(text(language, "rollout.already", suite=typed(current.suite),
                               start=day_text(current.start_on)))]  # fmt: skip
        if not args:
            return [Reply(text(language, "rollout.usage"))]
        try:
            found = split_day_at_end(args, self.today())
        except InvalidAnswer as error:
            return [refusal(language, error)]
        if found is None:
            return [Reply(text(language, "rollout.bad_date"))]
        named, start = found
        suite = " ".join(named.split())[:MAX_SUITE]
        if not suite:
            return [Reply(text(language, "rollout.no_suite"))]
        if start < self.today():
            return [Reply(text(language, "rollout.past_date", start=day_text(start)))]
        planned = plan_steps(start, self._calendar, self._config.rollout.step_offsets)
        # A step whose default date is already past (a launch less than two weeks away)
        # is due today: its owners hear of it now rather than find it late.
        opening = self._calendar.next_working_time(self._clock.now())
        soonest = opening.astimezone(self._calendar.timezone).date()
        steps = [
            (p.kind.number, p.kind.key, max(p.due, soonest), self.owners_of(p.kind.number))
            for p in planned
        ]
        plan = await session.rollout.create(suite, start, sender, steps, self._clock.now())
        await session.reports.audit(sender, "deploiement", f"nouveau {start}", self._clock.now())
        todo = text(language, "rollout.step.todo")
        lines = [self._step_line(n, due, todo, owners, language) for n, _, due, owners in steps]
        return [
            Reply(
                text(
                    language,
                    "rollout.created",
                    suite=typed(plan.suite),
                    start=day_text(start),
                    steps="\n".join(lines),
                    days=self.schedule.reminder_working_days,
                    waves=self._planned_waves(plan, language),
                )
            )
        ]

    async def _cancel(self, session: Session, language: Language) -> list[Reply]:
        current = await session.rollout.active()
        if current is None:
            return [Reply(text(language, "rollout.none"))]
        await session.rollout.cancel(current.id, self._clock.now())
        return [Reply(text(language, "rollout.cancelled", suite=typed(current.suite)))]

    async def _status(self, session: Session, language: Language) -> list[Reply]:
        plan = await session.rollout.active()
        if plan is None:
            return [Reply(text(language, "rollout.none"))]
        today = self.today()
        lines = [
            self._step_line(s.number, s.due_on, self._state(s, today, language), s.owners, language)
            for s in await session.rollout.steps(plan.id)
        ]
        trainings = []
        for training in await session.rollout.trainings(plan.id):
            local = self._local(training.starts_at)
            trainings.append(
                text(
                    language,
                    "rollout.training_line",
                    date=day_text(local.date()),
                    time=local.strftime("%H:%M"),
                    place=self._place(training.place, language),
                )
            )
        sent = await session.rollout.invited_counts(plan.id)
        waves = [
            text(
                language, "rollout.wave_sent", date=day_text(w.due_on), count=sent.get(w.number, 0)
            )
            for w in await session.rollout.waves(plan.id)
        ]
        return [
            Reply(
                text(
                    language,
                    "rollout.status",
                    suite=typed(plan.suite),
                    start=day_text(plan.start_on),
                    steps="\n".join(lines),
                    trainings="; ".join(trainings) or text(language, "rollout.no_training"),
                    waves=", ".join(
                        [*waves, self._planned_waves(plan, language, after=len(waves))]
                    ),
                )
            )
        ]

    def _planned_waves(self, plan: RolloutPlan, language: Language, after: int = 0) -> str:
        """The next waves' dates, then "every N days"."""
        schedule = self.schedule
        horizon = plan.start_on + timedelta(days=366)
        days = feedback_waves(
            plan.start_on, horizon, self._calendar, schedule.wave_offsets, schedule.wave_every
        )
        shown = [day_text(d) for d in days[after : len(schedule.wave_offsets)]]
        quarterly = schedule.wave_every in (90, 91, 92)
        every = (
            text(language, "rollout.then_quarterly")
            if quarterly
            else text(language, "rollout.then_every", days=schedule.wave_every)
        )
        return ", ".join([*shown, every])

    def _step_line(
        self, number: int, due: date, state: str, owners: tuple[str, ...], language: Language
    ) -> str:
        return text(
            language,
            "rollout.step_line",
            number=number,
            name=text(language, f"step.{number}"),
            date=day_text(due),
            state=state,
            owners=self._names(owners, language),
        )

    def _state(self, step: RolloutStep, today: date, language: Language) -> str:
        if step.done_at is not None:
            done_on = self._local(step.done_at).date()
            return text(language, "rollout.step.done", date=day_text(done_on))
        if step.due_on < today:
            return text(language, "rollout.step.late")
        return text(language, "rollout.step.todo")

    def _names(self, owners: tuple[str, ...], language: Language) -> str:
        return ", ".join(owners) or text(language, "rollout.nobody")

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._calendar.timezone)

    def _place(self, place: str | None, language: Language) -> str:
        return text(language, "rollout.place", place=typed(place)) if place else ""

    # ------------------------------------------------------------------ !etape

    async def step(
        self, session: Session, sender: str, role: Role, language: Language, args: str
    ) -> list[Reply]:
        words = args.split()
        if len(words) < 2 or not re.fullmatch(r"[1-9]", words[0]) or int(words[0]) > len(STEPS):
            return [Reply(text(language, "step.usage"))]
        plan = await session.rollout.active()
        if plan is None:
            return [Reply(text(language, "rollout.none"))]
        number = int(words[0])
        step = next(s for s in await session.rollout.steps(plan.id) if s.number == number)
        if role < Role.ADMIN and sender not in step.owners:
            owners = self._names(step.owners, language)
            return [Reply(text(language, "step.not_owner", number=number, owners=owners))]
        name = text(language, f"step.{number}")
        action = words[1].lower()
        now = self._clock.now()
        if action in DONE_WORDS and len(words) == 2:
            if not await session.rollout.mark_done(plan.id, number, sender, now):
                return [Reply(text(language, "step.already_done", number=number, name=name))]
            await session.reports.audit(sender, "etape", f"{number} fait", now)
            return [Reply(text(language, "step.done", number=number, name=name))]
        if action in DATE_WORDS and len(words) >= 3:
            try:
                wanted = parse_day(" ".join(words[2:]), self.today())
            except InvalidAnswer as error:
                return [refusal(language, error)]
            if wanted is None:
                return [Reply(text(language, "step.bad_date"))]
            if wanted < self.today():
                return [Reply(text(language, "step.past_date"))]
            due = next_working_day(wanted, self._calendar)
            await session.rollout.move(plan.id, number, due, self.today())
            await session.reports.audit(sender, "etape", f"{number} date {due}", now)
            shown = day_text(due)
            if due != wanted:
                shown += text(language, "step.moved_to_working_day", typed=day_text(wanted))
            return [Reply(text(language, "step.moved", number=number, name=name, date=shown))]
        return [Reply(text(language, "step.usage"))]

    # ------------------------------------------------------------------ !formation

    async def training(
        self, session: Session, sender: str, role: Role, language: Language, args: str
    ) -> list[Reply]:
        plan = await session.rollout.active()
        if plan is None:
            return [Reply(text(language, "rollout.none"))]
        if role < Role.ADMIN and sender not in self.owners_of(3):
            return [Reply(text(language, "training.not_allowed"))]
        try:
            when = self._when(args)
        except InvalidAnswer as error:
            return [refusal(language, error)]
        if when is None:
            return [Reply(text(language, "training.usage"))]
        day, at, place = when
        starts_at = datetime.combine(day, at, self._calendar.timezone)
        now = self._clock.now()
        if starts_at <= now:
            return [Reply(text(language, "training.past"))]
        await session.rollout.add_training(plan.id, starts_at, place, sender, now)
        await session.reports.audit(sender, "formation", day.isoformat(), now)
        before = max(working_days_before(day, 1, self._calendar), self.today())
        reminder = next_working_day(before, self._calendar)
        return [
            Reply(
                text(
                    language,
                    "training.added",
                    date=day_text(day),
                    time=at.strftime("%H:%M"),
                    place=self._place(place, language),
                    reminder=day_text(reminder),
                )
            )
        ]

    def _when(self, args: str) -> tuple[date, time, str | None] | None:
        """ "16/03/2027 14h00 salle du conseil": the day (one to four words), the time, the
        place; None if there is no time after a day."""
        words = args.split()
        for index, word in enumerate(words):
            at = parse_time(word)
            if at is None:
                continue
            day = parse_day(" ".join(words[:index]), self.today()) if 0 < index <= 4 else None
            if day is None:
                return None
            place = " ".join(words[index + 1 :])[:MAX_PLACE] or None
            return day, at, place
        return None

    # ------------------------------------------------------------------ feedback

    async def feedback(
        self, session: Session, agent: Agent, language: Language, args: str
    ) -> list[Reply]:
        """`!avis <message>`: a problem or an idea about the new tools, at any time."""
        body = " ".join(args.split())
        if not body:
            return [Reply(text(language, "avis.usage"))]
        plan = await session.rollout.latest()
        await session.rollout.add_comment(
            plan.id if plan else None, None, agent.id, body[:MAX_FEEDBACK], self._clock.now()
        )
        return [Reply(text(language, "avis.thanks"))]

    async def feedback_turn(
        self, session: Session, agent: Agent, language: Language, body: str
    ) -> list[Reply] | None:
        """The agent's message as an answer to the feedback survey they are in, if any."""
        response = await session.rollout.current_response(agent.id)
        if response is None or response.finished:
            return None
        plan = await session.rollout.active()
        if plan is None:
            return None
        try:
            state = load_feedback(response.state, self._survey)
        except FeedbackStateError:
            return None
        transition = feedback_step(self._survey, plan.suite, state, body, language)
        if transition.state != state:
            await self._save(session, response.wave, agent, plan, transition)
        return list(transition.replies)

    async def feedback_waiting(
        self, session: Session, agent: Agent, language: Language
    ) -> list[Reply]:
        """The evaluation just gave way (paused or finished): a survey in progress, if
        any, is asked now, with its current question."""
        response = await session.rollout.current_response(agent.id)
        plan = await session.rollout.active()
        if response is None or response.finished or plan is None:
            return []
        try:
            state = load_feedback(response.state, self._survey)
        except FeedbackStateError:
            return []
        lead = text(language, "feedback.now", suite=typed(plan.suite))
        current = feedback_question(self._survey, plan.suite, state, language)
        return [Reply(f"{lead}\n\n{current.text}")]

    async def feedback_postponed(
        self, session: Session, agent: Agent, language: Language
    ) -> list[Reply]:
        """`!evaluer` while a survey is in progress: it waits, and the agent is told."""
        response = await session.rollout.current_response(agent.id)
        plan = await session.rollout.active()
        if response is None or response.finished or plan is None:
            return []
        return [Reply(text(language, "feedback.postponed", suite=typed(plan.suite)))]

    def wave_postponed(self, plan: RolloutPlan, language: Language) -> list[Reply]:
        """A wave reaching an agent in the middle of the evaluation: announced, and asked
        once the evaluation is finished or paused, so one dialog at a time owns replies."""
        return [Reply(text(language, "feedback.after_evaluation", suite=typed(plan.suite)))]

    async def _save(
        self,
        session: Session,
        wave: FeedbackWave,
        agent: Agent,
        plan: RolloutPlan,
        transition: FeedbackTransition,
    ) -> None:
        now = self._clock.now()
        state = transition.state
        await session.rollout.save_response(
            wave.id, agent.id, dump_feedback(state), state.finished, now
        )
        if transition.rated:
            criteria = [c.key for c in self._survey.criteria]
            await session.rollout.save_ratings(
                wave.id, agent.id, list(zip(criteria, state.ratings, strict=True))
            )
        if transition.idea_given and state.idea:
            await session.rollout.add_comment(plan.id, wave.id, agent.id, state.idea, now)

    def wave_invitation(
        self, plan: RolloutPlan, wave: FeedbackWave, language: Language
    ) -> tuple[str, list[Reply]]:
        """The stored first state and the messages that open a wave for one agent."""
        days = wave_days(plan.start_on, wave.due_on)
        transition = feedback_start(self._survey, plan.suite, days, language)
        return dump_feedback(transition.state), list(transition.replies)
