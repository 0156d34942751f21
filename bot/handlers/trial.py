"""Pilot trials, for admins: `!essai ouvrir|statut|fermer`; what a trial asks its pilots
(its plan: the evaluation's needs, the catalogue's modules) and the invitation a pilot
receives. The questionnaire itself is `conversations.trial`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.clock import Clock
from bot.config import Config
from bot.handlers.choice_report import needs_of
from bot.handlers.command import command
from bot.handlers.context import Context, quoted, refusal
from bot.handlers.profile import UNTIL
from conversations.calendar import WorkingCalendar
from conversations.commands import Role
from conversations.formatting import Reply
from conversations.parsing import InvalidAnswer, parse_day
from conversations.rules import day_text, trial_ask_day
from conversations.suite_names import UnknownSuite, named_suites
from conversations.survey import Survey, normalise
from conversations.texts import Fewer, Language, preferred, text, typed
from conversations.trial import trial_intro
from conversations.trial_plan import TrialPlan, trial_plan
from conversations.trial_state import dump_plan, load_plan
from conversations.words import TRIAL_CLOSE, TRIAL_OPEN, TRIAL_STATUS
from scoring.suites import Suite
from storage import Agent, Campaign, Session, Trial, TrialStatus


@dataclass(frozen=True)
class Needed:
    """The categories a trial asks about, and the evaluation they were read from."""

    campaign: Campaign
    categories: tuple[str, ...]


async def trial_needs(
    session: Session, config: Config, survey: Survey, now: datetime
) -> Needed | None:
    """The needs a trial opening now asks about: those of the latest evaluation closed by
    now (its report is frozen when first shown); None when there is none, or it showed no
    need."""
    closed = [c for c in await session.campaigns.all() if c.closed_at and c.closed_at <= now]
    if not closed:
        return None
    campaign = max(closed, key=lambda c: (c.closed_at or now, c.id))
    found = await needs_of(session, config, survey, campaign, now)
    categories = tuple(need.category for need in found)
    return Needed(campaign, categories) if categories else None


@dataclass(frozen=True)
class Opening:
    """A trial about to open, as its plan reads it."""

    suites: tuple[str, ...]
    closes_on: date | None


class Trials:
    def __init__(
        self,
        config: Config,
        survey: Survey,
        clock: Clock,
        calendar: WorkingCalendar,
        catalogue: tuple[Suite, ...],
        pilots: Callable[[], list[str]],
        opened: Callable[[], None],
    ) -> None:
        self._config = config
        self._survey = survey
        self._clock = clock
        self._calendar = calendar
        self._catalogue = catalogue
        self._pilots = pilots
        self._opened = opened

    def today(self) -> date:
        return self._clock.now().astimezone(self._config.organisation.tz).date()

    @command(
        "essai",
        "trial",
        Role.ADMIN,
        usage="ouvrir <suite>, <suite>[, …] [jusqu'au JJ/MM/AAAA] | statut | fermer",
        usage_en="open <suite>, <suite>[, …] [until YYYY-MM-DD] | status | close",
    )
    async def trial(self, context: Context, args: str) -> list[Reply]:
        action, _, rest = args.strip().partition(" ")
        word = normalise(action)
        if word in TRIAL_OPEN:
            return await self._open(context, rest.strip())
        if word in TRIAL_STATUS:
            return await self._status(context)
        if word in TRIAL_CLOSE:
            return await self._close(context)
        return [Reply(text(context.language, "trial.admin.usage"))]

    # ------------------------------------------------------------------ opening

    async def _open(self, context: Context, args: str) -> list[Reply]:
        session, language = context.session, context.language
        if not self._catalogue:  # none configured (a catalogue holds a suite at least)
            return [Reply(text(language, "trial.admin.no_catalogue"))]
        current = await session.trials.current()
        if current is not None:
            return [Reply(text(language, "trial.admin.already_open", id=current.id,
                               suites=self._names(current)))]  # fmt: skip
        people = self._pilots()
        if not people:
            room = self._config.choice.pilots_room
            key = "trial.admin.empty_room" if room else "trial.admin.no_pilots"
            return [Reply(text(language, key))]
        named, closes_on = args, None
        until = UNTIL.match(" " + args)  # the date may come with nothing before it
        if until:
            try:
                closes_on = parse_day(until.group("day"), self.today())
            except InvalidAnswer as error:
                return [refusal(language, error)]
            if closes_on is None:
                return [Reply(text(language, "trial.admin.bad_date"))]
            if closes_on < self.today():
                return [Reply(text(language, "trial.admin.past_date", date=day_text(closes_on)))]
            named = until.group("before")
        suites = named_suites(self._catalogue, named)
        if isinstance(suites, UnknownSuite):
            return [self._unknown(language, suites)]
        if not suites:
            return [Reply(text(language, "trial.admin.usage"))]
        now = self._clock.now()
        # The plan is fixed now and kept with the trial: a later evaluation or an edit of
        # the catalogue must not change the questions half-way.
        needed = await trial_needs(session, self._config, self._survey, now)
        keys = tuple(s.key for s in suites)
        plan = trial_plan(
            Opening(keys, closes_on),
            self._catalogue,
            needed.categories if needed else None,
            [c.key for c in self._survey.categories],
        )
        trial = await session.trials.open(
            keys, context.incoming.sender, closes_on, now, plan=dump_plan(plan)
        )
        agents = await session.agents.ensure_many(people, now)
        for agent in agents.values():
            await session.trials.ensure_pilot(trial.id, agent.id)
        self._opened()
        return [Reply(self._opened_text(language, trial, plan, needed, len(agents)))]

    def _opened_text(
        self,
        language: Language,
        trial: Trial,
        plan: TrialPlan,
        needed: Needed | None,
        pilots: int,
    ) -> str:
        lines = [
            text(
                language,
                "trial.admin.opened",
                id=trial.id,
                suites=self._names(trial),
                count=pilots,
            )
        ]
        if trial.closes_on is None:
            lines.append(text(language, "trial.admin.opened.no_end"))
        else:
            ask = self.ask_day(trial.closes_on)
            lines.append(text(language, "trial.admin.opened.end",
                              date=day_text(trial.closes_on), ask=day_text(ask)))  # fmt: skip
        if needed is None:
            lines.append(text(language, "trial.admin.opened.every_category"))
        else:
            names = ", ".join(self._survey.category(c).name(language) for c in needed.categories)
            lines.append(text(language, "trial.admin.opened.needs", campaign=needed.campaign.id,
                              title=typed(needed.campaign.title), categories=names))  # fmt: skip
        for suite in plan.suites:
            if not suite.modules:
                lines.append(text(language, "trial.admin.opened.nothing_to_rate",
                                  suite=typed(suite.name)))  # fmt: skip
        lines.append(text(language, "trial.admin.opened.follow"))
        return "\n".join(lines)

    def _unknown(self, language: Language, unknown: UnknownSuite) -> Reply:
        """The closest suite, and every key, rather than a dead end."""
        catalogue = self._catalogue
        keys = ", ".join(f"{s.key} ({typed(s.name)})" for s in catalogue)
        message = text(language, "trial.admin.unknown_suite", value=quoted(unknown.typed))
        if unknown.suggestion:
            message += " " + text(language, "trial.admin.suggestion", suite=unknown.suggestion)
        return Reply(message + "\n" + text(language, "trial.admin.catalogue", keys=keys))

    def ask_day(self, closes_on: date) -> date:
        """When a trial ending on `closes_on` asks its questions: its ask day, or today if
        that has passed (the questions' job asks at its next check in working hours)."""
        ask = trial_ask_day(closes_on, self._config.choice.ask_working_days, self._calendar)
        return max(ask, self.today())

    def _names(self, trial: Trial) -> str:
        """The suites on trial as the catalogue names them (a key if it no longer does)."""
        names = {s.key: s.name for s in self._catalogue}
        return ", ".join(typed(names.get(key, key)) for key in trial.suites)

    # ------------------------------------------------------------------ the plan

    # ------------------------------------------------------------------ following, closing

    async def _status(self, context: Context) -> list[Reply]:
        session, language = context.session, context.language
        trial = await session.trials.latest()
        if trial is None:
            return [Reply(text(language, "trial.admin.none"))]
        status = await session.trials.status(trial.id)
        if trial.closes_on is None:
            end = text(language, "trial.admin.status.no_end")
        else:
            end = text(language, "trial.admin.status.end", date=day_text(trial.closes_on))
        state = "trial.admin.status.open" if trial.is_open else "trial.admin.status.closed"
        return [
            Reply(
                text(
                    language,
                    "trial.admin.status",
                    id=trial.id,
                    state=text(language, state),
                    suites=self._names(trial),
                    pilots=status.pilots,
                    invited=status.invited,
                    started=self._shown(status, status.started),
                    finished=self._shown(status, status.finished),
                    end=end,
                )
            )
        ]

    async def _close(self, context: Context) -> list[Reply]:
        session, language = context.session, context.language
        trial = await session.trials.current()
        if trial is None:
            return [Reply(text(language, "trial.admin.nothing_open"))]
        await session.trials.close(trial.id, self._clock.now())
        status = await session.trials.status(trial.id)
        return [
            Reply(
                text(
                    language,
                    "trial.admin.closed",
                    id=trial.id,
                    suites=self._names(trial),
                    finished=self._shown(status, status.finished),
                    pilots=status.pilots,
                )
            )
        ]

    def _shown(self, status: TrialStatus, count: int) -> int | Fewer:
        """Who began or finished, withheld in a group under the anonymity threshold (as a
        campaign's are): « moins de 5 », never a number that points at someone."""
        threshold = self._config.organisation.anonymity_threshold
        return Fewer(threshold) if status.pilots < threshold else count

    # ------------------------------------------------------------------ the invitation

    async def invite(self, session: Session, trial: Trial, agent: Agent) -> list[Reply]:
        """What a pilot receives: what the trial is (`trial_intro`), then where and how to
        try each suite, and when the questions come."""
        language = preferred(agent.language, self._config.organisation.language)
        plan = load_plan(trial.plan)
        access = {s.key: s.trial_access for s in self._catalogue}
        lines = [text(language, "trial.admin.invitation.where")]
        for suite in plan.suites:
            if access.get(suite.key):
                lines.append(
                    text(
                        language,
                        "trial.admin.invitation.suite",
                        suite=typed(suite.name),
                        access=typed(access[suite.key]),
                    )
                )
            else:
                lines.append(text(language, "trial.admin.invitation.suite_no_access",
                                  suite=typed(suite.name)))  # fmt: skip
        if trial.closes_on is None:
            lines.append(text(language, "trial.admin.invitation.no_end"))
        else:
            ask = day_text(self.ask_day(trial.closes_on))
            lines.append(text(language, "trial.admin.invitation.end", ask=ask))
        return [trial_intro(plan, language), Reply("\n".join(lines))]
