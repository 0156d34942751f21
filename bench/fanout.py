"""How fast opening a campaign reaches 1,000 agents, next to a bare client making DMs.

On one throwaway local Synapse, the admin opens a campaign (`!campagne ouvrir Bench`, in an
encrypted DM with a real bot process, `python -m bot run`); the bot then opens an encrypted
DM with each configured agent and sends the invitation through its outbox. The time runs
from the admin's command to the moment the homeserver accepted the last message of the
last invitation (`outbox.sent_at`, read from the bot's SQLite file, read-only, every
0.5 s). In the same run, on the same homeserver, a bare matrix-nio client (a fresh account
each time) creates an encrypted DM with each of the same agents and sends in it: one DM at
a time with one message, as the bot's inviter goes; one DM at a time with as many messages
as the bot's invitation has; several DMs at once with one message. The CPU time Synapse
and the client used during each measure is read from /proc.

The agents are not running clients: each is an account with one device whose identity and
one-time keys were uploaded once (`--no-agent-keys`: no device at all), so that the bot
and the baseline encrypt for one device per agent, as for an agent who has Tchap on one
device. The bot runs with `invite_interval_seconds = 0`; in production it is 1.0 (Tchap's
guidance for bulk invitations: about one call per second).

    python bench/fanout.py [--agents 1000] [--concurrency 8] [--no-agent-keys] [--keep]

Prints figures; exits 0 when the run completes (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import platform
import resource
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import vodozemac
from nio import (
    AsyncClient,
    AsyncClientConfig,
    LocalProtocolError,
    LoginResponse,
    RoomSendResponse,
)

from bot.demo.homeserver import LocalHomeserver, RegisteredUser
from bot.demo.simulated import SimulatedAgent
from bot.matrix.direct import create_direct_room

REPO_ROOT = Path(__file__).resolve().parents[1]
TITLE = "Bench"
REGISTRATION_THREADS = 8
ONE_TIME_KEYS = 5  # one is claimed by the bot and one by each baseline
POLL_SECONDS = 0.5
STALL_SECONDS = 180.0  # no invitation delivered for this long: the run is reported as is
PROGRESS_SECONDS = 15.0
# About the size of one of the bot's invitation messages.
BASELINE_BODY = (
    "Bonjour ! La Commune de Bench évalue ses outils de travail à distance et de "
    "collaboration. Votre avis compte : répondez à quelques questions ici même, à votre "
    "rythme (environ 10 minutes). Vos réponses ne sont montrées que sous forme agrégée."
)
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# ------------------------------------------------------------------ accounts


def _canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _signed(
    account: vodozemac.Account, user_id: str, device_id: str, value: dict[str, Any]
) -> dict[str, Any]:
    signature = account.sign(_canonical(value)).to_base64()
    return {**value, "signatures": {user_id: {f"ed25519:{device_id}": signature}}}


def upload_device_keys(homeserver: str, user: RegisteredUser) -> None:
    """Give the account's device identity keys and one-time keys, as a client's first
    start does, without keeping a client: the device can be encrypted for."""
    assert user.device_id is not None and user.access_token is not None
    account = vodozemac.Account()
    device = user.device_id
    device_keys = {
        "user_id": user.user_id,
        "device_id": device,
        "algorithms": ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"],
        "keys": {
            f"curve25519:{device}": account.curve25519_key.to_base64(),
            f"ed25519:{device}": account.ed25519_key.to_base64(),
        },
    }
    account.generate_one_time_keys(ONE_TIME_KEYS)
    one_time_keys = {
        f"signed_curve25519:{key_id}": _signed(
            account, user.user_id, device, {"key": key.to_base64()}
        )
        for key_id, key in account.one_time_keys.items()
    }
    body = {
        "device_keys": _signed(account, user.user_id, device, device_keys),
        "one_time_keys": one_time_keys,
    }
    request = urllib.request.Request(
        homeserver + "/_matrix/client/v3/keys/upload",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {user.access_token}",
            "Content-Type": "application/json",
        },
    )
    with _opener.open(request, timeout=30) as response:
        counts = json.load(response).get("one_time_key_counts", {})
    if counts.get("signed_curve25519") != ONE_TIME_KEYS:
        raise RuntimeError(f"{user.user_id}: one-time keys not stored: {counts}")


def register_agents(
    homeserver: LocalHomeserver, count: int, with_keys: bool
) -> tuple[list[str], float]:
    """`count` fresh agent accounts (registered `REGISTRATION_THREADS` at a time); the
    user ids and the seconds it took."""

    def one(number: int) -> str:
        user = homeserver.register_user(
            f"agent{number:05d}", secrets.token_urlsafe(12), inhibit_login=not with_keys
        )
        if with_keys:
            upload_device_keys(homeserver.url, user)
        return user.user_id

    started = time.perf_counter()
    with ThreadPoolExecutor(REGISTRATION_THREADS) as pool:
        agents = list(pool.map(one, range(count)))
    return agents, time.perf_counter() - started


@dataclass(frozen=True)
class Account:
    user_id: str
    password: str


def new_account(homeserver: LocalHomeserver, localpart: str) -> Account:
    """An account that logs in by itself later (no device left behind by registration)."""
    password = secrets.token_urlsafe(12)
    user = homeserver.register_user(localpart, password, inhibit_login=True)
    return Account(user.user_id, password)


# ------------------------------------------------------------------ the bot process


class BotProcess:
    """`python -m bot run` in a subprocess of its own process group, stopped by `stop()`."""

    def __init__(self, folder: Path, homeserver: LocalHomeserver, account: Account) -> None:
        self.folder = folder
        self.homeserver = homeserver
        self.account = account
        self.config_path = folder / "config.toml"
        self.log_path = folder / "bot.log"
        self.db_path = folder / "state" / "harmonie.db"
        self.process: subprocess.Popen[bytes] | None = None

    def write_config(self, admins: list[str], agents: list[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(
            f"""
[matrix]
homeserver = "{self.homeserver.url}"
user_id = "{self.account.user_id}"
device_name = "Harmonie bench"
store_path = "state/store"
allowed_servers = ["{self.homeserver.server_name}"]

[storage]
path = "state/harmonie.db"

[organisation]
name = "Commune de Bench"
admins = {json.dumps(admins)}
agents = {json.dumps(agents)}

[campaign]
invite_interval_seconds = 0

[logging]
level = "INFO"
""",
            encoding="utf-8",
        )

    def start(self, timeout: float = 120) -> None:
        """Start the bot and wait for its first sync."""
        env = {**os.environ, "HARMONIE_MATRIX__PASSWORD": self.account.password}
        for name in ("HARMONIE_CRASH_AT", "HARMONIE_CLOCK_FILE"):
            env.pop(name, None)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--config", str(self.config_path)],
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                process_group=0,  # Ctrl-C reaches the bench only, which then stops the bot
            )
        deadline = time.monotonic() + timeout
        while b"ready: first sync handled" not in self.log_path.read_bytes():
            self.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"the bot was not ready within {timeout:g} s: {self.log_path}")
            time.sleep(0.1)

    def check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"the bot exited with {self.process.returncode}:\n{tail}")

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ------------------------------------------------------------------ CPU and wall time


def _cpu_seconds(pid: int | None) -> float:
    """User + system CPU time a process has used so far (Linux /proc); 0 if unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def synapse_pid() -> int | None:
    """Synapse, found among this process's children by its command line."""
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            with contextlib.suppress(OSError):
                if b"synapse.app.homeserver" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return int(pid)
    return None


@dataclass(frozen=True)
class Usage:
    """What one measure cost: wall time, and CPU seconds of Synapse and of the client."""

    seconds: float
    synapse_cpu: float
    client_cpu: float


class Meter:
    """Wall and CPU time between `start()` and `stop()`; the client is a process (the bot)
    or, when `client_pid` is None, this process (the baseline clients)."""

    def __init__(self, client_pid: int | None) -> None:
        self._synapse = synapse_pid()
        self._client = client_pid
        self._start = (0.0, 0.0, 0.0)

    def _now(self) -> tuple[float, float, float]:
        client = _cpu_seconds(self._client) if self._client else _own_cpu_seconds()
        return time.perf_counter(), _cpu_seconds(self._synapse), client

    def start(self) -> None:
        self._start = self._now()

    def stop(self) -> Usage:
        end = self._now()
        wall, synapse, client = (b - a for a, b in zip(self._start, end, strict=True))
        return Usage(wall, synapse, client)


# ------------------------------------------------------------------ the bot's fan-out


@dataclass(frozen=True)
class Invitation:
    """One agent's invitation, as the bot's database records it (times in UTC)."""

    room_id: str | None
    requested: datetime  # participations.invite_requested_at: the inviter took it up
    first_sent: datetime | None  # its first message accepted by the homeserver
    delivered: datetime | None  # the last of its messages accepted (outbox.sent_at)
    messages: int


def read_invitations(db_path: Path) -> list[Invitation]:
    """The invitations of the latest campaign so far, from a read-only connection."""
    if not db_path.exists():
        return []
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        outbox = {
            room_id: (total, sent, first, last)
            for room_id, total, sent, first, last in db.execute(
                "SELECT room_id, COUNT(*), COUNT(sent_at), MIN(sent_at), MAX(sent_at)"
                " FROM outbox GROUP BY room_id"
            )
        }
        rows = db.execute(
            "SELECT room_id, invite_requested_at, invited_at FROM participations"
            " WHERE campaign_id = (SELECT MAX(id) FROM campaigns)"
            " AND invite_requested_at IS NOT NULL"
        ).fetchall()
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        db.close()
    invitations = []
    for room_id, requested, invited in rows:
        total, sent, first, last = outbox.get(room_id, (0, 0, None, None))
        done = invited is not None and total > 0 and sent == total
        invitations.append(
            Invitation(
                room_id=room_id,
                requested=datetime.fromisoformat(requested),
                first_sent=datetime.fromisoformat(first) if first else None,
                delivered=datetime.fromisoformat(last) if done else None,
                messages=total,
            )
        )
    return invitations


def read_dms_made(synapse_db: Path) -> dict[str, datetime]:
    """When each DM with an agent existed, agent invited (Synapse's event timestamps)."""
    db = sqlite3.connect(f"file:{synapse_db}?mode=ro", uri=True, timeout=10)
    try:
        rows = db.execute(
            "SELECT room_id, MIN(origin_server_ts) FROM events"
            " WHERE type = 'm.room.member' AND state_key LIKE '@agent%' GROUP BY room_id"
        ).fetchall()
    finally:
        db.close()
    return {room_id: datetime.fromtimestamp(ms / 1000, UTC) for room_id, ms in rows}


@dataclass(frozen=True)
class FanoutResult:
    answered: float  # seconds from the command to the bot's "ouverte"
    started: datetime  # when the admin's command was sent
    invitations: list[Invitation]
    dms_made: dict[str, datetime]  # room id -> agent invited, for the bot's rooms
    usage: Usage  # from the command to the last invitation delivered
    complete: bool

    def delivered(self) -> list[Invitation]:
        done = [i for i in self.invitations if i.delivered is not None]
        return sorted(done, key=lambda i: i.delivered or i.requested)

    def messages_per_invitation(self) -> int:
        done = self.delivered()
        return round(statistics.median(i.messages for i in done)) if done else 0


async def open_campaign(
    bot: BotProcess, admin: SimulatedAgent, agents: int, synapse_db: Path
) -> FanoutResult:
    """The admin's command, then the bot's database polled until every agent has the last
    message of their invitation (or nothing moved for STALL_SECONDS)."""
    bot_id = bot.account.user_id
    room_id = await admin.open_direct_room(bot_id, within=120)
    await admin.wait_for_messages(bot_id, 1, room_id, within=120)  # the bot's welcome
    meter = Meter(bot.pid)
    meter.start()
    started = datetime.now(UTC)
    clock = time.perf_counter()
    await admin.send(room_id, f"!campagne ouvrir {TITLE}")
    await admin.wait_for(
        lambda: any("ouverte" in m.body for m in admin.messages_from(bot_id, room_id)),
        within=120,
    )
    answered = time.perf_counter() - clock
    last_count, last_progress, last_print = -1, time.monotonic(), time.monotonic()
    while True:
        bot.check_alive()
        invitations = await asyncio.to_thread(read_invitations, bot.db_path)
        count = sum(1 for i in invitations if i.delivered is not None)
        now = time.monotonic()
        if count != last_count:
            last_count, last_progress = count, now
        complete = count >= agents
        if complete or now - last_progress > STALL_SECONDS:
            break
        if now - last_print > PROGRESS_SECONDS:
            elapsed = time.perf_counter() - clock
            print(f"  ... {count}/{agents} invitations delivered after {elapsed:.0f} s", flush=True)
            last_print = now
        await asyncio.sleep(POLL_SECONDS)
    usage = meter.stop()
    made = await asyncio.to_thread(read_dms_made, synapse_db)
    rooms = {i.room_id for i in invitations}
    dms_made = {room: moment for room, moment in made.items() if room in rooms}
    return FanoutResult(answered, started, invitations, dms_made, usage, complete)


# ------------------------------------------------------------------ the bare-client baseline


@dataclass(frozen=True)
class Baseline:
    """One measure of the bare client: `concurrency` DMs at a time, `messages` in each."""

    concurrency: int
    messages: int

    @property
    def label(self) -> str:
        at_once = "one DM at a time" if self.concurrency == 1 else f"{self.concurrency} at once"
        return f"bare nio client, {at_once}, {self.messages} message(s) per DM"


@dataclass(frozen=True)
class BaselineResult:
    usage: Usage
    durations: list[float]  # per DM: created, seen in a sync, keys, its messages sent


async def bare_client_dms(
    homeserver: str, account: Account, store: Path, agents: Sequence[str], plan: Baseline
) -> BaselineResult:
    """A bare nio client (encryption on, a fresh account and device) opens an encrypted DM
    with each agent and sends its messages there, `plan.concurrency` DMs at a time."""
    await asyncio.to_thread(store.mkdir, parents=True, exist_ok=True)
    client = AsyncClient(
        homeserver,
        account.user_id,
        store_path=str(store),
        config=AsyncClientConfig(
            encryption_enabled=True,
            store_sync_tokens=False,
            max_limit_exceeded=None,
            max_timeouts=None,
        ),
    )
    synced = asyncio.Condition()

    async def sync_forever() -> None:
        while True:
            await client.sync(timeout=30_000)
            async with synced:
                synced.notify_all()

    async def wait_until(condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(120), synced:
            await synced.wait_for(condition)

    async def one_dm(agent: str) -> float:
        started = time.perf_counter()
        room_id = await create_direct_room(client, agent)  # the project's way: m.direct merged
        # nio encrypts only in rooms it has synced, for the members it knows.
        await wait_until(lambda: room_id in client.rooms and agent in client.rooms[room_id].users)
        # As the bot does: the sync carries every member, and the invited agent must get the
        # key (left False, nio asks /joined_members, which leaves invited members out).
        client.rooms[room_id].members_synced = True
        if not list(client.device_store.active_user_devices(agent)):
            client.olm.users_for_key_query.add(agent)
            with contextlib.suppress(LocalProtocolError):  # another DM's query took it
                await client.keys_query()
        for _ in range(plan.messages):
            answer = await client.room_send(
                room_id,
                "m.room.message",
                {"msgtype": "m.text", "body": BASELINE_BODY},
                ignore_unverified_devices=True,
            )
            if not isinstance(answer, RoomSendResponse):
                raise RuntimeError(f"baseline send failed: {answer}")
        return time.perf_counter() - started

    todo: asyncio.Queue[str] = asyncio.Queue()
    for agent in agents:
        todo.put_nowait(agent)
    durations: list[float] = []

    async def worker() -> None:
        while not todo.empty():
            durations.append(await one_dm(todo.get_nowait()))

    syncing: asyncio.Task[None] | None = None
    try:
        login = await client.login(account.password, device_name="bench baseline")
        if not isinstance(login, LoginResponse):
            raise RuntimeError(f"baseline login failed: {login}")
        await client.sync(timeout=0, full_state=True)
        if client.should_upload_keys:
            await client.keys_upload()
        syncing = asyncio.create_task(sync_forever())
        meter = Meter(None)
        meter.start()
        async with asyncio.TaskGroup() as group:
            for _ in range(plan.concurrency):
                group.create_task(worker())
        return BaselineResult(meter.stop(), durations)
    finally:
        if syncing is not None:
            syncing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await syncing
        await client.close()


# ------------------------------------------------------------------ the run


@dataclass(frozen=True)
class Setup:
    folder: Path
    homeserver: LocalHomeserver
    agents: list[str]
    bot: BotProcess
    admin: Account
    concurrency: int


@dataclass(frozen=True)
class Results:
    fanout: FanoutResult
    baselines: list[tuple[Baseline, BaselineResult]]


async def measure(setup: Setup) -> Results:
    """One measure after the other, so that they never share the machine: the sequential
    baseline first (if Synapse slows as its database grows, the bot is not the one
    favoured), the bot, then the baseline sending as many messages per DM as the bot's
    invitation has, and the concurrent one."""
    done: list[tuple[Baseline, BaselineResult]] = []

    async def baseline(plan: Baseline) -> None:
        print(f"baseline: {plan.label} ...", flush=True)
        account = await asyncio.to_thread(new_account, setup.homeserver, f"baseline{len(done) + 1}")
        folder = setup.folder / f"baseline{len(done) + 1}"
        result = await bare_client_dms(setup.homeserver.url, account, folder, setup.agents, plan)
        print(f"  done in {result.usage.seconds:.1f} s", flush=True)
        done.append((plan, result))

    await baseline(Baseline(1, 1))
    fanout = await run_bot(setup)
    messages = fanout.messages_per_invitation()
    if messages > 1:
        await baseline(Baseline(1, messages))
    if setup.concurrency > 1:
        await baseline(Baseline(setup.concurrency, 1))
    return Results(fanout, done)


async def run_bot(setup: Setup) -> FanoutResult:
    print("bot: starting ...", flush=True)
    await asyncio.to_thread(setup.bot.start)
    print(f"bot: ready (pid {setup.bot.pid}); the admin opens the campaign ...", flush=True)
    admin = SimulatedAgent(
        setup.homeserver.url, setup.admin.user_id, setup.admin.password, setup.folder / "admin"
    )
    try:
        await admin.start()
        synapse_db = setup.homeserver.state_dir / "homeserver.db"
        return await open_campaign(setup.bot, admin, len(setup.agents), synapse_db)
    finally:
        await admin.close()
        await asyncio.to_thread(setup.bot.stop)


# ------------------------------------------------------------------ report


def _pct(values: Sequence[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def _spread(values: Sequence[float]) -> str:
    return f"p50 {_pct(values, 0.5) * 1000:,.0f} ms, p95 {_pct(values, 0.95) * 1000:,.0f} ms"


def _cpu(usage: Usage, count: int) -> str:
    return (
        f"CPU: Synapse {usage.synapse_cpu:.1f} s ({usage.synapse_cpu / usage.seconds:.0%}), "
        f"client {usage.client_cpu:.1f} s ({usage.client_cpu / usage.seconds:.0%}); "
        f"per DM {usage.synapse_cpu / count * 1000:.0f} + {usage.client_cpu / count * 1000:.0f}"
        " ms"
    )


def _drift(durations: Sequence[float]) -> str:
    """Whether the cost grows with the number of DMs already made (m.direct grows)."""
    tenth = max(1, len(durations) // 10)
    early, late = durations[:tenth], durations[-tenth:]
    return (
        f"p50 of the first tenth {_pct(early, 0.5) * 1000:,.0f} ms, "
        f"of the last tenth {_pct(late, 0.5) * 1000:,.0f} ms"
    )


def _seconds(later: datetime | None, earlier: datetime | None) -> float | None:
    return None if later is None or earlier is None else (later - earlier).total_seconds()


def _present(values: Iterable[float | None]) -> list[float]:
    return [v for v in values if v is not None]


def report(results: Results, agents: int) -> None:
    fanout = results.fanout
    done = fanout.delivered()
    print()
    print(f"bot: `!campagne ouvrir` answered in {fanout.answered:.2f} s")
    bot_rate = float("nan")
    if done:
        made = fanout.dms_made
        first = _seconds(done[0].delivered, fanout.started) or 0.0
        last = _seconds(done[-1].delivered, fanout.started) or 0.0
        last_made = _seconds(max(made.values()), fanout.started) if made else None
        bot_rate = len(done) / last
        print(
            f"bot: {len(done)}/{agents} invitations "
            f"({fanout.messages_per_invitation()} messages each) delivered"
            f"{'' if fanout.complete else ' (STALLED: the run is incomplete)'}, "
            f"{bot_rate:.2f} invitations/s; first after {first:.2f} s, last after {last:.1f} s"
            f" (last DM made after {last_made or float('nan'):.1f} s)"
        )
        print(f"     {_cpu(fanout.usage, len(done))}")
        whole = _present(_seconds(i.delivered, i.requested) for i in done)
        making = _present(_seconds(made.get(i.room_id or ""), i.requested) for i in done)
        to_first = _present(_seconds(i.first_sent, made.get(i.room_id or "")) for i in done)
        rest = _present(_seconds(i.delivered, i.first_sent) for i in done)
        print(f"     per invitation, taken up -> last message accepted: {_spread(whole)}")
        print(f"       taken up -> DM made (agent invited): {_spread(making)}")
        print(f"       DM made -> first message accepted:  {_spread(to_first)}")
        print(f"       first -> last message accepted:     {_spread(rest)}")
        print(f"     {_drift(whole)}")
    else:
        print("bot: no invitation delivered")
    for plan, baseline in results.baselines:
        count = len(baseline.durations)
        rate = count / baseline.usage.seconds
        print(
            f"baseline, {plan.label}: {count} DMs in {baseline.usage.seconds:.1f} s, "
            f"{rate:.2f} DMs/s, bot / baseline = {bot_rate / rate:.2f}"
        )
        print(f"     per DM {_spread(baseline.durations)}; {_cpu(baseline.usage, count)}")
        print(f"     {_drift(baseline.durations)}")


def machine() -> str:
    load = os.getloadavg()[0]
    return (
        f"{platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, Synapse {version('matrix-synapse')}, "
        f"matrix-nio {version('matrix-nio')}; load average (1 min) {load:.2f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument(
        "--concurrency",
        type=int,
        default=8,
        help="DMs at a time for the concurrent baseline (1 or less: none)",
    )
    parser.add_argument(
        "--no-agent-keys",
        action="store_true",
        help="agents without any device (the bot then encrypts for none of theirs)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    logging.getLogger("nio").setLevel(logging.ERROR)  # "Missing session" before each claim
    print(f"machine: {machine()}")
    print(
        f"{args.agents} agents; the bot runs with invite_interval_seconds = 0 "
        "(production default 1.0, Tchap's guidance: about one call per second)"
    )
    folder = Path(tempfile.mkdtemp(prefix="harmonie-fanout-"))
    homeserver = LocalHomeserver(folder / "synapse", raise_rate_limits=True)
    bot: BotProcess | None = None
    try:
        homeserver.start()
        agents, seconds = register_agents(homeserver, args.agents, not args.no_agent_keys)
        what = "no device" if args.no_agent_keys else "one device with uploaded keys"
        print(
            f"{args.agents} agents registered in {seconds:.1f} s "
            f"({REGISTRATION_THREADS} threads; {what}, not a running client)",
            flush=True,
        )
        admin = new_account(homeserver, "dsi")
        bot = BotProcess(folder / "bot", homeserver, new_account(homeserver, "harmonie"))
        bot.write_config([admin.user_id], agents)
        setup = Setup(folder, homeserver, agents, bot, admin, args.concurrency)
        results = asyncio.run(measure(setup))
        report(results, args.agents)
        print(f"machine at the end: {machine()}")
    finally:
        if bot is not None:
            bot.stop()
        homeserver.stop()
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
