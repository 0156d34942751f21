"""`!choix`, phase 2 « choisir »: the needs read from the evaluation, the candidate suites
set against them, and the suite the administrators retain — which `!déploiement nouveau`
then uses. Managers read, admins decide; in a DM or the management room, as `!rapport`.

The figures come from the report a manager may see now (`campaign_report`, the same
privacy rules); the tables are built by `scoring.desk`, the wording by the catalogues.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from bot.clock import Clock
from bot.config import Config
from bot.handlers.choice_report import ChoiceMaterial, campaign_needs, choice_material
from bot.handlers.command import command
from bot.handlers.context import Context, Outgoing, quoted
from bot.handlers.report import ODS_MIMETYPE, campaign_report, scoring_spec
from conversations.commands import Role
from conversations.formatting import Attachment, Reply
from conversations.rules import day_text, decision_line
from conversations.suite_names import closest_suite, leading_suite
from conversations.survey import Survey, normalise
from conversations.texts import Language, text, typed
from conversations.words import CHOICE_COMPARE, CHOICE_NEEDS, CHOICE_RETAIN, REPORT_FORMATS
from scoring import Report
from scoring.choice_line import recommendation_line
from scoring.choice_render import (
    choice_chart_png,
    choice_chat,
    choice_csv,
    choice_ods,
)
from scoring.desk import desk_notes, desk_table, needs_table
from scoring.needs import Need, needs
from scoring.render import tables_message
from scoring.suites import Suite, coverage, desk_comparison
from storage import Campaign, Decision, Session

MAX_REASON = 300  # characters of a decision's reason, whitespace collapsed


class Choice:
    """`!choix besoins | comparer | retenir`, and the decision in force."""

    def __init__(
        self,
        config: Config,
        survey: Survey,
        clock: Clock,
        suites: tuple[Suite, ...],
        population: Callable[[], list[str]],
    ) -> None:
        """`suites`: the catalogue, loaded once (empty: none is configured — a catalogue
        holds at least one suite); `population`: who a campaign would invite now, the
        organisation's agents that the yearly cost is reckoned for."""
        self._config = config
        self._survey = survey
        self._clock = clock
        self.suites = suites
        self._population = population

    @command(
        "choix",
        "choice",
        Role.MANAGER,
        usage="besoins | comparer | retenir <suite> [motif]",
        usage_en="needs | compare | retain <suite> [reason]",
        in_management_room=True,
    )
    async def choice(self, context: Context, args: str) -> list[Reply]:
        language = context.language
        if not self.suites:
            return [Reply(text(language, "choice.no_catalogue"))]
        action, _, rest = args.partition(" ")
        word = normalise(action)
        if not word:
            return await self._in_force(context)
        if word in CHOICE_NEEDS:
            return await self._needs(context)
        if word in CHOICE_COMPARE:
            return await self._compare(context)
        if word in CHOICE_RETAIN:
            return await self._retain(context, rest)
        return [Reply(text(language, "choice.usage"))]

    # ------------------------------------------------------------------ reading

    async def _in_force(self, context: Context) -> list[Reply]:
        """The decision in force, if any, and what the command does."""
        language = context.language
        decision = await context.session.trials.decision()
        if decision is None:
            said = text(language, "choice.decision.none")
        else:
            why = ""
            if decision.reason:
                why = text(language, "choice.decision.reason", reason=typed(decision.reason))
            said = text(
                language,
                "choice.decision",
                date=day_text(self._day(decision.decided_at)),
                who=decision.decided_by,
                suite=typed(decision.suite_name),
                reason=why,
            )
        return [Reply(f"{said}\n\n{text(language, 'choice.usage')}")]

    async def _needs(self, context: Context) -> list[Reply]:
        session, language = context.session, context.language
        await session.reports.audit(context.incoming.sender, "choix", "besoins", self._clock.now())
        campaign = await session.campaigns.current() or await session.campaigns.latest()
        if campaign is None:
            return [Reply(text(language, "choice.needs.no_campaign"))]
        report = await self._report(session, campaign, language)
        if report.until_close:
            return [self._until_close(campaign, language)]
        found = needs(report)
        if not found:
            threshold = self._config.organisation.anonymity_threshold
            return [Reply(text(language, "choice.needs.none", id=campaign.id,
                               title=typed(campaign.title), threshold=threshold))]  # fmt: skip
        remarks = [text(language, "choice.needs.bar")]
        if campaign.is_open:
            remarks.append(text(language, "choice.needs.live"))
        criteria = {c.key: c.name for c in report.spec.criteria}
        table = needs_table(found, self._categories(language), criteria, language)
        title = text(language, "choice.needs.title", id=campaign.id, title=typed(campaign.title))
        plain, rich = tables_message(title, remarks, [table], language)
        return [_with_sentences(plain, rich, [text(language, "choice.needs.next")])]

    async def _compare(self, context: Context) -> list[Reply]:
        session, language = context.session, context.language
        await session.reports.audit(context.incoming.sender, "choix", "comparer", self._clock.now())
        campaign, found = await self._known_needs(session, language)
        needed = [need.category for need in found] or [c.key for c in self._survey.categories]
        agents = await self._agents(session, campaign)
        rows = desk_comparison(self.suites, needed, agents or 0)
        if found and campaign is not None:
            title = text(
                language, "choice.compare.title", id=campaign.id, title=typed(campaign.title)
            )
            remarks = []
        else:
            title = text(language, "choice.compare.title_all")
            remarks = [text(language, "choice.compare.needs_unknown")]
        remarks += desk_notes(rows, agents, language)
        table = desk_table(rows, self._categories(language), language, agents=agents)
        plain, rich = tables_message(title, remarks, [table.in_chat()], language)
        after = text(language, "choice.compare.next", keys=self._keys())
        return [_with_sentences(plain, rich, [after])]

    # ------------------------------------------------------------------ deciding

    async def _retain(self, context: Context, args: str) -> list[Reply]:
        session, language, sender = context.session, context.language, context.incoming.sender
        if context.role < Role.ADMIN:
            admins = ", ".join(self._config.organisation.admins) or "—"
            return [Reply(text(language, "choice.retain.admins_only", admins=admins))]
        typed_args = args.strip()
        if not typed_args:
            return [Reply(text(language, "choice.retain.usage", example=self.suites[0].key,
                               keys=self._keys()))]  # fmt: skip
        found = leading_suite(self.suites, typed_args)
        if found is None:
            close = closest_suite(self.suites, typed_args)
            suggestion = (
                text(language, "choice.retain.suggestion", suggestion=close.key) if close else ""
            )
            return [Reply(text(language, "choice.retain.unknown", value=quoted(typed_args),
                               suggestion=suggestion, keys=self._keys()))]  # fmt: skip
        suite, after = found
        reason = " ".join(after.lstrip(":-—–,; ").split())[:MAX_REASON] or None
        _, known = await self._known_needs(session, language)
        previous = await session.trials.decision()
        trial = await session.trials.latest()
        now = self._clock.now()
        await session.trials.decide(
            suite.key,
            suite.name,
            reason,
            sender,
            now,
            trial_id=trial.id if trial else None,
            recommendation=await self._recommendation(session, language, known),
        )
        await session.reports.audit(sender, "choix", f"retenir {suite.key}", now)
        said = text(
            language,
            "choice.retain.done",
            suite=typed(suite.name),
            reason=text(language, "choice.retain.reason", reason=typed(reason)) if reason else "",
            earlier=self._earlier(previous, suite, language),
        )
        missing = self._missing(suite, known, language)
        return [Reply(f"{said}\n{missing}" if missing else said)]

    def _earlier(self, previous: Decision | None, suite: Suite, language: Language) -> str:
        """What the new decision does to the one in force: replaces it, or confirms it."""
        if previous is None:
            return ""
        day = day_text(self._day(previous.decided_at))
        if previous.suite == suite.key:
            return text(language, "choice.retain.again", date=day)
        return text(
            language, "choice.retain.replaces", previous=typed(previous.suite_name), date=day
        )

    def _missing(self, suite: Suite, known: tuple[Need, ...], language: Language) -> str:
        """The warning when the suite leaves some of the known needs uncovered."""
        covered = coverage(suite, [need.category for need in known])
        if covered.complete:
            return ""
        names = self._categories(language)
        return text(
            language,
            "choice.retain.missing",
            suite=typed(suite.name),
            covered=len(covered.covered),
            needed=covered.needed,
            categories=", ".join(names.get(key, key) for key in covered.missing),
        )

    # ------------------------------------------------------------------ the recommendation

    async def report(self, context: Context, wanted: str) -> list[Outgoing]:
        """`!rapport choix [csv | ods | graphique]`: the candidates scored with the pilots'
        answers, and the recommendation line (called by `!rapport`, whose rules apply)."""
        session, language = context.session, context.language
        if not self.suites:
            return [Reply(text(language, "choice.no_catalogue"))]
        fmt = REPORT_FORMATS.get(wanted) if wanted else None
        if wanted and fmt is None:
            return [Reply(text(language, "report.choice.usage"))]
        material, title, context_lines = await self._material(session, language)
        names = self._categories(language)
        stem = f"rapport-choix-{material.trial.id}" if material.trial else "rapport-choix"
        if fmt == "csv":
            return [Attachment(f"{stem}.csv", "text/csv",
                               choice_csv(material.report, names, language))]  # fmt: skip
        if fmt == "ods":
            return [Attachment(f"{stem}.ods", ODS_MIMETYPE,
                               choice_ods(material.report, names, language))]  # fmt: skip
        if fmt == "png":
            return [Attachment(f"{stem}.png", "image/png",
                               choice_chart_png(material.report, title, language))]  # fmt: skip
        plain, rich = choice_chat(material.report, title, names, language, context_lines)
        return [Reply(plain, html_body=rich)]

    async def _material(
        self, session: Session, language: Language, found: tuple[Need, ...] | None = None
    ) -> tuple[ChoiceMaterial, str, list[str]]:
        """The scored candidates, the report's title, and what the reader must know first:
        the trial's state, where the needs come from, the decision in force."""
        campaign = await session.campaigns.current() or await session.campaigns.latest()
        agents = await self._agents(session, campaign)
        material = await choice_material(
            session,
            self._config,
            self._survey,
            self.suites,
            agents or 1,
            self._clock.now(),
            found,
        )
        trial, lines = material.trial, []
        if trial is None:
            title = text(language, "report.choice.title_no_trial")
            lines.append(text(language, "report.choice.no_trial"))
        else:
            title = text(language, "report.choice.title", id=trial.id)
            if trial.purged_at is not None:
                lines.append(text(language, "report.choice.purged", id=trial.id,
                                  date=day_text(self._day(trial.purged_at))))  # fmt: skip
            elif material.waiting:
                lines.append(text(language, "report.choice.waiting", id=trial.id))
        if not material.needs_known:
            lines.append(text(language, "report.choice.needs_unknown"))
        if agents is None:
            lines.append(text(language, "report.choice.agents_unknown"))
        if material.decision is not None:
            decided = material.decision
            day = self._day(decided.decided_at)
            lines.append(decision_line(language, decided.suite_name, day, decided.reason))
        return material, title, lines

    async def _recommendation(
        self, session: Session, language: Language, found: tuple[Need, ...]
    ) -> str | None:
        """The recommendation line as it reads now, kept beside a decision (`found`: the
        needs the decision just read)."""
        if not self.suites:
            return None
        material, _, _ = await self._material(session, language, found)
        return recommendation_line(material.report, language, self._categories(language))

    # ------------------------------------------------------------------ what they read

    async def _report(self, session: Session, campaign: Campaign, language: Language) -> Report:
        """The campaign's report as a manager may see it now (`!rapport`'s rules)."""
        return await campaign_report(
            session,
            scoring_spec(self._config, self._survey, language),
            campaign,
            now=self._clock.now(),
            services=self._survey.services,
            live=self._config.organisation.live_results,
        )

    async def _known_needs(
        self, session: Session, language: Language
    ) -> tuple[Campaign | None, tuple[Need, ...]]:
        """The current or latest campaign and its needs; none while its results are not
        shown yet (or it has too few answers)."""
        return await campaign_needs(session, self._config, self._survey, self._clock.now())

    async def _agents(self, session: Session, campaign: Campaign | None) -> int | None:
        """The organisation's number of agents: who a campaign would invite now, else how
        many the campaign invited; None if neither is known."""
        people = self._population()
        if people:
            return len(people)
        if campaign is None:
            return None
        invited = (await session.participations.status(campaign.id)).invited.total()
        return invited or None

    def _until_close(self, campaign: Campaign, language: Language) -> Reply:
        today = self._day(self._clock.now())
        title = typed(campaign.title)
        if campaign.closes_on is not None and campaign.closes_on >= today:
            return Reply(text(language, "choice.needs.until_date", id=campaign.id, title=title,
                              date=day_text(campaign.closes_on)))  # fmt: skip
        return Reply(text(language, "choice.needs.until_closed", id=campaign.id, title=title))

    def _categories(self, language: Language) -> dict[str, str]:
        return {c.key: c.name(language) for c in self._survey.categories}

    def _keys(self) -> str:
        return ", ".join(f"**{suite.key}**" for suite in self.suites)

    def _day(self, moment: datetime) -> date:
        return moment.astimezone(self._config.organisation.tz).date()


def _with_sentences(plain: str, rich: str, sentences: list[str]) -> Reply:
    """A message of tables, then sentences from the catalogue (with their bold marks)."""
    replies = [Reply(sentence) for sentence in sentences]
    return Reply(
        "\n\n".join([plain, *(r.text for r in replies)]),
        html_body="\n".join([rich, *(f"<p>{r.html}</p>" for r in replies)]),
    )
