"""Room keys for the other member of a DM: the bot answers their devices' key requests.

An agent's new phone, logged in after the bot wrote, cannot read the invitation or the
current question: their room keys were sent to the devices that existed then. The phone
asks the senders for the keys (`m.room_key_request`), and nio answers only requests from
the bot's own devices (`Olm._collect_single_key_share`), so the messages stayed "unable
to decrypt". Here the bot answers them with an `m.forwarded_room_key`, built and sent by
nio's own machinery, under a narrow policy (`decide`).

Why the policy is safe: in a DM with the bot, the other member was entitled to every
message of the bot's Megolm sessions in that room (each was encrypted for their devices
of the time, and nobody else is in the room). A key forwarded to another device of that
member, checked on the server's device list, known to the bot and not blacklisted, tells
them nothing they were not already sent. Nothing else is ever forwarded: not a session
of another room, not one another user's device asks for, not a session the bot did not
create (an agent's own keys are theirs to share), not to a server that is not allowed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from enum import Enum
from typing import Any

from nio import KeysClaimResponse, LocalProtocolError, ToDeviceError

from bot.matrix.client import STORE_ERRORS, HarmonieClient, server_of
from storage import Database, StorageError

log = logging.getLogger(__name__)

MEGOLM = "m.megolm.v1.aes-sha2"
MAX_WAITING = 500  # requests kept at once: a flood of them is not answered beyond this
MAX_PASSES = 5  # upkeep passes (one per sync) a request may wait for a device or a session


@dataclass(frozen=True)
class KeyRequest:
    """An `m.room_key_request` with action `request`."""

    request_id: str
    user_id: str
    device_id: str
    room_id: str
    session_id: str
    algorithm: str
    # Deprecated by the spec (v1.3) and left out by some clients: never trusted, but a
    # request naming another sender's key is not for one of the bot's sessions.
    sender_key: str | None = None


@dataclass(frozen=True)
class Cancellation:
    """An `m.room_key_request` with action `request_cancellation`."""

    request_id: str
    user_id: str
    device_id: str


def parse_request(source: dict[str, Any]) -> KeyRequest | Cancellation | None:
    """A key request or its cancellation, read from the to-device event's JSON; None if
    it is neither (nio's own parser rejects requests without the deprecated sender_key)."""
    content = source.get("content")
    sender = source.get("sender")
    if source.get("type") != "m.room_key_request" or not isinstance(content, dict):
        return None
    request_id = content.get("request_id")
    device_id = content.get("requesting_device_id")
    if not all(isinstance(value, str) and value for value in (sender, request_id, device_id)):
        return None
    action = content.get("action")
    if action == "request_cancellation":
        return Cancellation(str(request_id), str(sender), str(device_id))
    body = content.get("body")
    if action != "request" or not isinstance(body, dict):
        return None
    fields = [body.get(name) for name in ("room_id", "session_id", "algorithm")]
    if not all(isinstance(value, str) and value for value in fields):
        return None
    sender_key = body.get("sender_key")
    return KeyRequest(
        request_id=str(request_id),
        user_id=str(sender),
        device_id=str(device_id),
        room_id=str(fields[0]),
        session_id=str(fields[1]),
        algorithm=str(fields[2]),
        sender_key=sender_key if isinstance(sender_key, str) and sender_key else None,
    )


class DeviceState(Enum):
    KNOWN = "known"
    UNKNOWN = "unknown"
    BLACKLISTED = "blacklisted"
    DELETED = "deleted"


@dataclass(frozen=True)
class Facts:
    """What the bot knows, at the time of deciding, about a request's context."""

    requester_dm: str | None  # the room recorded as the requester's DM with the bot
    requester_joined: bool  # the requester is a joined member of the requested room
    device: DeviceState  # the requesting device, in the bot's device store
    session_is_ours: bool  # the bot holds that session, created by itself, in that room


class Refusal(Enum):
    NOT_MEGOLM = "not a Megolm key"
    OWN_ACCOUNT = "from the bot's own account (nio answers its devices)"
    SERVER_NOT_ALLOWED = "from a homeserver that is not allowed"
    NOT_THEIR_DM = "the room is not the requester's DM with the bot"
    NOT_A_MEMBER = "the requester is not a joined member of the room"
    NOT_OUR_SESSION = "not a session the bot created in that room"
    DEVICE_UNKNOWN = "the requesting device is unknown"
    DEVICE_BLACKLISTED = "the requesting device is blacklisted"
    DEVICE_DELETED = "the requesting device was deleted"
    NO_OLM_SESSION = "no encrypted channel could be opened with the device"


class Verdict(Enum):
    GRANT = "grant"
    REFUSE = "refuse"
    WAIT = "wait"  # the device is not known yet: ask the server for its keys first


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    refusal: Refusal | None = None


GRANT = Decision(Verdict.GRANT)
WAIT = Decision(Verdict.WAIT, Refusal.DEVICE_UNKNOWN)


def decide(
    request: KeyRequest,
    facts: Facts,
    *,
    bot_user_id: str,
    bot_curve25519: str,
    allowed_servers: frozenset[str],
) -> Decision:
    """Whether to forward the requested room key (see the module docstring for why)."""

    def refuse(refusal: Refusal) -> Decision:
        return Decision(Verdict.REFUSE, refusal)

    if request.algorithm != MEGOLM:
        return refuse(Refusal.NOT_MEGOLM)
    if request.user_id == bot_user_id:
        return refuse(Refusal.OWN_ACCOUNT)
    if server_of(request.user_id) not in allowed_servers:
        return refuse(Refusal.SERVER_NOT_ALLOWED)
    if facts.requester_dm is None or facts.requester_dm != request.room_id:
        return refuse(Refusal.NOT_THEIR_DM)
    if not facts.requester_joined:
        return refuse(Refusal.NOT_A_MEMBER)
    if request.sender_key not in (None, bot_curve25519) or not facts.session_is_ours:
        return refuse(Refusal.NOT_OUR_SESSION)
    if facts.device is DeviceState.UNKNOWN:
        return WAIT
    if facts.device is DeviceState.BLACKLISTED:
        return refuse(Refusal.DEVICE_BLACKLISTED)
    if facts.device is DeviceState.DELETED:
        return refuse(Refusal.DEVICE_DELETED)
    return GRANT


@dataclass
class _Waiting:
    request: KeyRequest
    passes: int = 0


class KeySharing:
    """Collects the key requests of each sync; answers them in the upkeep after it."""

    def __init__(self, client: HarmonieClient, db: Database, allowed_servers: frozenset[str]):
        self._client = client
        self._db = db
        self._allowed = allowed_servers
        self._waiting: dict[tuple[str, str, str], _Waiting] = {}

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def collect(self, to_device_events: Iterable[Any]) -> None:
        """Keep the requests (and drop the cancelled ones) of a sync, in their order."""
        for event in to_device_events:
            source = getattr(event, "source", None)
            if not isinstance(source, dict):
                continue
            parsed = parse_request(source)
            if parsed is None or parsed.user_id == self._client.user_id:
                continue  # the bot's own devices: nio answers those
            key = (parsed.user_id, parsed.device_id, parsed.request_id)
            if isinstance(parsed, Cancellation):
                if self._waiting.pop(key, None) is not None:
                    log.info("room key request %s cancelled", parsed.request_id)
            elif key not in self._waiting:
                if len(self._waiting) >= MAX_WAITING:
                    log.warning("room key request %s dropped: too many", parsed.request_id)
                    continue
                self._waiting[key] = _Waiting(parsed)

    async def answer(self) -> int:
        """Decide on the waiting requests and forward the granted keys; how many were
        forwarded. Never raises for a request: the sync loop must go on."""
        if self._client.olm is None or not self._waiting:
            return 0
        try:
            return await self._answer()
        except StorageError as exc:
            log.error("key requests not answered, retried after the next sync: %s", exc)
        except STORE_ERRORS:
            raise  # nio's store (or the network) failed: the sync loop says so; retried next time
        except Exception:  # whatever a client asks must not stop the bot
            log.exception("key requests not answered; %d dropped", len(self._waiting))
            self._waiting.clear()
        return 0

    async def _answer(self) -> int:
        decisions = {key: await self._decide(w.request) for key, w in self._waiting.items()}
        unknown = {key[0] for key, decision in decisions.items() if decision is WAIT}
        if unknown:  # a device that just logged in: ask the server for its keys, once
            self._client.olm.users_for_key_query.update(unknown)
            with suppress(LocalProtocolError):  # another query took them already
                await self._client.keys_query()
            self._client.trust_devices(self._allowed)
            for key, decision in decisions.items():
                if decision is WAIT:
                    decisions[key] = await self._decide(self._waiting[key].request)
        granted = []
        for key, decision in decisions.items():
            if decision.verdict is Verdict.GRANT:
                granted.append(key)
            elif decision.verdict is Verdict.REFUSE or self._give_up(key):
                assert decision.refusal is not None
                self._refuse(key, decision.refusal)
        await self._open_channels(granted)
        return await self._forward(granted)

    async def _decide(self, request: KeyRequest) -> Decision:
        olm = self._client.olm
        identity = olm.account.identity_keys
        async with self._db.committed() as reader:
            dm = await reader.direct_rooms.room_for(request.user_id)
        room = self._client.rooms.get(request.room_id)
        joined = (
            room is not None
            and request.user_id in room.users
            and request.user_id not in room.invited_users
        )
        session = olm.inbound_group_store.get(
            request.room_id, identity["curve25519"], request.session_id
        )
        ours = (
            session is not None
            and session.ed25519 == identity["ed25519"]
            and not session.forwarding_chain
        )
        facts = Facts(dm, joined, self._device_state(request), ours)
        return decide(
            request,
            facts,
            bot_user_id=self._client.user_id,
            bot_curve25519=identity["curve25519"],
            allowed_servers=self._allowed,
        )

    def _device_state(self, request: KeyRequest) -> DeviceState:
        store = self._client.device_store
        device = (
            store[request.user_id].get(request.device_id)
            if request.user_id in store.users
            else None
        )
        if device is None:
            return DeviceState.UNKNOWN
        if device.deleted:
            return DeviceState.DELETED
        if self._client.olm.is_device_blacklisted(device):
            return DeviceState.BLACKLISTED
        return DeviceState.KNOWN

    def _give_up(self, key: tuple[str, str, str]) -> bool:
        """One more pass waited; True once the request has waited long enough."""
        waiting = self._waiting[key]
        waiting.passes += 1
        return waiting.passes >= MAX_PASSES

    def _refuse(self, key: tuple[str, str, str], refusal: Refusal) -> None:
        request = self._waiting.pop(key).request
        log.info(
            "room key request %s from device %s refused: %s",
            request.request_id,
            request.device_id,
            refusal.value,
        )

    async def _open_channels(self, granted: list[tuple[str, str, str]]) -> None:
        """Claim a one-time key of each granted device the bot has no Olm session with
        (a phone it never wrote to), as nio does for the bot's own devices."""
        missing: dict[str, set[str]] = {}
        for key in granted:
            device = self._client.device_store[key[0]][key[1]]
            if self._client.olm.session_store.get(device.curve25519) is None:
                missing.setdefault(key[0], set()).add(key[1])
        if not missing:
            return
        answer = await self._client.keys_claim({u: sorted(d) for u, d in missing.items()})
        claimed = sum(len(devices) for devices in missing.values())
        log.info("one-time keys claimed for %d device(s) asking for room keys", claimed)
        if not isinstance(answer, KeysClaimResponse):
            log.warning("one-time keys could not be claimed: %s", getattr(answer, "message", ""))

    async def _forward(self, granted: list[tuple[str, str, str]]) -> int:
        olm = self._client.olm
        own_key = olm.account.identity_keys["curve25519"]
        queued: set[tuple[str, str]] = set()
        for key in granted:
            request = self._waiting[key].request
            device = self._client.device_store[request.user_id][request.device_id]
            channel = olm.session_store.get(device.curve25519)
            if channel is None:
                if self._give_up(key):
                    self._refuse(key, Refusal.NO_OLM_SESSION)
                continue  # the claim may succeed at the next pass
            del self._waiting[key]
            if (device.curve25519, request.session_id) in queued:
                continue  # the same key asked twice by the same device
            session = olm.inbound_group_store.get(request.room_id, own_key, request.session_id)
            olm.outgoing_to_device_messages.append(
                olm._encrypt_forwarding_key(request.room_id, session, channel, device)
            )
            queued.add((device.curve25519, request.session_id))
            log.info(
                "room key %s of room %s forwarded to device %s (request %s)",
                request.session_id,
                request.room_id,
                request.device_id,
                request.request_id,
            )
        if queued:
            answers = await self._client.send_to_device_messages()
            failed = sum(isinstance(answer, ToDeviceError) for answer in answers)
            if failed:  # they stay queued in nio: the next upkeep sends them again
                log.warning("%d to-device message(s) not sent yet", failed)
        return len(queued)
