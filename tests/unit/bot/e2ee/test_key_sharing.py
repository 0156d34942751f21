"""Which room-key requests the bot answers, and why the others are refused."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from bot.e2ee.key_sharing import (
    GRANT,
    MEGOLM,
    Cancellation,
    DeviceState,
    Facts,
    KeyRequest,
    KeySharing,
    Refusal,
    Verdict,
    decide,
    parse_request,
)

BOT = "@harmonie:mairie.fr"
BOT_KEY = "curve-of-the-bot"
AGENT = "@agent:mairie.fr"
DM = "!dm-agent:mairie.fr"
ALLOWED = frozenset({"mairie.fr"})

REQUEST = KeyRequest(
    request_id="req-1",
    user_id=AGENT,
    device_id="NEWPHONE",
    room_id=DM,
    session_id="session-of-the-invitation",
    algorithm=MEGOLM,
    sender_key=BOT_KEY,
)
FACTS = Facts(
    requester_dm=DM, requester_joined=True, device=DeviceState.KNOWN, session_is_ours=True
)


def verdict(request: KeyRequest = REQUEST, facts: Facts = FACTS) -> tuple[Verdict, Refusal | None]:
    decision = decide(
        request, facts, bot_user_id=BOT, bot_curve25519=BOT_KEY, allowed_servers=ALLOWED
    )
    return decision.verdict, decision.refusal


def test_a_new_device_of_the_dm_partner_gets_the_bots_key_for_that_room() -> None:
    assert (
        decide(REQUEST, FACTS, bot_user_id=BOT, bot_curve25519=BOT_KEY, allowed_servers=ALLOWED)
        == GRANT
    )


def test_a_request_without_the_deprecated_sender_key_is_granted_too() -> None:
    assert verdict(replace(REQUEST, sender_key=None)) == (Verdict.GRANT, None)


@pytest.mark.parametrize(
    ("request_changes", "facts_changes", "refusal"),
    [
        ({"algorithm": "m.olm.v1.curve25519-aes-sha2"}, {}, Refusal.NOT_MEGOLM),
        ({"user_id": BOT}, {}, Refusal.OWN_ACCOUNT),
        ({"user_id": "@agent:ailleurs.org"}, {}, Refusal.SERVER_NOT_ALLOWED),
        # another user of the same server, whose DM is elsewhere, asking for this room
        ({"user_id": "@voisin:mairie.fr"}, {"requester_dm": "!dm-voisin:mairie.fr"},
         Refusal.NOT_THEIR_DM),
        # the partner asking for a room that is not their DM (a group room, an old DM)
        ({"room_id": "!group:mairie.fr"}, {}, Refusal.NOT_THEIR_DM),
        ({}, {"requester_dm": None}, Refusal.NOT_THEIR_DM),
        ({}, {"requester_joined": False}, Refusal.NOT_A_MEMBER),
        # a session of the agent's own devices, or of anyone but the bot
        ({"sender_key": "curve-of-the-agents-laptop"}, {}, Refusal.NOT_OUR_SESSION),
        ({}, {"session_is_ours": False}, Refusal.NOT_OUR_SESSION),
        ({}, {"device": DeviceState.BLACKLISTED}, Refusal.DEVICE_BLACKLISTED),
        ({}, {"device": DeviceState.DELETED}, Refusal.DEVICE_DELETED),
    ],
)  # fmt: skip
def test_everything_else_is_refused_with_its_reason(
    request_changes: dict[str, Any], facts_changes: dict[str, Any], refusal: Refusal
) -> None:
    request = replace(REQUEST, **request_changes)
    facts = replace(FACTS, **facts_changes)

    assert verdict(request, facts) == (Verdict.REFUSE, refusal)


def test_an_unknown_device_waits_for_the_servers_device_list() -> None:
    assert verdict(facts=replace(FACTS, device=DeviceState.UNKNOWN)) == (
        Verdict.WAIT,
        Refusal.DEVICE_UNKNOWN,
    )


def test_the_room_check_comes_before_the_device_so_a_stranger_never_waits() -> None:
    stranger = replace(REQUEST, user_id="@voisin:mairie.fr")
    facts = Facts(None, False, DeviceState.UNKNOWN, session_is_ours=True)

    assert verdict(stranger, facts) == (Verdict.REFUSE, Refusal.NOT_THEIR_DM)


# --- reading the to-device events ------------------------------------------------------------


def request_event(**content: Any) -> dict[str, Any]:
    body = {
        "algorithm": MEGOLM,
        "room_id": DM,
        "session_id": "s1",
        "sender_key": BOT_KEY,
    }
    return {
        "type": "m.room_key_request",
        "sender": AGENT,
        "content": {
            "action": "request",
            "body": body,
            "request_id": "r1",
            "requesting_device_id": "NEWPHONE",
            **content,
        },
    }


def test_a_request_is_read_with_every_field() -> None:
    assert parse_request(request_event()) == KeyRequest(
        "r1", AGENT, "NEWPHONE", DM, "s1", MEGOLM, sender_key=BOT_KEY
    )


def test_a_request_from_a_client_that_leaves_out_the_sender_key_is_read() -> None:
    event = request_event()
    del event["content"]["body"]["sender_key"]

    parsed = parse_request(event)

    assert isinstance(parsed, KeyRequest) and parsed.sender_key is None


def test_a_cancellation_is_read_without_a_body() -> None:
    event = request_event(action="request_cancellation")
    del event["content"]["body"]

    assert parse_request(event) == Cancellation("r1", AGENT, "NEWPHONE")


@pytest.mark.parametrize(
    "broken",
    [
        {"type": "m.room_key"},
        {"content": "not an object"},
        {"content": {"action": "request", "request_id": "r1", "requesting_device_id": "D"}},
        {"content": {"action": "request", "body": {}, "request_id": "r1",
                     "requesting_device_id": "D"}},
        {"content": {"action": "share", "body": {}, "request_id": "r1",
                     "requesting_device_id": "D"}},
        {"content": {"action": "request_cancellation", "request_id": 7,
                     "requesting_device_id": "D"}},
        {"sender": None},
    ],
)  # fmt: skip
def test_anything_else_is_not_a_request(broken: dict[str, Any]) -> None:
    assert parse_request({**request_event(), **broken}) is None


# --- requests kept between two syncs -----------------------------------------------------------


def kept_after(*sources: dict[str, Any]) -> int:
    """How many requests wait for the next upkeep once these to-device events are read."""
    sharing = KeySharing(SimpleNamespace(user_id=BOT), None, ALLOWED)  # type: ignore[arg-type]
    sharing.collect(SimpleNamespace(source=source) for source in sources)
    return sharing.waiting


def cancellation(**changes: Any) -> dict[str, Any]:
    event = request_event(action="request_cancellation")
    event.update(changes)
    return event


def test_a_request_waits_for_the_upkeep_once_even_if_sent_twice() -> None:
    assert kept_after(request_event(), request_event()) == 1


def test_a_cancelled_request_is_not_answered() -> None:
    assert kept_after(request_event(), cancellation()) == 0


def test_a_cancellation_counts_only_for_the_device_that_asked() -> None:
    assert kept_after(request_event(), cancellation(sender="@voisin:mairie.fr")) == 1


def test_the_bots_own_devices_are_left_to_nio() -> None:
    assert kept_after({**request_event(), "sender": BOT}) == 0
