"""What scoring reads and what it produces: plain, frozen records, no database, no Matrix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    name: str
    weight: float = 1.0


@dataclass(frozen=True)
class CategorySpec:
    key: str
    name: str


@dataclass(frozen=True)
class ScoringSpec:
    """The survey's shape and the rules: below `anonymity_threshold` nothing is shown."""

    categories: tuple[CategorySpec, ...]
    criteria: tuple[CriterionSpec, ...]
    anonymity_threshold: int = 5
    problem_threshold: float = 5.0  # a criterion mean under this is a problem


@dataclass(frozen=True)
class Answer:
    """One agent's complete answer for one tool of a category (an agent who uses two
    tools for the same job gives two), or for a category where they use none."""

    agent: int  # the pseudonymous key, never a Matrix ID
    service: str | None
    category: str
    tool: str | None  # None: the agent uses no tool of this kind
    other: bool = False
    needed: bool | None = None
    problem: str | None = None
    skipped: bool = False
    ratings: Mapping[str, float | None] = field(default_factory=dict)  # None: "nsp"


@dataclass(frozen=True)
class Participant:
    agent: int
    service: str | None
    invited: bool
    started: bool
    finished: bool


@dataclass(frozen=True)
class ToolScore:
    category: str
    tool: str
    n: int
    means: Mapping[str, float | None]  # per criterion, "nsp" left out
    overall: float | None  # weighted mean of the criterion means
    median: float | None  # of the agents' own weighted scores
    spread: float | None  # their standard deviation
    rank_in_category: int
    rank_overall: int


@dataclass(frozen=True)
class Gap:
    category: str
    respondents: int
    without_tool: int
    needed: int | None  # None: withheld, too few agents without a tool to tell their answers
    not_needed: int | None
    verdict: str  # "à acquérir" | "à exclure" | "indécis" | "non communiqué" | "—" (no gap)


@dataclass(frozen=True)
class Problem:
    category: str
    tool: str
    weakest: str | None  # criterion key
    under_threshold: tuple[str, ...]
    comments: tuple[str, ...]


@dataclass(frozen=True)
class Fragmentation:
    category: str
    users: int  # agents who use some tool of this kind
    distinct_tools: int
    shares: tuple[tuple[str, float], ...]  # tools used by enough agents to be shown
    hidden_share: float  # all the tools used by fewer agents than the threshold


@dataclass(frozen=True)
class Recommendation:
    category: str
    best_tool: str
    overall: float
    migration_share: float  # share of tool users who use another one


@dataclass(frozen=True)
class ParticipationLine:
    """Counts of one service (or the total); None where withheld, never a stand-in 0."""

    service: str | None
    invited: int | None
    started: int | None
    finished: int | None
    hidden: bool  # counts withheld: fewer invited than the threshold, or `masked`
    masked: bool = False  # withheld although large enough, so that a small one is not deduced


@dataclass(frozen=True)
class Report:
    spec: ScoringSpec
    tools: tuple[ToolScore, ...]
    hidden_tools: int  # tools with fewer respondents than the threshold, or withheld
    gaps: tuple[Gap, ...]
    problems: tuple[Problem, ...]
    fragmentation: tuple[Fragmentation, ...]
    recommendations: tuple[Recommendation, ...]
    participation: tuple[ParticipationLine, ...]
    total: ParticipationLine
    # The figures of an open campaign are shown at its close only (see docs/privacy.md):
    # then tools, gaps, problems, fragmentation and recommendations are empty.
    until_close: bool = False
    hidden_by_category: tuple[tuple[str, int], ...] = ()  # the hidden tools, per category
