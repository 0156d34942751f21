"""The pieces integration tests are made of: a bot process and simulated agents."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bot.demo.homeserver import LocalHomeserver
from bot.demo.simulated import SimulatedAgent

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
    clock_file: Path | None = None
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
path = "state/harmonie.db"

[organisation]
name = "Commune de Test"
# the tests read an open campaign's figures (the default, results at its close, is tested
# in tests/unit/bot/handlers/test_report.py)
live_results = true
admins = {self.admins!r}
managers = {self.managers!r}
agents = {self.agents!r}
services = {self.services!r}
{f'agents_room = "{self.agents_room}"' if self.agents_room else ""}
{f'management_room = "{self.management_room}"' if self.management_room else ""}

[campaign]
invite_interval_seconds = 0.05
{self.extra_campaign}

[rollout]
{self.extra_rollout}

[logging]
level = "INFO"
""",
            encoding="utf-8",
        )

    def start(
        self, wait_ready: bool = True, crash_at: str | None = None, crash_on_pass: int = 1
    ) -> None:
        if not self.config_path.exists():
            self.write_config()
        env = {**os.environ, "HARMONIE_MATRIX__PASSWORD": self.password}
        env.pop("HARMONIE_CRASH_AT", None)
        env.pop("HARMONIE_CLOCK_FILE", None)
        if self.clock_file is not None:
            env["HARMONIE_CLOCK_FILE"] = str(self.clock_file)
        if crash_at is not None:
            env["HARMONIE_CRASH_AT"] = crash_at
            env["HARMONIE_CRASH_ON_PASS"] = str(crash_on_pass)
        log = self.log_path.open("ab")
        self._ready_mark = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(self.config_path)],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        if wait_ready:
            self.wait_for_log("ready: first sync handled", timeout=60)

    def log_text(self, since_start: bool = True) -> str:
        text = self.log_path.read_bytes()
        if since_start:
            text = text[self._ready_mark :]
        return text.decode("utf-8", "replace")

    def wait_for_log(self, needle: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.log_text():
                return
            if self.process is not None and self.process.poll() is not None:
                code = self.process.returncode
                raise AssertionError(f"bot exited with {code}:\n{self.log_text()}")
            time.sleep(0.05)
        raise AssertionError(f"bot log never said {needle!r}:\n{self.log_text()[-3000:]}")

    def stop(self) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.process = None
        return code

    def wait_for_exit(self, timeout: float = 30) -> int:
        """For a bot told to crash: wait for its death."""
        assert self.process is not None
        code = self.process.wait(timeout=timeout)
        self.process = None
        return code

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None


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
