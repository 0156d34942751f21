"""A release scores a service's report only when it is read: a report of the whole campaign
scores none, `service=…` one, freezing the release all — and which ones were read, or in
what order, changes no figure (what each withholds is decided when the release is made)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import scoring.release
from scoring import Answer, Participant, ScoringSpec, view
from scoring.release import Release, dump, load, published
from tests.unit.scoring.compute_kit import CATEGORIES, VISIO, criteria, participant, rated, users

SPEC = ScoringSpec(CATEGORIES, criteria(1.0, 1.0, 1.0, 1.0), anonymity_threshold=3)
SERVICES = ("Culture", "Voirie")
# Zoom: 6 users in Culture, 2 in Voirie. Voirie's 2 are withheld from its own report, so
# Culture's 6 must be too: else the whole's 8 minus Culture's 6 would be Voirie's 2.
ANSWERS: list[Answer] = [
    *users(VISIO, "Zoom", range(1, 6), service="Culture"),
    rated(6, VISIO, "Zoom", (4, 4, 4, 4), service="Culture", problem="le son coupe"),
    *users(VISIO, "Zoom", range(7, 9), (2, 2, 2, 2), service="Voirie"),
]
PEOPLE: list[Participant] = [
    participant(a.agent, a.service, started=True, finished=True) for a in ANSWERS
]


def closed(frozen: Release | None = None) -> Release:
    return published(SPEC, ANSWERS, PEOPLE, is_open=False, frozen=frozen, services=SERVICES)


def counted(monkeypatch: pytest.MonkeyPatch, name: str) -> list[object]:
    """Record each call of `scoring.release.<name>`, which still does its work."""
    calls: list[object] = []
    original: Callable[..., Any] = getattr(scoring.release, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(scoring.release, name, recording)
    return calls


def test_the_whole_campaign_is_reported_without_scoring_any_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scored = counted(monkeypatch, "scoped_report")
    release = closed()

    view(release)
    assert len(scored) == 1  # the whole campaign
    assert "Voirie" in release.services and len(release.services) == 2  # known, not scored
    assert len(scored) == 1

    view(release, service="Voirie")
    view(release, service="Voirie")
    assert len(scored) == 2  # Voirie's, once


def test_freezing_a_release_scores_every_service(monkeypatch: pytest.MonkeyPatch) -> None:
    scored = counted(monkeypatch, "scoped_report")

    dump(closed())

    assert len(scored) == 1 + len(SERVICES)


def test_a_service_report_withholds_the_same_whether_read_alone_or_after_all_of_them() -> None:
    alone = view(closed(), service="Culture")
    everything = closed()
    dump(everything)

    assert view(everything, service="Culture") == alone
    assert alone.tools == () and alone.hidden_tools == 1  # Voirie's 2 took Culture's 6 along
    assert [t.n for t in view(closed()).tools] == [8]


def test_a_frozen_release_reads_back_only_the_reports_asked_for_each_as_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = closed()
    body = dump(made)
    read = counted(monkeypatch, "_load_report")

    frozen = closed(frozen=load(SPEC, body, ANSWERS))

    assert view(frozen) == view(made)
    assert len(read) == 1  # the whole campaign
    for service in SERVICES:
        assert view(frozen, service=service) == view(made, service=service)
    assert len(read) == 1 + len(SERVICES)
