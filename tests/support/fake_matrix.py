"""A fake homeserver behind the real nio client: the adapter's unit tests run nio's own
request building, response parsing, rate-limit and retry logic against scripted answers.

As httpx's `MockTransport` does, the fake sits at the transport: `FakeClient` is a
`HarmonieClient` whose `send` (nio's one HTTP call) goes to a `FakeHomeserver` instead of
aiohttp. The homeserver answers each Client-Server API path the bot uses, records every
request and every accepted message (room, content, transaction id), and lets a test
script sync batches (spec-shaped dicts that nio parses into `SyncResponse`), send
failures (HTTP errors, a 429 with `retry_after_ms`, a network error raised) and room
creations. Like Synapse, a message resent with a transaction id already accepted gets the
same event id and is not stored twice.

A little over 400 lines, kept in one file: the homeserver, the client on it and the shapes
of what they exchange (sync batches, an agent's encrypted messages) are read together.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import vodozemac
from aiohttp import ClientConnectionError
from nio import AsyncClientConfig
from nio.crypto.sessions import InboundGroupSession, OutboundGroupSession

from bot.matrix.client import HarmonieClient

BOT = "@harmonie:mairie.fr"
BOT_DEVICE = "HARMONIEDEV"
SERVER = "mairie.fr"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any


@dataclass(frozen=True)
class Sent:
    """A message the homeserver accepted."""

    room_id: str
    event_type: str
    content: dict[str, Any]
    txn_id: str
    event_id: str


@dataclass(frozen=True)
class Answer:
    """A scripted HTTP answer: a status and a JSON body."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)


def rate_limited(retry_after_ms: int) -> Answer:
    return Answer(
        429, {"errcode": "M_LIMIT_EXCEEDED", "error": "Too many", "retry_after_ms": retry_after_ms}
    )


def answer_with(status: int, errcode: str) -> Answer:
    return Answer(status, {"errcode": errcode, "error": errcode})


def server_error() -> Answer:
    return Answer(502, {"errcode": "M_UNKNOWN", "error": "Bad gateway"})


def network_down() -> BaseException:
    """Raised by the transport: the request never reached the homeserver."""
    return ClientConnectionError("connection reset by the fake network")


# The homeserver stored the message, but its answer was lost: the client sees a network
# error, and its retry with the same transaction id must not make a second message.
ACCEPTED_THEN_LOST = Answer(200, {"accepted": "then lost"})


class FakeTransportResponse:
    """The slice of aiohttp's `ClientResponse` nio and `bot.matrix.direct` read."""

    def __init__(self, answer: Answer) -> None:
        self.status = answer.status
        self._body = answer.body
        self.content_type = "application/json"
        self.content_disposition = None

    async def json(self, **_: Any) -> Any:
        return self._body

    async def text(self) -> str:
        return json.dumps(self._body)

    async def read(self) -> bytes:
        return json.dumps(self._body).encode()

    def release(self) -> None:
        pass

    async def __aenter__(self) -> FakeTransportResponse:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release()


class FakeHomeserver:
    """Answers the bot's requests; what a test scripts is consumed in order."""

    def __init__(self, user_id: str = BOT, device_id: str = BOT_DEVICE) -> None:
        self.user_id = user_id
        self.device_id = device_id
        self.requests: list[Request] = []
        self.sent: list[Sent] = []  # accepted messages, in the order they were accepted
        self.send_attempts: list[tuple[str, str]] = []  # (room id, txn id) of each PUT
        # The next answers to sends in a room, in order (then: accepted).
        self.send_script: dict[str, list[Answer | BaseException]] = {}
        self.create_script: list[Answer] = []  # next createRoom answers, in order
        self.created: list[dict[str, Any]] = []  # createRoom bodies of the rooms made
        self.joined: list[str] = []
        self.account_data: dict[str, dict[str, Any]] = {}
        self._syncs: asyncio.Queue[dict[str, Any] | BaseException] = asyncio.Queue()
        self._by_txn: dict[tuple[str, str], str] = {}
        self._room_count = 0
        self._routes: list[tuple[str, re.Pattern[str], Any]] = [
            ("GET", re.compile(r"/account/whoami$"), self._whoami),
            ("GET", re.compile(r"/sync$"), self._sync),
            ("PUT", re.compile(r"/rooms/([^/]+)/send/([^/]+)/([^/]+)$"), self._room_send),
            ("POST", re.compile(r"/createRoom$"), self._create_room),
            ("POST", re.compile(r"/join/([^/]+)$"), self._join),
            ("GET", re.compile(r"/user/[^/]+/account_data/([^/]+)$"), self._get_account_data),
            ("PUT", re.compile(r"/user/[^/]+/account_data/([^/]+)$"), self._put_account_data),
            ("POST", re.compile(r"/keys/upload$"), self._keys_upload),
            ("POST", re.compile(r"/keys/query$"), self._keys_query),
            ("POST", re.compile(r"/keys/claim$"), self._keys_claim),
            ("PUT", re.compile(r"/sendToDevice/"), self._empty),
            ("GET", re.compile(r"/rooms/[^/]+/messages$"), self._no_messages),
        ]

    # ------------------------------------------------------------------ scripting

    def queue_sync(self, batch: dict[str, Any] | BaseException) -> None:
        """The next /sync answers this batch (or raises this error); with none queued, a
        /sync waits as a long poll does."""
        self._syncs.put_nowait(batch)

    def syncs_asked(self) -> list[str | None]:
        """The `since` token of every /sync request, in order."""
        return [r.query.get("since", [None])[0] for r in self.requests if r.path.endswith("/sync")]

    def sent_to(self, room_id: str) -> list[str]:
        return [s.content.get("body", "") for s in self.sent if s.room_id == room_id]

    # ------------------------------------------------------------------ transport

    async def handle(self, method: str, url: str, data: Any) -> FakeTransportResponse:
        parsed = urlparse(url)
        body = json.loads(data) if isinstance(data, str | bytes) and data else None
        request = Request(method, unquote(parsed.path), parse_qs(parsed.query), body)
        self.requests.append(request)
        for route_method, pattern, handler in self._routes:
            match = pattern.search(parsed.path)
            if route_method == method and match:
                groups = [unquote(g) for g in match.groups()]
                answer = await handler(request, *groups)
                return FakeTransportResponse(answer)
        return FakeTransportResponse(Answer(404, {"errcode": "M_UNRECOGNIZED", "error": url}))

    async def _whoami(self, request: Request) -> Answer:
        return Answer(200, {"user_id": self.user_id, "device_id": self.device_id})

    async def _sync(self, request: Request) -> Answer:
        batch = await self._syncs.get()
        if isinstance(batch, BaseException):
            raise batch
        return Answer(200, batch)

    async def _room_send(self, request: Request, room_id: str, event_type: str, txn: str) -> Answer:
        self.send_attempts.append((room_id, txn))
        scripted = self.send_script.get(room_id, [])
        if scripted:
            answer = scripted.pop(0)
            if answer is ACCEPTED_THEN_LOST:
                self._accept(room_id, event_type, request.body or {}, txn)
                raise ClientConnectionError("the answer was lost on the way back")
            if isinstance(answer, BaseException):
                raise answer
            if answer.status != 200:
                return answer
        event_id = self._accept(room_id, event_type, request.body or {}, txn)
        return Answer(200, {"event_id": event_id})

    def _accept(self, room_id: str, event_type: str, content: dict[str, Any], txn: str) -> str:
        """Store a message once per transaction id, as the spec asks of the homeserver."""
        known = self._by_txn.get((room_id, txn))
        if known is None:
            known = f"$ev{len(self._by_txn) + 1}"
            self._by_txn[(room_id, txn)] = known
            self.sent.append(Sent(room_id, event_type, content, txn, known))
        return known

    async def _create_room(self, request: Request) -> Answer:
        if self.create_script:
            return self.create_script.pop(0)
        self._room_count += 1
        self.created.append(request.body or {})
        return Answer(200, {"room_id": f"!dm{self._room_count}:{SERVER}"})

    async def _join(self, request: Request, room_id: str) -> Answer:
        self.joined.append(room_id)
        return Answer(200, {"room_id": room_id})

    async def _get_account_data(self, request: Request, kind: str) -> Answer:
        if kind not in self.account_data:
            return Answer(404, {"errcode": "M_NOT_FOUND", "error": "no such data"})
        return Answer(200, self.account_data[kind])

    async def _put_account_data(self, request: Request, kind: str) -> Answer:
        self.account_data[kind] = request.body or {}
        return Answer(200, {})

    async def _keys_upload(self, request: Request) -> Answer:
        count = len((request.body or {}).get("one_time_keys", {}))
        return Answer(200, {"one_time_key_counts": {"signed_curve25519": count or 50}})

    async def _keys_query(self, request: Request) -> Answer:
        return Answer(200, {"device_keys": {}, "failures": {}})

    async def _keys_claim(self, request: Request) -> Answer:
        return Answer(200, {"one_time_keys": {}, "failures": {}})

    async def _empty(self, request: Request) -> Answer:
        return Answer(200, {})

    async def _no_messages(self, request: Request) -> Answer:
        return Answer(200, {"chunk": [], "start": "s", "end": "s"})


class FakeClient(HarmonieClient):
    """The real client, with its HTTP requests answered by a `FakeHomeserver`; `config` is
    the bot's own (`bot.matrix.client.client_config`), waits between retries shortened."""

    def __init__(
        self, homeserver: FakeHomeserver, store_path: Path, config: AsyncClientConfig
    ) -> None:
        super().__init__(
            "https://matrix.mairie.fr",
            homeserver.user_id,
            store_path=str(store_path),
            config=replace(config, backoff_factor=0.01, max_timeout_retry_wait_time=0.05),
        )
        self.homeserver = homeserver

    async def send(
        self,
        method: str,
        path: str,
        data: Any = None,
        headers: dict[str, str] | None = None,
        trace_context: Any | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> Any:
        return await self.homeserver.handle(method, path, data)


# ---------------------------------------------------------------------- sync batches


def sync_batch(
    next_batch: str,
    *,
    join: dict[str, list[dict[str, Any]]] | None = None,
    state: dict[str, list[dict[str, Any]]] | None = None,
    invite: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """A /sync body as the spec shapes it: timeline events and state per joined room,
    stripped state per invitation."""
    rooms_join = {
        room_id: {
            "timeline": {"events": events, "limited": False, "prev_batch": f"p-{next_batch}"},
            "state": {"events": (state or {}).get(room_id, [])},
            "ephemeral": {"events": []},
            "account_data": {"events": []},
            "summary": {},
            "unread_notifications": {},
        }
        for room_id, events in (join or {}).items()
    }
    for room_id, events in (state or {}).items():
        rooms_join.setdefault(
            room_id,
            {
                "timeline": {"events": [], "limited": False, "prev_batch": f"p-{next_batch}"},
                "state": {"events": events},
                "ephemeral": {"events": []},
                "account_data": {"events": []},
                "summary": {},
                "unread_notifications": {},
            },
        )
    rooms_invite = {
        room_id: {"invite_state": {"events": events}} for room_id, events in (invite or {}).items()
    }
    return {
        "next_batch": next_batch,
        "rooms": {"join": rooms_join, "invite": rooms_invite, "leave": {}},
        "to_device": {"events": []},
        "device_lists": {"changed": [], "left": []},
        "device_one_time_keys_count": {"signed_curve25519": 50},
        "device_unused_fallback_key_types": ["signed_curve25519"],
        "account_data": {"events": []},
        "presence": {"events": []},
    }


def member(user_id: str, membership: str = "join", **content: Any) -> dict[str, Any]:
    return {
        "type": "m.room.member",
        "state_key": user_id,
        "sender": user_id,
        "event_id": f"$member-{user_id}-{membership}",
        "origin_server_ts": 1,
        "content": {"membership": membership, **content},
    }


def members(*user_ids: str) -> list[dict[str, Any]]:
    """The state of a room everyone named has joined."""
    return [member(user_id) for user_id in user_ids]


def text_message(sender: str, body: str, event_id: str, ts: int) -> dict[str, Any]:
    return {
        "type": "m.room.message",
        "sender": sender,
        "event_id": event_id,
        "origin_server_ts": ts,
        "content": {"msgtype": "m.text", "body": body},
    }


def dm_invitation(inviter: str, invited: str = BOT) -> list[dict[str, Any]]:
    """The stripped state of an invitation to a direct chat."""
    return [
        {
            "type": "m.room.member",
            "state_key": invited,
            "sender": inviter,
            "content": {"membership": "invite", "is_direct": True},
        },
        {
            "type": "m.room.member",
            "state_key": inviter,
            "sender": inviter,
            "content": {"membership": "join"},
        },
    ]


async def sync_rooms(client: FakeClient, rooms: dict[str, list[str]], token: str = "s1") -> None:
    """One sync through the client that shows these rooms joined by these users, as the
    homeserver would after the DMs were made (nio learns rooms only from a sync)."""
    state = {room_id: members(*users) for room_id, users in rooms.items()}
    client.homeserver.queue_sync(sync_batch(token, state=state))
    await client.sync(timeout=0, full_state=True)


class AgentDevice:
    """An agent's device that writes in a Megolm session; the test decides when (if ever)
    its room key reaches the bot."""

    def __init__(self, user_id: str, device_id: str = "AGENTPHONE") -> None:
        account = vodozemac.Account()
        self.user_id = user_id
        self.device_id = device_id
        self.curve25519 = account.curve25519_key.to_base64()
        self.ed25519 = account.ed25519_key.to_base64()
        self.session = OutboundGroupSession()
        self.session.shared = True  # encrypt before any key was sent: a late key
        self.first_key = self.session.session_key  # opens every message, from index 0

    def encrypted(self, room_id: str, body: str, event_id: str, ts: int) -> dict[str, Any]:
        """An m.room.encrypted timeline event carrying a text message."""
        payload = {
            "type": "m.room.message",
            "content": {"msgtype": "m.text", "body": body},
            "room_id": room_id,
        }
        return {
            "type": "m.room.encrypted",
            "sender": self.user_id,
            "event_id": event_id,
            "origin_server_ts": ts,
            "content": {
                "algorithm": "m.megolm.v1.aes-sha2",
                "sender_key": self.curve25519,
                "ciphertext": self.session.encrypt(json.dumps(payload)),
                "session_id": self.session.id,
                "device_id": self.device_id,
            },
        }

    def give_key(self, client: HarmonieClient, room_id: str) -> None:
        """The room key reaches the bot (what an m.room_key to-device message does)."""
        assert client.olm is not None
        client.olm.inbound_group_store.add(
            InboundGroupSession(self.first_key, self.ed25519, self.curve25519, room_id)
        )
