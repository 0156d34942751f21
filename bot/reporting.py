"""From the database to the report: the rows of a campaign, scored by `scoring`."""

from __future__ import annotations

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
)
from scoring import build_report as score
from storage import Campaign, RolloutPlan, Session

from .config import Config


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
    category: str | None = None,
    service: str | None = None,
) -> Report:
    answers = await session.reports.answers(
        campaign.id, [c.key for c in spec.criteria], record=Answer
    )
    participants = [
        Participant(p.agent_id, p.service, p.invited, p.started, p.finished)
        for p in await session.reports.participants(campaign.id)
    ]
    return score(spec, answers, participants, category=category, service=service)


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
