"""Every report a manager can ask of a campaign at one moment, decided together.

A manager can ask for the whole campaign and for each service (`!rapport service=…`), and
subtract one from the other. So the reports of one moment are decided at once, as a
*release*: for each tool, each gap and each participation line, the services' groups are
the parts of one total, and `disclosure.suppressed` decides which of them every report
withholds. A category filter only cuts a release: it adds no new figure.

What each report withholds is decided when the release is made, from counts; a service's
report is then scored the first time it is read (`ServiceReports`): a `!rapport` of the
whole campaign reads none, `service=…` one, and freezing a release (`dump`) all of them.

Over time, a release must not change by one agent either (a report before and after an
agent finishes, or erases their answers): an open campaign shows no figure but its
participation (`until_close`), and a closed campaign's release is frozen when first shown
(`dump` / `load`; the comments are not frozen: they are read again each time, so that an
erased comment is gone). See docs/privacy.md.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from .compute import Withheld, canonical_answers, fold_name, scoped_report
from .disclosure import suppressed
from .records import (
    Answer,
    Fragmentation,
    Gap,
    Participant,
    ParticipationLine,
    Problem,
    Recommendation,
    Report,
    ScoringSpec,
    ToolScore,
)


@dataclass(frozen=True)
class Release:
    whole: Report
    services: Mapping[str | None, Report]  # a report per service, None: service not given
    viewable: frozenset[str]  # the services a manager may ask for, as the release was made


class ServiceReports(Mapping[str | None, Report]):
    """A report per service, each made by `make` the first time it is read, then kept.

    The services are known when the release is made, and what each report withholds is
    decided then: making one later, or never, changes no figure of any report."""

    def __init__(
        self, services: Iterable[str | None], make: Callable[[str | None], Report]
    ) -> None:
        self._services = tuple(services)
        self._known = frozenset(self._services)
        self._make = make
        self._made: dict[str | None, Report] = {}

    def __getitem__(self, service: str | None) -> Report:
        if service not in self._known:
            raise KeyError(service)
        if service not in self._made:
            self._made[service] = self._make(service)
        return self._made[service]

    def __contains__(self, service: object) -> bool:  # without making the report
        return service in self._known

    def __iter__(self) -> Iterator[str | None]:
        return iter(self._services)

    def __len__(self) -> int:
        return len(self._services)


def build_report(
    spec: ScoringSpec,
    answers: Iterable[Answer],
    participants: Iterable[Participant] = (),
    *,
    category: str | None = None,
    service: str | None = None,
) -> Report:
    """The report of this moment, optionally for one category and/or one service."""
    return view(make_release(spec, answers, participants), category=category, service=service)


def make_release(
    spec: ScoringSpec,
    answers: Iterable[Answer],
    participants: Iterable[Participant] = (),
    services: Collection[str] | None = None,
) -> Release:
    """All the reports of one moment; `services`: those a manager may ask for (default:
    every one named in the answers). The others, and "not given", are never shown alone,
    but still count as parts that subtraction could recover."""
    rows = canonical_answers(answers)
    people = list(participants)
    categories = [c.key for c in spec.categories]
    threshold = spec.anonymity_threshold
    named = {a.service for a in rows} | {p.service for p in people}
    viewable = {s for s in named if s is not None and (services is None or s in services)}
    unseen = named - viewable

    tool_users: dict[tuple[str, str], dict[str | None, set[int]]] = defaultdict(
        lambda: defaultdict(set)
    )
    toolless: dict[str, dict[str | None, set[int]]] = defaultdict(lambda: defaultdict(set))
    for answer in rows:
        if answer.skipped:
            continue
        if answer.tool is not None:
            tool_users[(answer.category, answer.tool)][answer.service].add(answer.agent)
        else:
            toolless[answer.category][answer.service].add(answer.agent)
    hidden_tools: dict[str | None, set[tuple[str, str]]] = defaultdict(set)
    for key, by_service in tool_users.items():
        sizes = {s: len(agents) for s, agents in by_service.items()}
        for service in suppressed(sizes, threshold, unseen):
            hidden_tools[service].add(key)
    hidden_needs: dict[str | None, set[str]] = defaultdict(set)
    for category, by_service in toolless.items():
        sizes = {s: len(agents) for s, agents in by_service.items()}
        for service in suppressed(sizes, threshold, unseen):
            hidden_needs[service].add(category)
    invited = {s: sum(p.invited for p in people if p.service == s) for s in named}
    hidden_lines = suppressed(invited, threshold)
    masked = frozenset(s for s in hidden_lines if invited[s] >= threshold)

    whole = scoped_report(
        spec, rows, people, categories, Withheld(services=hidden_lines, masked=masked)
    )

    def service_report(service: str | None) -> Report:
        report = scoped_report(
            spec,
            [a for a in rows if a.service == service],
            [p for p in people if p.service == service],
            categories,
            Withheld(
                tools=frozenset(hidden_tools[service]),
                needs=frozenset(hidden_needs[service]),
                services=hidden_lines & {service},
                masked=masked & {service},
            ),
        )
        if service in hidden_lines:  # its total is its line
            line = ParticipationLine(None, None, None, None, hidden=True, masked=service in masked)
            report = replace(report, total=line)
        return report

    return Release(whole, ServiceReports(named, service_report), frozenset(viewable))


def published(
    spec: ScoringSpec,
    answers: Iterable[Answer],
    participants: Iterable[Participant] = (),
    *,
    is_open: bool,
    live: bool = False,
    frozen: Release | None = None,
    services: Collection[str] | None = None,
) -> Release:
    """What a manager may read now: an open campaign, its participation only (unless
    `live`); a closed one, the release `frozen` when it was first shown, if any."""
    if frozen is not None and not is_open:
        return frozen
    if is_open and not live:  # participation only: the answers are not even scored
        release = make_release(spec, (), participants, services)
    else:
        return make_release(spec, answers, participants, services)
    return Release(
        until_close(release.whole),
        ServiceReports(release.services, lambda service: until_close(release.services[service])),
        release.viewable,
    )


def view(release: Release, category: str | None = None, service: str | None = None) -> Report:
    """One report of a release: the whole campaign or one service, one category or all."""
    if service is None:
        report = release.whole
    elif service in release.services and service in release.viewable:
        report = release.services[service]
    else:  # nobody of this service (or a service not asked for then): an empty report
        spec = release.whole.spec
        report = scoped_report(spec, [], [], [c.key for c in spec.categories])
    return report if category is None else _restrict(report, category)


def until_close(report: Report) -> Report:
    """What an open campaign shows: its participation, no figure of its answers."""
    return replace(
        report,
        tools=(),
        hidden_tools=0,
        hidden_by_category=(),
        gaps=(),
        problems=(),
        fragmentation=(),
        recommendations=(),
        until_close=True,
    )


def _restrict(report: Report, category: str) -> Report:
    def mine(items: Iterable[Any]) -> tuple[Any, ...]:
        return tuple(item for item in items if item.category == category)

    hidden = dict(report.hidden_by_category).get(category, 0)
    return replace(
        report,
        # ranked overall among this category's tools only
        tools=tuple(replace(t, rank_overall=t.rank_in_category) for t in mine(report.tools)),
        hidden_tools=hidden,
        hidden_by_category=((category, hidden),) if hidden else (),
        gaps=mine(report.gaps),
        problems=mine(report.problems),
        fragmentation=mine(report.fragmentation),
        recommendations=mine(report.recommendations),
    )


# ---------------------------------------------------------------- frozen releases


def dump(release: Release) -> str:
    """The release as JSON, for the database: aggregates only (no agent key, no comment)."""
    return json.dumps(
        {
            "whole": _dump_report(release.whole),
            "services": [[s, _dump_report(r)] for s, r in release.services.items()],
            "viewable": sorted(release.viewable),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def load(spec: ScoringSpec, text: str, answers: Iterable[Answer] = ()) -> Release:
    """A frozen release, with the comments of today's `answers` put back: a comment
    erased since is gone, and no figure moved."""
    data = json.loads(text)
    rows = canonical_answers(answers)
    whole = _with_comments(_load_report(spec, data["whole"]), rows)
    bodies: dict[str | None, dict[str, Any]] = dict(data["services"])

    def service_report(service: str | None) -> Report:
        mine = [a for a in rows if a.service == service]
        return _with_comments(_load_report(spec, bodies[service]), mine)

    return Release(whole, ServiceReports(bodies, service_report), frozenset(data["viewable"]))


def _dump_report(report: Report) -> dict[str, Any]:
    body = asdict(report)
    del body["spec"]
    for problem in body["problems"]:
        problem["comments"] = []
    return body


def _load_report(spec: ScoringSpec, body: dict[str, Any]) -> Report:
    return Report(
        spec=spec,
        tools=tuple(ToolScore(**t) for t in body["tools"]),
        hidden_tools=body["hidden_tools"],
        gaps=tuple(Gap(**g) for g in body["gaps"]),
        problems=tuple(
            Problem(**{**p, "under_threshold": tuple(p["under_threshold"]), "comments": ()})
            for p in body["problems"]
        ),
        fragmentation=tuple(
            Fragmentation(**{**f, "shares": tuple((t, s) for t, s in f["shares"])})
            for f in body["fragmentation"]
        ),
        recommendations=tuple(Recommendation(**r) for r in body["recommendations"]),
        participation=tuple(ParticipationLine(**line) for line in body["participation"]),
        total=ParticipationLine(**body["total"]),
        until_close=body["until_close"],
        hidden_by_category=tuple((c, n) for c, n in body["hidden_by_category"]),
    )


def _with_comments(report: Report, rows: Sequence[Answer]) -> Report:
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for answer in rows:
        if answer.problem and not answer.skipped and answer.tool is not None:
            texts[(answer.category, fold_name(answer.tool))].append(answer.problem)
    return replace(
        report,
        problems=tuple(
            replace(p, comments=tuple(sorted(texts.get((p.category, fold_name(p.tool)), []))))
            for p in report.problems
        ),
    )
