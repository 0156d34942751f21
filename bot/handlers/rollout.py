"""The rollout's commands, inside the transaction of one message.

`!déploiement`, `!étape`, `!formation` and `!avis` read and write the plan through the
session of the message that asked; the dates are decided by `conversations.rollout`,
the wording by the catalogues. Nothing here sends: replies go to the caller's outbox.
The feedback survey's dialog is in feedback.py, the rollout's timed work in bot/jobs/.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from bot.clock import Clock
from bot.config import Config
from bot.handlers.command import command, raw
from bot.handlers.context import Context, refusal
from conversations.calendar import WorkingCalendar
from conversations.commands import Role
from conversations.formatting import Reply
from conversations.parsing import InvalidAnswer, parse_day, parse_time, split_day_at_end
from conversations.rollout import (
    STEPS,
    Schedule,
    feedback_waves,
    next_working_day,
    plan_steps,
    working_days_before,
)
from conversations.rules import day_text, decision_line
from conversations.suite_names import names
from conversations.survey import normalise
from conversations.texts import Language, text, typed
from conversations.words import STEP_DONE, STEP_MOVE
from storage import RolloutPlan, RolloutStep, Session

MAX_SUITE = 80
MAX_PLACE = 120
MAX_FEEDBACK = 2000


class Rollout:
    def __init__(
        self, config: Config, clock: Clock, calendar: WorkingCalendar, schedule: Schedule
    ) -> None:
        self._config = config
        self._clock = clock
        self._calendar = calendar
        self.schedule = schedule

    def today(self) -> date:
        return self._clock.now().astimezone(self._calendar.timezone).date()

    def owners_of(self, number: int) -> tuple[str, ...]:
        """A step's owners: as configured, else the managers, else the admins."""
        organisation = self._config.organisation
        configured = self._config.rollout.owners.get(str(number))  # type: ignore[call-overload]
        return tuple(configured or organisation.managers or organisation.admins)

    # ------------------------------------------------------------------ !déploiement

    @command(
        "deploiement",
        "rollout",
        Role.MANAGER,
        french="déploiement",
        usage="statut | nouveau [suite] <JJ/MM/AAAA> | annuler",
        usage_en="status | new [suite] <YYYY-MM-DD> | cancel",
    )
    async def rollout(self, context: Context, args: str) -> list[Reply]:
        session, sender, role = context.session, context.incoming.sender, context.role
        language = context.language
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
        decision = await session.trials.decision()
        # Without a suite named, the one retained (`!choix retenir`); one named that is
        # not it is rolled out as asked, and the reply says which was retained.
        note = ""
        if decision is not None:
            retained_on = day_text(self._local(decision.decided_at).date())
            if not suite or names(suite, decision.suite, decision.suite_name):
                suite = decision.suite_name
                note = text(language, "rollout.retained_used", date=retained_on)
            else:
                note = text(language, "rollout.retained_other", date=retained_on,
                            retained=typed(decision.suite_name), suite=typed(suite))  # fmt: skip
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
        created = text(
            language,
            "rollout.created",
            suite=typed(plan.suite),
            start=day_text(start),
            steps="\n".join(lines),
            days=self.schedule.reminder_working_days,
            waves=self._planned_waves(plan, language),
        )
        return [Reply(f"{created}\n{note}" if note else created)]

    async def _cancel(self, session: Session, language: Language) -> list[Reply]:
        current = await session.rollout.active()
        if current is None:
            return [Reply(text(language, "rollout.none"))]
        await session.rollout.cancel(current.id, self._clock.now())
        return [Reply(text(language, "rollout.cancelled", suite=typed(current.suite)))]

    async def _status(self, session: Session, language: Language) -> list[Reply]:
        plan = await session.rollout.active()
        retained = await self._retained(session, language)
        if plan is None:
            none = text(language, "rollout.none")
            return [Reply(f"{none}\n{retained}" if retained else none)]
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
        status = text(
            language,
            "rollout.status",
            suite=typed(plan.suite),
            start=day_text(plan.start_on),
            steps="\n".join(lines),
            trainings="; ".join(trainings) or text(language, "rollout.no_training"),
            waves=", ".join([*waves, self._planned_waves(plan, language, after=len(waves))]),
        )
        return [Reply(f"{status}\n\n{retained}" if retained else status)]

    async def _retained(self, session: Session, language: Language) -> str:
        """The decision in force in one line (`!choix retenir`), or nothing."""
        decision = await session.trials.decision()
        if decision is None:
            return ""
        decided_on = self._local(decision.decided_at).date()
        return decision_line(language, decision.suite_name, decided_on, decision.reason)

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

    # ------------------------------------------------------------------ !étape

    @command(
        "etape",
        "step",
        Role.MANAGER,
        french="étape",
        usage="<n> fait | <n> date JJ/MM/AAAA",
        usage_en="<n> done | <n> date YYYY-MM-DD",
    )
    async def step(self, context: Context, args: str) -> list[Reply]:
        session, sender, role = context.session, context.incoming.sender, context.role
        language = context.language
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
        action = normalise(words[1])  # « Terminé », « décaler »
        now = self._clock.now()
        if action in STEP_DONE and len(words) == 2:
            if not await session.rollout.mark_done(plan.id, number, sender, now):
                return [Reply(text(language, "step.already_done", number=number, name=name))]
            await session.reports.audit(sender, "etape", f"{number} fait", now)
            return [Reply(text(language, "step.done", number=number, name=name))]
        if action in STEP_MOVE and len(words) >= 3:
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

    @command(
        "formation",
        "training",
        Role.MANAGER,
        usage="JJ/MM/AAAA HH:MM [lieu]",
        usage_en="YYYY-MM-DD HH:MM [place]",
    )
    async def training(self, context: Context, args: str) -> list[Reply]:
        session, sender, role = context.session, context.incoming.sender, context.role
        language = context.language
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

    # ------------------------------------------------------------------ !avis

    # Not "!retour": "retour" alone goes back one question in the evaluation.
    @command(
        "avis",
        "feedback",
        Role.AGENT,
        usage="<votre message>",
        usage_en="<your message>",
        aliases=("retour",),
        parse=raw,
    )
    async def feedback(self, context: Context, args: str) -> list[Reply]:
        """`!avis <message>`: a problem or an idea about the new tools, at any time."""
        language = context.language
        body = " ".join(args.split())
        if not body:
            return [Reply(text(language, "avis.usage"))]
        agent = await context.ensure_agent(self._clock)
        session = context.session
        plan = await session.rollout.latest()
        await session.rollout.add_comment(
            plan.id if plan else None, None, agent.id, body[:MAX_FEEDBACK], self._clock.now()
        )
        return [Reply(text(language, "avis.thanks"))]
