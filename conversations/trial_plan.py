"""What a pilot trial asks its pilots: for each suite on trial, the modules it has for
the needed categories (the plan `conversations.trial` asks from), built the same way by
the `!essai` command, the invitations, the questions' job and the pilots' dialog."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from scoring.suites import Suite

from .trial import TrialModule, TrialPlan, TrialSuite


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
