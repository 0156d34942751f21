"""From the database to the report: the rows of a campaign, scored by `scoring`."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from bot.config import Config
from conversations.survey import Survey
from conversations.texts import Language
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
from scoring.release import dump, load, published
from storage import Campaign, RolloutPlan, Session


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
    `services`: those a manager may name in `service=` (the configured ones)."""
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
        await session.reports.keep_release(
            campaign.id, spec.anonymity_threshold, dump(release), now or datetime.now(UTC)
        )
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
