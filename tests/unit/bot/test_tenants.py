"""Whose message it is, in a structure serving several communes (bot/tenants.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.config import Config, parse_config
from bot.tenants import Routed, TenantRooms, TenantRouter

MATRIX = {"homeserver": "https://matrix.example.org", "user_id": "@harmonie:example.org"}
ENV = {"HARMONIE_MATRIX__PASSWORD": "pw"}


def structure(**extra: Any) -> Config:
    data: dict[str, Any] = {
        "matrix": MATRIX,
        "structure": {"name": "CDG", "staff": ["@sophie:example.org"]},
        "organisations": {
            "kerbihan": {
                "name": "Commune de Kerbihan",
                "admins": ["@yann:example.org"],
                "agents": ["@anne:example.org"],
            },
            "hohwiller": {
                "name": "Commune de Hohwiller",
                "managers": ["@claire:example.org"],
                "choice": {"pilots": ["@julie:example.org"]},
            },
        },
        **extra,
    }
    return parse_config(data, source="test", base_dir=Path("."), environ=ENV)


ROOMS = {
    "kerbihan": TenantRooms(management="!gestion-k:x", agents="!agents-k:x"),
    "hohwiller": TenantRooms(agents="!agents-h:x", pilots="!pilotes-h:x"),
}
MEMBERS = {
    "!agents-k:x": frozenset({"@paul:example.org", "@double:example.org"}),
    "!agents-h:x": frozenset({"@lea:example.org", "@double:example.org"}),
    "!pilotes-h:x": frozenset({"@marc:example.org"}),
    "!gestion-k:x": frozenset({"@claire:example.org"}),
}


def router(config: Config | None = None) -> TenantRouter:
    return TenantRouter(config or structure(), ROOMS, lambda room: MEMBERS.get(room, frozenset()))


def test_a_single_commune_handles_every_message_as_before() -> None:
    single = parse_config(
        {"matrix": MATRIX, "organisation": {"name": "Commune de Test"}},
        source="test",
        base_dir=Path("."),
        environ=ENV,
    )

    routed = TenantRouter(single, {}, lambda room: frozenset()).route("!dm:x", "@who:example.org")

    assert routed == Routed("tenant", "default")


def test_people_listed_in_the_configuration_go_to_their_commune() -> None:
    routing = router()

    assert routing.route("!dm:x", "@yann:example.org") == Routed("tenant", "kerbihan")
    assert routing.route("!dm:x", "@anne:example.org") == Routed("tenant", "kerbihan")
    assert routing.route("!dm:x", "@claire:example.org") == Routed("tenant", "hohwiller")
    assert routing.route("!dm:x", "@julie:example.org") == Routed("tenant", "hohwiller")


def test_a_management_room_decides_whatever_the_sender() -> None:
    # Claire manages Hohwiller; in Kerbihan's management room she speaks as its member.
    assert router().route("!gestion-k:x", "@claire:example.org") == Routed("tenant", "kerbihan")


def test_members_of_one_communes_rooms_go_to_it() -> None:
    routing = router()

    assert routing.route("!dm:x", "@paul:example.org") == Routed("tenant", "kerbihan")
    assert routing.route("!dm:x", "@marc:example.org") == Routed("tenant", "hohwiller")


def test_someone_in_two_communes_rooms_is_ambiguous_with_both_named() -> None:
    routed = router().route("!dm:x", "@double:example.org")

    assert routed == Routed("ambiguous", candidates=("kerbihan", "hohwiller"))


def test_the_structures_staff_talk_to_the_structure() -> None:
    assert router().route("!dm:x", "@sophie:example.org") == Routed("structure")


def test_a_stranger_is_unknown() -> None:
    assert router().route("!dm:x", "@inconnu:example.org") == Routed("unknown")


def test_rooms_resolved_later_are_used_from_then_on() -> None:
    routing = TenantRouter(structure(), {}, lambda room: MEMBERS.get(room, frozenset()))
    assert routing.route("!dm:x", "@paul:example.org") == Routed("unknown")

    routing.set_rooms("kerbihan", ROOMS["kerbihan"])

    assert routing.route("!dm:x", "@paul:example.org") == Routed("tenant", "kerbihan")
    assert routing.route("!gestion-k:x", "@claire:example.org") == Routed("tenant", "kerbihan")
