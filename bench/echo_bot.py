"""The baseline of bench/load.py: the fastest a bot can answer on this homeserver.

A bare matrix-nio client that joins every invitation and answers each text message with
the same text, encrypted, at once (one task per message, no storage, no dialog). It keeps
its keys as any nio bot must (one-time keys, and a fallback key, without which two hundred
agents opening DMs at once exhaust them). Its own processing time per message (from the
moment nio starts reading the sync that carried it to the send request) is measured as the
bot's is, and written to HARMONIE_TIMINGS when it receives SIGTERM.

    python bench/echo_bot.py HOMESERVER USER_ID PASSWORD STORE_DIR
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from nio import (
    AsyncClientConfig,
    InviteMemberEvent,
    LoginResponse,
    MatrixRoom,
    MegolmEvent,
    RoomMessageText,
    SyncResponse,
)
from nio.exceptions import EncryptionError

from bot.matrix.client import HarmonieClient

SYNC_TIMEOUT_MS = 30_000


class EchoBot:
    def __init__(self, homeserver: str, user_id: str, store: Path) -> None:
        store.mkdir(parents=True, exist_ok=True)
        self.client = HarmonieClient(
            homeserver,
            user_id,
            store_path=str(store),
            config=AsyncClientConfig(encryption_enabled=True, max_timeouts=None),
        )
        self.durations: list[float] = []
        self.started_ms = 0
        self.tasks: set[asyncio.Task[None]] = set()
        self.client.add_event_callback(self._on_invite, InviteMemberEvent)
        self.client.add_event_callback(self._on_text, RoomMessageText)
        # A message whose room key comes a sync later (many agents at once): retried.
        self.waiting: list[tuple[MatrixRoom, MegolmEvent, float]] = []
        self.client.add_event_callback(self._on_undecryptable, MegolmEvent)

    async def run(self, password: str, stopping: asyncio.Event) -> None:
        answer = await self.client.login(password, device_name="echo bot")
        if not isinstance(answer, LoginResponse):
            raise SystemExit(f"echo bot could not log in: {answer}")
        self.started_ms = int(time.time() * 1000)
        first = True
        while not stopping.is_set():
            sync = asyncio.create_task(
                self.client.sync(timeout=0 if first else SYNC_TIMEOUT_MS, full_state=first)
            )
            stop = asyncio.create_task(stopping.wait())
            await asyncio.wait({sync, stop}, return_when=asyncio.FIRST_COMPLETED)
            if not sync.done():
                sync.cancel()
                break
            stop.cancel()
            await self._retry_undecryptable()
            await self.client.keep_keys()
            if isinstance(sync.result(), SyncResponse) and first:
                # Only now: its fallback key is up, so 200 agents claiming at once all get
                # a key to open an Olm session with (50 one-time keys would run out).
                print("echo bot ready", flush=True)
                first = False
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.client.close()

    async def _on_undecryptable(self, room: MatrixRoom, event: MegolmEvent) -> None:
        event.room_id = room.room_id
        self.waiting.append((room, event, self.client.sync_arrived_at))

    async def _retry_undecryptable(self) -> None:
        waiting, self.waiting = self.waiting, []
        for room, event, arrived_at in waiting:
            try:
                decrypted = self.client.decrypt_event(event)
            except EncryptionError:
                self.waiting.append((room, event, arrived_at))
                continue
            if isinstance(decrypted, RoomMessageText):
                self._answer(room, decrypted, arrived_at)

    async def _on_invite(self, room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key == self.client.user_id and event.membership == "invite":
            await self.client.join(room.room_id)

    async def _on_text(self, room: MatrixRoom, event: RoomMessageText) -> None:
        self._answer(room, event, self.client.sync_arrived_at)

    def _answer(self, room: MatrixRoom, event: RoomMessageText, arrived_at: float) -> None:
        if event.sender == self.client.user_id or event.server_timestamp < self.started_ms:
            return
        task = asyncio.create_task(self._echo(room.room_id, event.body, arrived_at))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _echo(self, room_id: str, body: str, arrived_at: float) -> None:
        content: dict[str, Any] = {"msgtype": "m.notice", "body": body}
        self.durations.append(time.perf_counter() - arrived_at)
        await self.client.room_send(
            room_id, "m.room.message", content, ignore_unverified_devices=True
        )


async def main(homeserver: str, user_id: str, password: str, store: str) -> None:
    bot = EchoBot(homeserver, user_id, Path(store))
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    await bot.run(password, stopping)
    path = os.environ.get("HARMONIE_TIMINGS")
    if path:
        timings = json.dumps({"seconds": bot.durations})
        await asyncio.to_thread(Path(path).write_text, timings, encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
