"""No report or status a manager can request singles out an agent (issue 14, docs/privacy.md).

`suppressed` is checked on its own; then a property test plays the manager: on small
random campaigns it requests every report the commands accept — the whole campaign, each
category, each service, both — and compares them, and the same requests made without one
agent's answers (before that agent answered, or after an erasure). It looks for what
subtraction recovers: a withheld group's figure, or one agent's rating or need.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Answer, Participant, Report, ScoringSpec, view
from scoring.disclosure import suppressed
from scoring.release import Release, published
from tests.unit.scoring.test_compute import CATEGORIES, MESSAGERIE, VISIO, criteria

SERVICES = ("Culture", "Voirie")  # those a manager may name; None: not given, never shown
TOOLS = ("Tchap", "Zoom")


# --- the rule itself ----------------------------------------------------------------------------


def test_no_small_group_no_suppression() -> None:
    assert suppressed({"A": 5, "B": 7, None: 0}, 5) == frozenset()


def test_a_lone_small_group_takes_the_smallest_other_with_it() -> None:
    assert suppressed({"A": 1, "B": 7, "C": 5}, 5) == {"A", "C"}


def test_two_small_groups_large_enough_together_need_no_third() -> None:
    assert suppressed({"A": 1, "B": 1, "C": 9}, 2) == {"A", "B"}
    assert suppressed({"A": 1, "B": 1, "C": 9}, 3) == {"A", "B", "C"}


def test_a_group_never_shown_protects_for_free() -> None:
    # "not given" is never a report of its own: hiding it costs nothing, so it goes first
    assert suppressed({"A": 2, None: 6, "B": 4}, 3, unseen={None}) == {"A", None}


def test_empty_groups_are_no_cover() -> None:
    assert suppressed({"A": 1, "B": 0, "C": 4}, 3) == {"A", "C"}


# --- the manager's point of view ----------------------------------------------------------------

Filters = tuple[str | None, str | None]  # (category, service)
FILTERS: list[Filters] = [
    (category, service)
    for category in (None, *(c.key for c in CATEGORIES))
    for service in (None, *SERVICES)
]


@dataclass(frozen=True)
class Campaign:
    threshold: int
    answers: tuple[Answer, ...]
    people: tuple[Participant, ...]

    @property
    def spec(self) -> ScoringSpec:
        return ScoringSpec(CATEGORIES, criteria(1.0, 1.0, 1.0, 1.0), self.threshold)

    def without(self, agent: int) -> Campaign:
        """The same campaign had `agent` not answered (yet): invited, nothing more."""
        return replace(
            self,
            answers=tuple(a for a in self.answers if a.agent != agent),
            people=tuple(
                replace(p, started=False, finished=False) if p.agent == agent else p
                for p in self.people
            ),
        )


@st.composite
def campaigns(draw: st.DrawFn) -> Campaign:
    count = draw(st.integers(1, 7))
    answers: list[Answer] = []
    people: list[Participant] = []
    for agent in range(1, count + 1):
        service = draw(st.sampled_from((*SERVICES, None)))
        answered = draw(st.booleans())
        people.append(Participant(agent, service, True, answered, answered))
        if not answered:
            continue
        for category in (VISIO, MESSAGERIE):
            kind = draw(st.sampled_from(("tool", "tool", "none", "skipped")))
            if kind == "none":
                needed = draw(st.sampled_from((True, False, None)))
                answers.append(Answer(agent, service, category, None, needed=needed))
                continue
            ratings = {
                key: draw(st.integers(0, 10).map(float))
                for key in ("efficacite", "cout", "securite", "assimilation")
            }
            answers.append(
                Answer(
                    agent,
                    service,
                    category,
                    draw(st.sampled_from(TOOLS)),
                    skipped=kind == "skipped",
                    ratings=ratings,
                )
            )
    return Campaign(draw(st.sampled_from((2, 3))), tuple(answers), tuple(people))


def requests(release: Release) -> dict[Filters, Report]:
    """Every report a manager can request of this release."""
    return {(c, s): view(release, category=c, service=s) for c, s in FILTERS}


def readable(campaign: Campaign, *, is_open: bool, frozen: Release | None = None) -> Release:
    return published(
        campaign.spec,
        campaign.answers,
        campaign.people,
        is_open=is_open,
        frozen=frozen,
        services=SERVICES,
    )


def tool_figures(report: Report) -> dict[tuple[str, str], tuple[int, tuple[float | None, ...]]]:
    return {
        (s.category, s.tool): (s.n, tuple(s.means[k] for k in sorted(s.means)))
        for s in report.tools
    }


def assert_no_withheld_group_is_recomputable(campaign: Campaign, release: Release) -> None:
    """What is shown for the whole campaign minus what is shown per service is a group of
    no one or of at least the threshold — for tools, needs and participation."""
    threshold = campaign.threshold
    seen = requests(release)
    whole = seen[(None, None)]
    for (category, tool), (n, _) in tool_figures(whole).items():
        shown = sum(
            tool_figures(seen[(None, s)]).get((category, tool), (0, ()))[0] for s in SERVICES
        )
        assert n - shown == 0 or n - shown >= threshold, (category, tool, n, shown)
    for service in SERVICES:  # nothing a service shows that the whole does not
        assert set(tool_figures(seen[(None, service)])) <= set(tool_figures(whole))
    for gap in whole.gaps:
        if gap.needed is None:
            continue
        shown_needs = [
            g.without_tool
            for s in SERVICES
            for g in seen[(None, s)].gaps
            if g.category == gap.category and g.needed is not None
        ]
        rest = gap.without_tool - sum(shown_needs)
        assert rest == 0 or rest >= threshold, (gap, shown_needs)
    total = whole.total
    lines = [line for line in whole.participation if not line.hidden]
    if total.started is not None:
        assert total.invited is not None
        rest = total.invited - sum(line.invited or 0 for line in lines)
        assert rest == 0 or rest >= threshold, (total, lines)
    for line in whole.participation:
        if line.hidden:  # withheld is never a figure, nor a stand-in 0
            assert (line.invited, line.started, line.finished) == (None, None, None)
        if line.hidden and line.service is not None:  # nor shown in the service's own report
            own = seen[(None, line.service)]
            assert all(own_line.hidden for own_line in own.participation)
            assert own.total.started is None
    for report in seen.values():
        for gap in report.gaps:
            if gap.verdict == "non communiqué":
                assert (gap.needed, gap.not_needed) == (None, None)


def assert_no_agent_is_told_apart(before: Release, after: Release) -> None:
    """Two releases a manager may read one after the other, one agent apart: no figure of a
    group that the agent joined or left is in both (its difference would be theirs)."""
    for filters, report in requests(after).items():
        earlier = requests(before)[filters]
        was = tool_figures(earlier)
        for key, (n, means) in tool_figures(report).items():
            if key in was:
                assert was[key] == (n, means), (filters, key, was[key], (n, means))
        for gap in report.gaps:
            old = next((g for g in earlier.gaps if g.category == gap.category), None)
            if old is not None and gap.needed is not None and old.needed is not None:
                assert (old.without_tool, old.needed, old.not_needed) == (
                    gap.without_tool,
                    gap.needed,
                    gap.not_needed,
                ), (filters, old, gap)


PROPERTIES = settings(database=None, derandomize=True, max_examples=150, deadline=None)


@PROPERTIES
@given(campaigns(), st.booleans())
def test_no_withheld_group_can_be_recomputed_from_the_reports_of_one_moment(
    campaign: Campaign, is_open: bool
) -> None:
    assert_no_withheld_group_is_recomputable(campaign, readable(campaign, is_open=is_open))


@PROPERTIES
@given(campaigns())
def test_one_agent_answering_during_the_campaign_cannot_be_read_by_difference(
    campaign: Campaign,
) -> None:
    for person in campaign.people:
        before = readable(campaign.without(person.agent), is_open=True)
        after = readable(campaign, is_open=True)
        assert_no_agent_is_told_apart(before, after)


@PROPERTIES
@given(campaigns())
def test_one_agent_erasing_after_the_close_cannot_be_read_by_difference(
    campaign: Campaign,
) -> None:
    shown_at_close = readable(campaign, is_open=False)  # and kept, as the bot does
    for person in campaign.people:
        after = readable(campaign.without(person.agent), is_open=False, frozen=shown_at_close)
        assert_no_agent_is_told_apart(shown_at_close, after)
