"""Where a pilot is in the trial's questionnaire, and what is stored of it: the state
(JSON in `trial_pilots.state`) and the plan fixed when the trial opened (JSON in
`trials.plan`), each read back checked, never trusted."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .dialog import MAX_FREE_TEXT
from .ratings import Rating, is_kept
from .trial_plan import TRIAL_CRITERIA, TrialModule, TrialPlan, TrialSuite

_COUNT = len(TRIAL_CRITERIA)


class TrialStep(StrEnum):
    TRIED = "tried"  # which modules of the current suite were tried
    RATING = "rating"  # the criteria of one module tried
    COMMENT = "comment"  # a comment on the current suite
    DONE = "done"


@dataclass(frozen=True)
class TrialRating:
    """One rating as stored: a category of a suite, on one criterion."""

    category: str
    criterion: str
    value: Rating  # None: « nsp » or skipped


@dataclass(frozen=True)
class SuiteAnswers:
    """What a pilot said about one suite, complete once its comment is answered."""

    suite: str  # the suite's key
    tried: tuple[str, ...] = ()  # category keys, in the suite's order
    # One per category tried, `TRIAL_CRITERIA` order (None: nsp or skipped); while that
    # suite's ratings are asked, the last one holds those given so far.
    ratings: tuple[tuple[Rating, ...], ...] = ()
    comment: str | None = None  # None: nothing to add

    def rated(self) -> tuple[TrialRating, ...]:
        """Every rating given, by category and criterion."""
        return tuple(
            TrialRating(category, criterion.key, value)
            for category, values in zip(self.tried, self.ratings, strict=False)
            for criterion, value in zip(TRIAL_CRITERIA, values, strict=False)
        )


@dataclass(frozen=True)
class TrialState:
    """Where a pilot is in the questionnaire.

    At TRIED, `answers` holds the suites already answered and the current one is the next
    in the plan; at RATING and COMMENT, the current suite is the last of `answers`; at DONE
    every suite of the plan has its answers."""

    step: TrialStep = TrialStep.TRIED
    answers: tuple[SuiteAnswers, ...] = ()
    paused: bool = False  # « pause »: the next message resumes

    @property
    def finished(self) -> bool:
        return self.step is TrialStep.DONE

    @property
    def suite_index(self) -> int | None:
        """The position in the plan of the suite being asked about; None once done."""
        if self.finished:
            return None
        return len(self.answers) if self.step is TrialStep.TRIED else len(self.answers) - 1

    def answers_for(self, suite: str) -> SuiteAnswers | None:
        return next((a for a in self.answers if a.suite == suite), None)


class TrialStateError(ValueError):
    """A stored trial state this version cannot read, or that does not fit the plan."""


def dump_trial(state: TrialState) -> str:
    answers = [
        {
            "suite": a.suite,
            "tried": list(a.tried),
            "ratings": [list(r) for r in a.ratings],
            "comment": a.comment,
        }
        for a in state.answers
    ]
    return json.dumps(
        {"v": 1, "step": state.step.value, "paused": state.paused, "answers": answers},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load_trial(stored: str, plan: TrialPlan) -> TrialState:
    """A stored state, checked against the plan it was answered in."""
    try:
        data = json.loads(stored)
        if data["v"] != 1:
            raise ValueError(f"version {data['v']!r}")
        step = TrialStep(data["step"])
        paused = data.get("paused", False)
        if not isinstance(data["answers"], list):
            raise TypeError("answers is not a list")
        answers = tuple(_load_answers(item) for item in data["answers"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise TrialStateError(str(error)) from error
    if not isinstance(paused, bool):
        raise TrialStateError("paused is not a boolean")
    state = TrialState(step, answers, paused)
    problem = _misfit(state, plan)
    if problem is not None:
        raise TrialStateError(problem)
    return state


def dump_plan(plan: TrialPlan) -> str:
    """The plan as the trial keeps it from its opening: an edit of the catalogue or a new
    evaluation during the trial must not change the questions half-way."""
    return json.dumps(
        {
            "v": 1,
            "closes_on": plan.closes_on.isoformat() if plan.closes_on else None,
            "suites": [
                {"key": s.key, "name": s.name,
                 "modules": [[m.category, m.module] for m in s.modules]}
                for s in plan.suites
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )  # fmt: skip


def load_plan(stored: str) -> TrialPlan:
    """A stored plan; TrialStateError if this version cannot read it."""
    try:
        data = json.loads(stored)
        if data["v"] != 1:
            raise ValueError(f"version {data['v']!r}")
        closes_on = date.fromisoformat(data["closes_on"]) if data["closes_on"] else None
        suites = tuple(
            TrialSuite(
                str(s["key"]),
                str(s["name"]),
                tuple(TrialModule(str(c), str(m)) for c, m in s["modules"]),
            )
            for s in data["suites"]
        )
        return TrialPlan(suites, closes_on)
    except (ValueError, KeyError, TypeError) as error:  # TrialPlanError is a ValueError
        raise TrialStateError(f"plan: {error}") from error


def _load_answers(item: Any) -> SuiteAnswers:
    suite, tried, ratings, comment = item["suite"], item["tried"], item["ratings"], item["comment"]
    if not isinstance(suite, str) or not isinstance(tried, list) or not isinstance(ratings, list):
        raise TypeError("answers of the wrong type")
    if not all(isinstance(c, str) for c in tried) or not all(isinstance(r, list) for r in ratings):
        raise TypeError("tried or ratings of the wrong type")
    if comment is not None and not isinstance(comment, str):
        raise TypeError("comment is not text")
    return SuiteAnswers(suite, tuple(tried), tuple(tuple(r) for r in ratings), comment)


def _misfit(state: TrialState, plan: TrialPlan) -> str | None:
    """What makes `state` impossible in `plan`, or None."""
    answers = state.answers
    if len(answers) > len(plan.suites):
        return "more suites answered than the plan has"
    for suite, given in zip(plan.suites, answers, strict=False):
        order = [m.category for m in suite.modules]
        if given.suite != suite.key:
            return f"answers for {given.suite!r} where the plan has {suite.key!r}"
        if list(given.tried) != [c for c in order if c in given.tried]:
            return f"categories tried in {suite.key!r} that do not fit the plan"
        if not all(is_kept(v) for values in given.ratings for v in values):
            return "a rating out of range"
        if given.comment is not None and not 0 < len(given.comment) <= MAX_FREE_TEXT:
            return "a comment of the wrong length"
    current = state.step in (TrialStep.RATING, TrialStep.COMMENT)
    complete = answers[:-1] if current else answers
    for given in complete:
        if len(given.ratings) != len(given.tried) or any(len(r) != _COUNT for r in given.ratings):
            return f"incomplete ratings for {given.suite!r}"
    if state.step is TrialStep.DONE:
        return None if len(answers) == len(plan.suites) else "done before the last suite"
    if state.step is TrialStep.TRIED:
        if len(answers) == len(plan.suites) or not plan.suites[len(answers)].modules:
            return "no suite to ask which modules were tried"
        return None
    if not answers:
        return "no suite being answered"
    last = answers[-1]
    if last.comment is not None:
        return "a comment before it is asked"
    if state.step is TrialStep.COMMENT:
        if len(last.ratings) != len(last.tried) or any(len(r) != _COUNT for r in last.ratings):
            return "a comment asked before every rating"
        return None
    if not last.tried or not 1 <= len(last.ratings) <= len(last.tried):
        return "ratings for modules not tried"
    if any(len(r) != _COUNT for r in last.ratings[:-1]) or len(last.ratings[-1]) >= _COUNT:
        return "ratings asked in the wrong place"
    return None
