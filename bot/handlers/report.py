"""`!rapport`, and what it reads: the rows of a campaign from the database, scored by
`scoring` (the loaders are also used by `harmonie report`, the retention job and the bench).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Collection
from datetime import UTC, datetime

from bot.clock import Clock
from bot.config import Config
from bot.handlers.command import command
from bot.handlers.comparison import organisation_comparison
from bot.handlers.context import Context, Outgoing, quoted
from conversations.commands import Role
from conversations.formatting import Attachment, Reply
from conversations.rules import decision_line
from conversations.survey import Survey, normalise
from conversations.texts import Language, text, typed
from conversations.words import BENCHMARK_REPORT, CHOICE_REPORT, FEEDBACK_REPORT, REPORT_FORMATS
from scoring import (
    Answer,
    CategorySpec,
    CriterionSpec,
    FeedbackComment,
    FeedbackRating,
    FeedbackTrend,
    Participant,
    Report,
    ScoringSpec,
    WaveSpec,
    feedback_trend,
    view,
)
from scoring.benchmark import dump_scores, organisation_scores
from scoring.feedback import trend_chat, trend_csv, trend_ods
from scoring.release import dump, load, published
from scoring.render import chart_png, chat_message, csv_bytes, ods_bytes
from storage import Campaign, RolloutPlan, Session

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
# A report another handler writes (`!rapport choix`): the context and what follows the word.
PartReport = Callable[[Context, str], Awaitable[list[Outgoing]]]
_SERVICE = re.compile(r"\bservice=(.+?)(?=\s+\w+=|\s+(?:csv|ods|graphique|chart|png)\b|$)", re.I)
_CAMPAIGN = re.compile(r"\bcampagne=(\S*)|\bcampaign=(\S*)", re.I)


def scoring_spec(config: Config, survey: Survey, language: Language = "fr") -> ScoringSpec:
    lang = language
    return ScoringSpec(
        categories=tuple(CategorySpec(c.key, c.name(lang)) for c in survey.categories),
        criteria=tuple(CriterionSpec(c.key, c.name(lang), c.weight) for c in survey.criteria),
        anonymity_threshold=config.organisation.anonymity_threshold,
        problem_threshold=config.organisation.problem_threshold,
    )


async def campaign_report(
    session: Session,
    spec: ScoringSpec,
    campaign: Campaign,
    *,
    now: datetime | None = None,
    category: str | None = None,
    service: str | None = None,
    services: Collection[str] | None = None,
    live: bool = False,
) -> Report:
    """The report a manager may see now (docs/privacy.md): an open campaign shows its
    participation only, unless `live`; a closed one shows the release frozen the first
    time it was shown, so that no later change (an erasure) can be read by difference.
    `services`: those a manager may name in `service=` (the configured ones). Only the
    report asked for is scored, but freezing a release scores every service's report
    (`scoring.release`)."""
    answers = await session.reports.answers(
        campaign.id, [c.key for c in spec.criteria], record=Answer
    )
    kept = None if campaign.is_open else await session.reports.release(campaign.id)
    frozen = None
    if kept is not None and kept[0] == spec.anonymity_threshold:
        frozen = load(spec, kept[1], answers)  # today's comments, the figures as first shown
    release = published(
        spec,
        answers,
        await _participants(session, campaign),
        is_open=campaign.is_open,
        live=live,
        frozen=frozen,
        services=services,
    )
    if not campaign.is_open and frozen is None:  # first shown since it closed: freeze it
        moment = now or datetime.now(UTC)
        await session.reports.keep_release(
            campaign.id, spec.anonymity_threshold, dump(release), moment
        )
        # The structure's benchmark reads these scores, made of the same answers at the
        # same moment: made later, an erasure since would move them, and the release
        # beside them would give the erased agent's ratings by difference. The name in
        # them is the key: the benchmark shows the name the organisation registered.
        scores = organisation_scores(session.organisation, session.organisation, spec, answers)
        await session.benchmark.keep(campaign.id, dump_scores(scores), moment)
    return view(release, category=category, service=service)


async def campaign_participation(session: Session, spec: ScoringSpec, campaign: Campaign) -> Report:
    """Participation only (`!campagne statut`): the same lines, withheld alike, as the
    report's participation table."""
    return view(published(spec, (), await _participants(session, campaign), is_open=True))


async def _participants(session: Session, campaign: Campaign) -> list[Participant]:
    return [
        Participant(p.agent_id, p.service, p.invited, p.started, p.finished)
        for p in await session.reports.participants(campaign.id)
    ]


async def rollout_feedback(session: Session, spec: ScoringSpec, plan: RolloutPlan) -> FeedbackTrend:
    """The feedback trend of a rollout plan: each criterion per wave, and the comments."""
    invited = await session.rollout.invited_counts(plan.id)
    waves = [
        WaveSpec(w.number, w.due_on, invited.get(w.number, 0))
        for w in await session.rollout.waves(plan.id)
    ]
    ratings = [
        FeedbackRating(r.wave, r.agent_id, r.criterion, r.value)
        for r in await session.rollout.ratings(plan.id)
    ]
    comments = [
        FeedbackComment(c.wave, c.agent_id, c.body) for c in await session.rollout.comments(plan.id)
    ]
    return feedback_trend(spec, plan.suite, waves, ratings, comments)


class Reports:
    """`!rapport` for managers: a campaign's report, or a rollout's feedback, as chat,
    CSV, ODS or a chart; the commune among its structure's (`!rapport comparaison`)."""

    def __init__(
        self, config: Config, survey: Survey, clock: Clock, choice_report: PartReport
    ) -> None:
        """`choice_report`: `!rapport choix`, written by the phase-2 handler."""
        self._config = config
        self._survey = survey
        self._clock = clock
        self._choice_report = choice_report

    async def whole(self, session: Session, campaign: Campaign, now: datetime) -> Report:
        """A campaign's whole report in the organisation's language (what retention keeps)."""
        language = self._config.organisation.language
        spec = scoring_spec(self._config, self._survey, language)
        return await campaign_report(
            session, spec, campaign, now=now, services=self._survey.services
        )

    @command(
        "rapport",
        "report",
        Role.MANAGER,
        usage="[catégorie] [service=…] [campagne=n°] [csv | ods | graphique] | retours [csv | ods]",
        usage_en="[category] [service=…] [campaign=no.] [csv | ods | chart] | feedback [csv | ods]",
        in_management_room=True,
    )
    async def report(self, context: Context, args: str) -> list[Outgoing]:
        session, language = context.session, context.language
        await session.reports.audit(
            context.incoming.sender, "rapport", args.strip()[:200], self._clock.now()
        )
        first, _, after = args.strip().partition(" ")
        if first.lower() in FEEDBACK_REPORT:
            return await self._feedback_report(context, after.strip().lower())
        if normalise(first) in CHOICE_REPORT:
            return await self._choice_report(context, after.strip().lower())
        if normalise(first) in BENCHMARK_REPORT:
            spec = scoring_spec(self._config, self._survey, language)
            return await organisation_comparison(
                session, self._config, self._survey, spec, language, after
            )
        wanted_format = None
        rest = args
        service = None
        service_match = _SERVICE.search(rest)
        if service_match:
            typed_service = service_match.group(1).strip()
            service = self._survey.find_service(typed_service)
            if service is None:
                choices = ", ".join(self._survey.services) or "—"
                return [Reply(text(language, "report.unknown_service",
                                   value=quoted(typed_service), choices=choices))]  # fmt: skip
            rest = rest[: service_match.start()] + rest[service_match.end() :]
        campaign_match = _CAMPAIGN.search(rest)
        campaign: Campaign | None
        if campaign_match:
            number = campaign_match.group(1) or campaign_match.group(2) or ""
            campaign = await session.campaigns.get(int(number)) if number.isdigit() else None
            if campaign is None:
                return [await self._unknown_campaign(session, language, number)]
            rest = rest[: campaign_match.start()] + rest[campaign_match.end() :]
        else:
            campaign = await session.campaigns.current() or await session.campaigns.latest()
        words = []
        for word in rest.split():
            if word.lower() in REPORT_FORMATS:
                wanted_format = REPORT_FORMATS[word.lower()]
            else:
                words.append(word)
        category_key = None
        if words:
            category = self._survey.find_category(" ".join(words))
            if category is None:
                choices = ", ".join(c.name(language) for c in self._survey.categories)
                return [Reply(text(language, "report.unknown_category",
                                   value=quoted(" ".join(words)), choices=choices))]  # fmt: skip
            category_key = category.key
        if campaign is None:
            if await session.rollout.latest() is not None and category_key is None:
                return await self._feedback_report(context, "")
            return [Reply(text(language, "report.no_campaign"))]
        snapshot = await session.privacy.snapshot(campaign.id)
        if snapshot is not None:  # past its retention period: only the report kept then
            note = Reply(
                text(
                    language,
                    "report.purged",
                    date=snapshot.made_at.astimezone(self._config.organisation.tz).strftime(
                        "%d/%m/%Y"
                    ),
                    days=(snapshot.made_at - (campaign.closed_at or snapshot.made_at)).days,
                )
            )
            if category_key is not None or service is not None or wanted_format is not None:
                return [note]
            return [Reply(snapshot.plain, html_body=snapshot.html), note,
                    *await self._retained(session, language)]  # fmt: skip
        spec = scoring_spec(self._config, self._survey, language)
        report = await campaign_report(
            session,
            spec,
            campaign,
            now=self._clock.now(),
            category=category_key,
            service=service,
            services=self._survey.services,
            live=self._config.organisation.live_results,
        )
        scope = ""
        if category_key is not None:
            name = self._survey.category(category_key).name(language)
            scope += text(language, "report.scope.category", category=name)
        if service is not None:
            scope += text(language, "report.scope.service", service=service)
        title = text(
            language, "report.title", id=campaign.id, title=typed(campaign.title), scope=scope
        )
        stem = f"rapport-campagne-{campaign.id}"
        if wanted_format == "csv":
            return [Attachment(f"{stem}.csv", "text/csv", csv_bytes(report, language))]
        if wanted_format == "ods":
            return [Attachment(f"{stem}.ods", ODS_MIMETYPE, ods_bytes(report, language))]
        if wanted_format == "png":
            return [Attachment(f"{stem}.png", "image/png", chart_png(report, title, language))]
        plain, rich = chat_message(report, title, language)
        replies: list[Outgoing] = [Reply(plain, html_body=rich)]
        replies += await self._retained(session, language)
        if category_key is None and service is None:
            # Once a suite is being rolled out, the report follows it: the feedback trend.
            plan = await session.rollout.latest()
            if plan is not None:
                replies += await self._feedback_report(context, "")
        return replies

    async def _retained(self, session: Session, language: Language) -> list[Reply]:
        """The suite retained in phase 2 (`!choix retenir`), in one line after the report."""
        decision = await session.trials.decision()
        if decision is None:
            return []
        decided_on = decision.decided_at.astimezone(self._config.organisation.tz).date()
        return [Reply(decision_line(language, decision.suite_name, decided_on, decision.reason))]

    async def _unknown_campaign(self, session: Session, language: Language, number: str) -> Reply:
        """Which campaigns there are, rather than a dead end."""
        known = [
            text(
                language,
                "report.campaign_item",
                id=c.id,
                title=typed(c.title),
                state=text(
                    language, "campaign.status.open" if c.is_open else "campaign.status.closed"
                ),
            )
            for c in await session.campaigns.all()
        ]
        message = text(language, "report.unknown_campaign", value=quoted(number))
        if known:
            message += " " + text(language, "report.campaigns", campaigns=", ".join(known))
        return Reply(message)

    async def _feedback_report(self, context: Context, wanted: str) -> list[Outgoing]:
        """`!rapport retours [csv|ods]`: each criterion per wave, and the comments."""
        session, language = context.session, context.language
        plan = await session.rollout.latest()
        if plan is None:
            return [Reply(text(language, "report.rollout.none"))]
        spec = scoring_spec(self._config, self._survey, language)
        trend = await rollout_feedback(session, spec, plan)
        stem = f"retours-deploiement-{plan.id}"
        if wanted == "csv":
            return [Attachment(f"{stem}.csv", "text/csv", trend_csv(trend, language))]
        if wanted == "ods":
            return [Attachment(f"{stem}.ods", ODS_MIMETYPE, trend_ods(trend, language))]
        if wanted:
            return [Reply(text(language, "report.rollout.usage"))]
        title = text(
            language,
            "report.rollout.title",
            suite=typed(plan.suite),
            start=plan.start_on.strftime("%d/%m/%Y"),
        )
        plain, rich = trend_chat(trend, title, language)
        return [Reply(plain, html_body=rich)]
