"""What `!rapport choix` and `harmonie report --choice` read: the candidates, the needs of
the latest evaluation, the latest trial's answers, scored by `scoring.choice`.

While the trial is open its pilots' figures wait for its close (unless the organisation
chose live results): two reports a few answers apart would show those answers, as for a
campaign (docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.config import Config
from bot.handlers.report import campaign_report, scoring_spec
from conversations.survey import Survey
from conversations.texts import Language
from scoring.choice import ChoiceReport, ChoiceWeights, TrialComment, TrialRating, choice_report
from scoring.needs import Need, needs
from scoring.suites import Suite
from storage import Campaign, Decision, Session, Trial


@dataclass(frozen=True)
class ChoiceMaterial:
    report: ChoiceReport
    trial: Trial | None  # the latest trial, open or closed; None: no trial yet
    decision: Decision | None
    waiting: bool  # the trial is open: its figures come at its close
    needs_known: bool  # from an evaluation; else every category of the survey counts


async def campaign_needs(
    session: Session, config: Config, survey: Survey, now: datetime
) -> tuple[Campaign | None, tuple[Need, ...]]:
    """The current or latest campaign and its needs (`needs_of`)."""
    campaign = await session.campaigns.current() or await session.campaigns.latest()
    if campaign is None:
        return None, ()
    return campaign, await needs_of(session, config, survey, campaign, now)


async def needs_of(
    session: Session, config: Config, survey: Survey, campaign: Campaign, now: datetime
) -> tuple[Need, ...]:
    """A campaign's needs, from the report a manager may see now (`!rapport`'s rules);
    none while its results are not out (or too few answered)."""
    report = await campaign_report(
        session,
        scoring_spec(config, survey, config.organisation.language),
        campaign,
        now=now,
        services=survey.services,
        live=config.organisation.live_results,
    )
    return () if report.until_close else needs(report)


async def choice_material(
    session: Session,
    config: Config,
    survey: Survey,
    suites: Sequence[Suite],
    agents: int,
    now: datetime,
    found: tuple[Need, ...] | None = None,
) -> ChoiceMaterial:
    """The candidates of the latest trial (every suite before one) against the needs of
    the latest evaluation (every category before its results are out), scored."""
    if found is None:  # unless the caller has just read them
        _, found = await campaign_needs(session, config, survey, now)
    needed = tuple(need.category for need in found) or None
    trial = await session.trials.latest()
    waiting = trial is not None and trial.is_open and not config.organisation.live_results
    ratings: list[TrialRating] = []
    comments: list[TrialComment] = []
    invited = 0
    if trial is not None:
        invited = (await session.trials.status(trial.id)).invited
        if not waiting:
            ratings = [
                TrialRating(r.agent_id, r.suite, r.category, r.criterion, r.value)
                for r in await session.trials.ratings(trial.id)
            ]
            comments = [
                TrialComment(c.agent_id, c.suite, c.body)
                for c in await session.trials.comments(trial.id)
            ]
    candidates = [s for s in suites if trial is None or s.key in trial.suites] or list(suites)
    known = needed is not None
    if needed is None:  # no evaluation to read: every category of the survey (as !choix)
        needed = tuple(c.key for c in survey.categories)
    weights = config.choice.weights
    report = choice_report(
        candidates,
        needed,
        agents,
        ratings,
        comments,
        threshold=config.organisation.anonymity_threshold,
        weights=ChoiceWeights(
            security=weights.security,
            simplicity=weights.simplicity,
            sovereignty=weights.sovereignty,
            proximity=weights.proximity,
            efficiency=weights.efficiency,
            cost=weights.cost,
        ),
        invited_pilots=invited,
    )
    return ChoiceMaterial(report, trial, await session.trials.decision(), waiting, known)


def category_names(survey: Survey, language: Language) -> dict[str, str]:
    return {c.key: c.name(language) for c in survey.categories}
