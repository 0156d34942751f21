"""What a pilot trial asks its pilots: the trial's criteria, and for each suite on trial
the modules it has for the needed categories — the plan `conversations.trial` asks from,
built the same way by the `!essai` command, the invitations, the questions' job and the
pilots' dialog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from scoring.suites import Suite

from .survey import Criterion


class OnTrial(Protocol):
    """A pilot trial as the plan reads it (storage's `Trial` is one)."""

    @property
    def suites(self) -> tuple[str, ...]: ...

    @property
    def closes_on(self) -> date | None: ...


def trial_plan(
    trial: OnTrial,
    catalogue: Sequence[Suite],
    needed: Sequence[str] | None,
    categories: Sequence[str],
) -> TrialPlan:
    """What the pilots are asked: for each suite on trial, in the trial's order, its module
    for each needed category it covers (`needed`: the evaluation's needs; None when there
    is no evaluation to read them from: every category the suite covers), in the order of
    the survey's `categories`. A suite gone from the catalogue keeps its place, with its
    key for a name and no module."""
    by_key = {suite.key: suite for suite in catalogue}
    wanted = [c for c in categories if needed is None or c in needed]
    suites = []
    for key in trial.suites:
        suite = by_key.get(key)
        if suite is None:
            suites.append(TrialSuite(key, key, ()))
            continue
        modules = tuple(
            TrialModule(category, module)
            for category in wanted
            if (module := suite.module_for(category))
        )
        suites.append(TrialSuite(suite.key, suite.name, modules))
    return TrialPlan(tuple(suites), trial.closes_on)


# What pilots rate each module they tried on: fixed by the method, not configured (a
# survey's `Criterion`, with the scale said the first time and in the help; no weight).
TRIAL_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "simplicite", "simplicité de prise en main", "ease of getting started",
        scale_fr="10 = vous vous y retrouvez tout de suite, 0 = impossible sans aide",
        scale_en="10 = you find your way at once, 0 = impossible without help",
    ),
    Criterion(
        "efficacite", "efficacité", "effectiveness",
        scale_fr="10 = il vous fait gagner du temps, 0 = il vous en fait perdre",
        scale_en="10 = it saves you time, 0 = it wastes your time",
    ),
    Criterion(
        "securite", "sécurité perçue", "perceived security",
        scale_fr="10 = vous lui confiez vos données sans crainte, 0 = pas du tout",
        scale_en="10 = you would trust it with your data, 0 = not at all",
    ),
)  # fmt: skip
_COUNT = len(TRIAL_CRITERIA)


class TrialPlanError(ValueError):
    """A plan that cannot be asked: no suite, a suite twice, a category twice in a suite."""


@dataclass(frozen=True)
class TrialModule:
    category: str  # the survey's category key
    module: str  # the suite's module that covers it, as the catalogue names it


@dataclass(frozen=True)
class TrialSuite:
    key: str
    name: str
    modules: tuple[TrialModule, ...]  # the needed categories it covers, in survey order

    def __post_init__(self) -> None:
        categories = [m.category for m in self.modules]
        if len(set(categories)) != len(categories):
            raise TrialPlanError(f"suite {self.key}: a category appears twice")


@dataclass(frozen=True)
class TrialPlan:
    suites: tuple[TrialSuite, ...]  # in the order they are asked about
    closes_on: date | None = None

    def __post_init__(self) -> None:
        if not self.suites:
            raise TrialPlanError("a trial needs at least one suite")
        keys = [s.key for s in self.suites]
        if len(set(keys)) != len(keys):
            raise TrialPlanError("a suite appears twice in the trial")
