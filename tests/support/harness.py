"""The pieces integration tests are made of: a bot process and simulated agents.

Every wait here is asynchronous (the agents' sync loops share the test's event loop, so a
blocking wait would freeze them) and waits on state: the bot's readiness file
(bot/probes/readiness.py), its process, its database read-only. The log is read only by
tests whose subject is what the log says.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

from bot.demo.homeserver import LocalHomeserver
from bot.demo.simulated import SimulatedAgent
from storage.connection import numbered

REPO_ROOT = Path(__file__).resolve().parents[2]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@dataclass
class BotProcess:
    """`python -m bot run` in a subprocess, so that it can be killed for real."""

    homeserver: LocalHomeserver
    folder: Path
    user_id: str
    password: str
    allowed_servers: list[str] | None = None
    admins: list[str] = field(default_factory=list)
    managers: list[str] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    agents_room: str | None = None
    management_room: str | None = None
    extra_matrix: str = ""
    # Short waits for a missing room key, so that the undecryptable tests run fast.
    key_request_after: float = 1
    resend_request_after: float = 3
    extra_campaign: str = ""
    extra_rollout: str = ""
    extra_sections: str = ""  # whole TOML sections at the end, e.g. "[choice]\n…"
    clock_file: Path | None = None
    database_url: str | None = None  # PostgreSQL instead of the SQLite file
    # A structure's organisations this bot serves ({key: {name, admins, agents, …}}),
    # instead of the one [organisation].
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    staff: list[str] = field(default_factory=list)  # the structure's, with organisations
    process: subprocess.Popen[bytes] | None = None

    @property
    def config_path(self) -> Path:
        return self.folder / "config.toml"

    @property
    def log_path(self) -> Path:
        return self.folder / "bot.log"

    @property
    def db_path(self) -> Path:
        return self.folder / "state" / "harmonie.db"

    @property
    def ready_path(self) -> Path:
        return self.folder / "ready"

    def write_config(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        allowed = self.allowed_servers or [self.homeserver.server_name]
        self.config_path.write_text(
            f"""
[matrix]
homeserver = "{self.homeserver.url}"
user_id = "{self.user_id}"
device_name = "Harmonie test"
store_path = "state/store"
allowed_servers = {allowed!r}
key_request_after_seconds = {self.key_request_after}
resend_request_after_seconds = {self.resend_request_after}
{self.extra_matrix}

[storage]
{f'url = "{self.database_url}"' if self.database_url else 'path = "state/harmonie.db"'}

{self._organisations()}

[campaign]
invite_interval_seconds = 0.05
{self.extra_campaign}

[rollout]
{self.extra_rollout}

[logging]
level = "INFO"

{self.extra_sections}
""",
            encoding="utf-8",
        )

    def _organisations(self) -> str:
        """The one [organisation] of a commune, or a structure's [organisations.<key>]."""
        if self.organisations:
            tables = [
                f'[structure]\nname = "Centre de gestion de test"\nstaff = {_toml(self.staff)}'
            ]
            for key, settings in self.organisations.items():
                lines = [f"{name} = {_toml(value)}" for name, value in settings.items()]
                tables.append(f"[organisations.{key}]\n" + "\n".join(lines))
            return "\n\n".join(tables)
        return f"""[organisation]
name = "Commune de Test"
# the tests read an open campaign's figures (the default, results at its close, is tested
# in tests/unit/bot/handlers/test_report.py)
live_results = true
admins = {self.admins!r}
managers = {self.managers!r}
agents = {self.agents!r}
services = {self.services!r}
{f'agents_room = "{self.agents_room}"' if self.agents_room else ""}
{f'management_room = "{self.management_room}"' if self.management_room else ""}"""

    async def start(
        self, wait_ready: bool = True, crash_at: str | None = None, crash_on_pass: int = 1
    ) -> None:
        """Start the process; by default, return once its first sync is handled."""
        if not self.config_path.exists():
            self.write_config()
        env = {**os.environ, "HARMONIE_MATRIX__PASSWORD": self.password}
        env.pop("HARMONIE_CRASH_AT", None)
        env.pop("HARMONIE_CLOCK_FILE", None)
        env["HARMONIE_READY_FILE"] = str(self.ready_path)
        self.ready_path.unlink(missing_ok=True)
        if self.clock_file is not None:
            env["HARMONIE_CLOCK_FILE"] = str(self.clock_file)
        if crash_at is not None:
            env["HARMONIE_CRASH_AT"] = crash_at
            env["HARMONIE_CRASH_ON_PASS"] = str(crash_on_pass)
        log = self.log_path.open("ab")
        self._ready_mark = self.log_path.stat().st_size
        self.process = await asyncio.to_thread(
            subprocess.Popen,
            [sys.executable, "-m", "bot", "run", "--config", str(self.config_path)],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        if wait_ready:
            await self.wait_ready()

    async def wait_ready(self, within: float = 60) -> None:
        """Until this process has handled its first sync (it writes the readiness file)."""
        await self.wait_until(self.ready_path.exists, "its first sync handled", within)

    async def wait_until(
        self, condition: Callable[[], bool], what: str, within: float = 30
    ) -> None:
        """Until `condition()` holds, failing at once if the process dies meanwhile."""
        deadline = time.monotonic() + within
        while not condition():
            if self.process is not None and self.process.poll() is not None:
                code = self.process.returncode
                raise AssertionError(f"bot exited with {code} before {what}:\n{self.log_text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"bot: not {what} after {within}s:\n{self.tail()}")
            await asyncio.sleep(0.02)

    def query(self, sql: str, *parameters: object) -> list[Any]:
        """Rows of the bot's database, read-only (the bot may be writing meanwhile)."""
        if not self.db_path.exists():
            return []
        uri = f"file:{self.db_path}?mode=ro"
        with sqlite3.connect(uri, uri=True, timeout=5) as db:
            return db.execute(sql, parameters).fetchall()

    async def rows(self, sql: str, *parameters: object) -> list[tuple[Any, ...]]:
        """Rows of the bot's database, SQLite or PostgreSQL (`?` placeholders either way)."""
        if self.database_url is None:
            return [tuple(row) for row in self.query(sql, *parameters)]
        conn = await asyncpg.connect(self.database_url)
        try:
            return [tuple(r) for r in await conn.fetch(numbered(sql), *parameters)]
        finally:
            await conn.close()

    def log_text(self, since_start: bool = True) -> str:
        text = self.log_path.read_bytes()
        if since_start:
            text = text[self._ready_mark :]
        return text.decode("utf-8", "replace")

    def tail(self) -> str:
        return self.log_text()[-3000:]

    async def wait_for_log(self, needle: str, within: float = 30) -> None:
        """For tests whose subject is what the log says (a warning, a status line)."""
        await self.wait_until(lambda: needle in self.log_text(), f"logged {needle!r}", within)

    async def stop(self) -> int:
        """SIGTERM, then the exit code once the process has stopped cleanly."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(self.process.wait, 30)
        self.process = None
        return code

    async def wait_for_exit(self, within: float = 30) -> int:
        """For a bot told to crash: wait for its death."""
        assert self.process is not None
        code = await asyncio.to_thread(self.process.wait, within)
        self.process = None
        return code

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None


def _toml(value: Any) -> str:
    """A TOML value: a string, a boolean, a number or a list of strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return str(value)


def new_bot(homeserver: LocalHomeserver, folder: Path, **options: object) -> BotProcess:
    localpart = unique("bot")
    password = secrets.token_urlsafe(12)
    homeserver.register_user(localpart, password, inhibit_login=True)
    user_id = f"@{localpart}:{homeserver.server_name}"
    return BotProcess(homeserver, folder, user_id, password, **options)  # type: ignore[arg-type]


def new_agent(homeserver: LocalHomeserver, folder: Path, prefix: str = "agent") -> SimulatedAgent:
    localpart = unique(prefix)
    password = secrets.token_urlsafe(12)
    homeserver.register_user(localpart, password, inhibit_login=True)
    user_id = f"@{localpart}:{homeserver.server_name}"
    return SimulatedAgent(homeserver.url, user_id, password, folder / localpart)
