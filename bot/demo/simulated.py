"""Simulated agents: real matrix-nio clients, used by the demo and by the test suite.

Each one logs in with its own device and E2EE store, opens an encrypted DM with the bot
like Element would, and records every message it receives, so that a test (or the demo's
self-check) can wait for the bot's answer. A second device of the same account, logged
in later, asks the senders for the keys it missed, as nheko does.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    ForwardedRoomKeyEvent,
    InviteMemberEvent,
    LoginResponse,
    MatrixRoom,
    MegolmEvent,
    RoomMemberEvent,
    RoomMessage,
    RoomSendResponse,
    SyncResponse,
    ToDeviceEvent,
)
from nio.crypto.attachments import decrypt_attachment
from nio.exceptions import EncryptionError, LocalProtocolError

from bot.matrix.direct import create_direct_room

# Synapse's default is 10 events per room and sync: an agent flooded by the bot faster than
# it syncs (a busy machine) would skip the rest, as nio does not fill a timeline's gaps.
TIMELINE_LIMIT = 500
LIVE_FILTER: dict[str, Any] = {"room": {"timeline": {"limit": TIMELINE_LIMIT}}}


@dataclass(frozen=True)
class ReceivedMessage:
    room_id: str
    sender: str
    event_id: str
    body: str
    content: dict[str, Any]
    encrypted: bool


class SimulatedAgentError(RuntimeError):
    """The simulated agent could not do what it was asked (login, send, wait)."""


class SimulatedAgent:
    def __init__(self, homeserver: str, user_id: str, password: str, store_dir: Path) -> None:
        store_dir.mkdir(parents=True, exist_ok=True)
        self.user_id = user_id
        self._password = password
        self.client = AsyncClient(
            homeserver,
            user_id,
            store_path=str(store_dir),
            config=AsyncClientConfig(
                encryption_enabled=True,
                store_sync_tokens=True,
                max_limit_exceeded=None,
                max_timeouts=None,
                backoff_factor=0.2,
                max_timeout_retry_wait_time=5,
            ),
        )
        self.received: list[ReceivedMessage] = []
        self.undecryptable = 0  # messages still unreadable (their key never came)
        self.gaps = 0  # live syncs whose timeline skipped events (more than TIMELINE_LIMIT)
        self._live = False  # past the first sync, whose history is cut on purpose
        self._changed = asyncio.Condition()
        self._joined: dict[str, set[str]] = {}
        self._sync_task: asyncio.Task[None] | None = None
        self._txn = itertools.count()
        self.client.add_event_callback(self._on_message, RoomMessage)
        self.client.add_event_callback(self._on_undecryptable, MegolmEvent)
        self.client.add_response_callback(self._retry_undecryptable, SyncResponse)
        self.client.add_response_callback(self._count_gaps, SyncResponse)
        self._waiting_for_keys: list[tuple[MatrixRoom, MegolmEvent]] = []
        self.client.add_event_callback(self._on_member, RoomMemberEvent)
        self.client.add_event_callback(self._on_invite, InviteMemberEvent)
        self.to_device: list[ToDeviceEvent] = []  # what other devices sent this one
        self.client.add_to_device_callback(self._on_to_device, ToDeviceEvent)

    def another_device(self, store_dir: Path) -> SimulatedAgent:
        """The same account on a new device (a new phone), not logged in yet."""
        return SimulatedAgent(self.client.homeserver, self.user_id, self._password, store_dir)

    async def start(self, device_name: str = "simulated agent", history: int | None = None) -> None:
        """Log in and keep syncing in the background; `history`: how many past events of
        each room the first sync brings (the server's default otherwise)."""
        answer = await self.client.login(self._password, device_name=device_name)
        if not isinstance(answer, LoginResponse):
            raise SimulatedAgentError(f"{self.user_id} could not log in: {answer}")
        self._accept_keys_forwarded_by_their_creator()
        first_filter = {"room": {"timeline": {"limit": history}}} if history else None
        await self.client.sync(timeout=0, full_state=True, sync_filter=first_filter)
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        self._live = True
        self._sync_task = asyncio.create_task(self._sync_forever())

    async def _sync_forever(self) -> None:
        while True:
            try:
                await self.client.sync_forever(timeout=10_000, sync_filter=LIVE_FILTER)
            except LocalProtocolError:
                # nio's upkeep asked for device keys just after a send had (a device that
                # writes as soon as it logs in): "no key query required" ends its loop.
                await asyncio.sleep(0.1)

    async def close(self) -> None:
        if self._sync_task is not None:
            self._sync_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._sync_task
        await self.client.close()

    async def open_direct_room(self, bot_id: str, within: float = 30) -> str:
        """Create an encrypted DM with the bot and wait until the bot has joined it."""
        room_id = await create_direct_room(self.client, bot_id)
        await self._wait(lambda: bot_id in self._joined.get(room_id, set()), within)
        return room_id

    async def send(self, room_id: str, body: str, *, content: dict[str, Any] | None = None) -> str:
        """Send a text (or a whole content), encrypted in encrypted rooms; the event id."""
        message = content or {"msgtype": "m.text", "body": body}
        answer = await self.client.room_send(
            room_id, "m.room.message", message, ignore_unverified_devices=True
        )
        if not isinstance(answer, RoomSendResponse):
            raise SimulatedAgentError(f"{self.user_id} could not send: {answer}")
        return str(answer.event_id)

    async def request_missing_keys(self) -> int:
        """Ask the devices of each unreadable message's sender for its room key, as nheko
        does (nio's `request_room_key` asks only this account's own devices); returns how
        many sessions were asked for. Queued in nio's outgoing list, so that nio knows
        the request and accepts the answer."""
        olm = self.client.olm
        assert olm is not None
        asked: set[str] = set()
        for _room, event in self._waiting_for_keys:
            if event.session_id in olm.outgoing_key_requests or event.session_id in asked:
                continue
            olm.outgoing_to_device_messages.append(
                event.as_key_request(event.sender, self.client.device_id)
            )
            asked.add(event.session_id)
        if asked:
            await self.client.send_to_device_messages()
        return len(asked)

    def _accept_keys_forwarded_by_their_creator(self) -> None:
        """Accept a requested room key forwarded by the very device that created the
        session, as nheko does: nio accepts forwards only from this account's own
        verified devices, so the bot's answer to a new phone would be thrown away."""
        olm = self.client.olm
        assert olm is not None
        nio_rule = olm._should_accept_forward

        def accept(sender: str, sender_key: str, event: ForwardedRoomKeyEvent) -> bool:
            if nio_rule(sender, sender_key, event):
                return True
            asked = olm.outgoing_key_requests.get(event.session_id)
            content = event.source.get("content", {})
            return bool(
                asked is not None
                and asked.room_id == event.room_id
                and content.get("sender_key") == sender_key  # forwarded by its creator
                and not content.get("forwarding_curve25519_key_chain")
            )

        olm._should_accept_forward = accept

    async def wait_for_devices(self, user_id: str, within: float = 30) -> None:
        """Until this client knows at least one device of `user_id` (keys queried)."""
        async with asyncio.timeout(within):
            while not list(self.client.device_store.active_user_devices(user_id)):
                if self.client.olm is not None:
                    self.client.olm.users_for_key_query.add(user_id)
                await asyncio.sleep(0.1)

    async def download(self, content: dict[str, Any]) -> bytes:
        """The file of an m.file / m.image event, fetched (authenticated media) and, for an
        encrypted one, decrypted as a client does."""
        encrypted = content.get("file")
        mxc = str(encrypted["url"] if encrypted else content["url"])
        server, _, media_id = mxc.removeprefix("mxc://").partition("/")
        response = await self.client.send(
            "GET",
            f"/_matrix/client/v1/media/download/{server}/{media_id}",
            headers={"Authorization": f"Bearer {self.client.access_token}"},
        )
        async with response:
            if response.status != 200:
                raise SimulatedAgentError(f"download failed: HTTP {response.status}")
            data = await response.read()
        if not encrypted:
            return bytes(data)
        return bytes(
            decrypt_attachment(
                data,
                encrypted["key"]["k"],
                encrypted["hashes"]["sha256"],
                encrypted["iv"],
            )
        )

    def messages_from(self, sender: str, room_id: str | None = None) -> list[ReceivedMessage]:
        return [
            m
            for m in self.received
            if m.sender == sender and (room_id is None or m.room_id == room_id)
        ]

    async def wait_for_messages(
        self, sender: str, count: int, room_id: str | None = None, within: float = 30
    ) -> list[ReceivedMessage]:
        """Wait until `count` messages from `sender` arrived; return them all."""
        await self._wait(lambda: len(self.messages_from(sender, room_id)) >= count, within)
        return self.messages_from(sender, room_id)

    async def wait_until_quiet(
        self, sender: str, room_id: str, quiet: float = 0.5, within: float = 10
    ) -> list[ReceivedMessage]:
        """Until nothing more from `sender` has come in `room_id` for `quiet` seconds (a
        reply sent in several messages is then whole), `within` seconds at most; what
        `sender` sent there."""
        loop = asyncio.get_running_loop()
        seen, since, deadline = -1, loop.time(), loop.time() + within
        while loop.time() < deadline:
            count = len(self.messages_from(sender, room_id))
            if count != seen:
                seen, since = count, loop.time()
            elif loop.time() - since >= quiet:
                break
            await asyncio.sleep(0.05)
        return self.messages_from(sender, room_id)

    async def wait_for(self, condition: Callable[[], bool], within: float = 30) -> None:
        """Wait until `condition()` holds, re-checked at every event received."""
        await self._wait(condition, within)

    async def _wait(self, condition: Callable[[], bool], within: float) -> None:
        try:
            async with asyncio.timeout(within), self._changed:
                await self._changed.wait_for(condition)
        except TimeoutError as exc:
            raise SimulatedAgentError(f"{self.user_id}: nothing after {within}s") from exc

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _on_message(self, room: MatrixRoom, event: RoomMessage) -> None:
        content = event.source.get("content", {})
        self.received.append(
            ReceivedMessage(
                room.room_id,
                event.sender,
                event.event_id,
                str(content.get("body", "")),
                content,
                bool(getattr(event, "decrypted", False)),
            )
        )
        await self._notify()

    async def _count_gaps(self, response: SyncResponse) -> None:
        if self._live:
            self.gaps += sum(info.timeline.limited for info in response.rooms.join.values())

    async def _on_undecryptable(self, room: MatrixRoom, event: MegolmEvent) -> None:
        """Like Element, keep it and try again when its room key arrives (after a sync)."""
        event.room_id = room.room_id
        self._waiting_for_keys.append((room, event))
        self.undecryptable += 1

    async def _retry_undecryptable(self, _response: SyncResponse) -> None:
        still_waiting = []
        for room, event in self._waiting_for_keys:
            try:
                decrypted = self.client.decrypt_event(event)
            except EncryptionError:
                still_waiting.append((room, event))
                continue
            if isinstance(decrypted, RoomMessage):
                self.undecryptable -= 1
                await self._on_message(room, decrypted)
        self._waiting_for_keys = still_waiting

    async def _on_to_device(self, event: ToDeviceEvent) -> None:
        self.to_device.append(event)
        await self._notify()

    async def _on_member(self, room: MatrixRoom, event: RoomMemberEvent) -> None:
        members = self._joined.setdefault(room.room_id, set())
        if event.membership == "join":
            members.add(event.state_key)
        else:
            members.discard(event.state_key)
        await self._notify()

    async def _on_invite(self, room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key == self.user_id and event.membership == "invite":
            await self.client.join(room.room_id)


async def say(agent: SimulatedAgent, bot_id: str, room_id: str, message: str) -> str:
    """Send `message` in `room_id` and return the bot's next message there."""
    before = len(agent.messages_from(bot_id, room_id))
    await agent.send(room_id, message)
    received = await agent.wait_for_messages(bot_id, before + 1, room_id, within=60)
    return received[before].body


async def say_all(agent: SimulatedAgent, bot_id: str, room_id: str, message: str) -> list[str]:
    """Send `message` in `room_id` and return the bot's answer there, in as many messages
    as it took (a long one is sent in parts)."""
    before = len(agent.messages_from(bot_id, room_id))
    await agent.send(room_id, message)
    await agent.wait_for_messages(bot_id, before + 1, room_id, within=60)
    received = await agent.wait_until_quiet(bot_id, room_id)
    return [m.body for m in received[before:]]
