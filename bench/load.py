"""Harmonie under load, next to the fastest bot possible on the same homeserver.

On one throwaway local Synapse, for each N: N simulated agents (real matrix-nio clients,
encrypted DMs, all in this process) receive the campaign's invitation from a real bot
process (`python -m bot run`) and all complete the whole evaluation at once (29 messages
each, the script of the integration tests). Then, on the same homeserver, N fresh agents
open encrypted DMs with a bare matrix-nio echo bot (bench/echo_bot.py) and send it the same
messages: the baseline. Printed for both: per-turn latency (from an agent's send request to
the first reply it receives) p50/p95/p99, messages per second, the bot's own processing
time per message (from the moment it starts reading the sync that carried the message to
the send request of its reply) and its peak resident memory (VmHWM). Optionally, one more
agent floods each bot with `!aide` while the others evaluate.

    python -m bench.load [--agents 1 50 200] [--flood 50] [--count-trips] [--compare DIR]

Run from the project's root. Prints figures; exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from bot.demo.homeserver import LocalHomeserver
from bot.demo.simulated import SimulatedAgent, SimulatedAgentError
from tests.integration.evaluation_script import FIRST_HALF, SECOND_HALF, replies_to

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = FIRST_HALF + SECOND_HALF
REGISTRATION_THREADS = 8
TURN_TIMEOUT = 120.0
INVITATION_TIMEOUT = 600.0  # 50 or 200 DMs made one at a time, on a busy machine
FLOOD_CONCURRENCY = 16


@dataclass
class Account:
    user_id: str
    password: str


@dataclass
class RunResult:
    name: str
    agents: int
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    own: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    cpu_seconds: float = 0.0  # the bot's, during the measured part
    trips: int | None = None  # to aiosqlite's threads during the measured part (--count-trips)
    flooded: int = 0  # messages the flooding agent got answered

    @property
    def messages_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


# ------------------------------------------------------------------ accounts and processes


def register(server: LocalHomeserver, prefix: str, count: int) -> list[Account]:
    def one(number: int) -> Account:
        password = secrets.token_urlsafe(12)
        localpart = f"{prefix}{number:04d}-{secrets.token_hex(3)}"
        user = server.register_user(localpart, password, inhibit_login=True)
        return Account(user.user_id, password)

    with ThreadPoolExecutor(REGISTRATION_THREADS) as pool:
        return list(pool.map(one, range(count)))


class Process:
    """A bot in a subprocess of its own process group: started, measured, stopped."""

    def __init__(
        self, folder: Path, command: list[str], env: dict[str, str], root: Path = REPO_ROOT
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.log_path = folder / "log.txt"
        self.timings_path = folder / "timings.json"
        self.trips_path = folder / "trips.json"
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=root,
                env={
                    **os.environ,
                    **env,
                    "HARMONIE_TIMINGS": str(self.timings_path),
                    "HARMONIE_TRIPS": str(self.trips_path),
                },
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                process_group=0,  # Ctrl-C reaches the bench, which then stops the bot
            )

    async def wait_for_log(self, needle: str, within: float = 120) -> None:
        deadline = time.monotonic() + within
        while needle.encode() not in self.log_path.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise RuntimeError(f"{self.folder.name} not ready:\n{tail}")
            await asyncio.sleep(0.1)

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        """The process's peak resident memory so far (VmHWM, Linux)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="utf-8")
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    async def trips(self) -> int | None:
        """Trips to aiosqlite's threads so far, if the bot runs under bench.trips."""
        if self.process.poll() is not None:
            return None
        self.trips_path.unlink(missing_ok=True)
        self.process.send_signal(signal.SIGUSR2)
        for _ in range(50):
            await asyncio.sleep(0.1)
            with contextlib.suppress(FileNotFoundError, ValueError):
                return int(json.loads(self.trips_path.read_text())["trips"])
        return None

    def stop(self) -> list[float]:
        """SIGTERM, then the processing times the process wrote on its way out."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self.timings_path.exists():
            return []
        seconds: list[float] = json.loads(self.timings_path.read_text())["seconds"]
        return seconds


def harmonie(
    folder: Path,
    server: LocalHomeserver,
    bot: Account,
    admin: str,
    agents: list[str],
    count_trips: bool = False,
    root: Path = REPO_ROOT,
) -> Process:
    config = folder / "config.toml"
    folder.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f"""
[matrix]
homeserver = "{server.url}"
user_id = "{bot.user_id}"
device_name = "Harmonie load bench"
store_path = "state/store"
allowed_servers = ["{server.server_name}"]

[storage]
path = "state/harmonie.db"

[organisation]
name = "Commune de Bench"
admins = {json.dumps([admin])}
agents = {json.dumps(agents)}

[campaign]
invite_interval_seconds = 0

[logging]
level = "INFO"
""",
        encoding="utf-8",
    )
    runner = "bench.trips" if count_trips else "bot"
    command = [sys.executable, "-m", runner, "run", "--config", str(config)]
    return Process(folder, command, {"HARMONIE_MATRIX__PASSWORD": bot.password}, root)


def echo(folder: Path, server: LocalHomeserver, bot: Account) -> Process:
    command = [
        sys.executable,
        "-m",
        "bench.echo_bot",
        server.url,
        bot.user_id,
        bot.password,
        str(folder / "store"),
    ]
    return Process(folder, command, {})


# ------------------------------------------------------------------ the agents


async def started(
    folder: Path, server: LocalHomeserver, accounts: list[Account]
) -> list[SimulatedAgent]:
    agents = [
        SimulatedAgent(server.url, a.user_id, a.password, folder / a.user_id[1:].split(":")[0])
        for a in accounts
    ]
    await asyncio.gather(*(agent.start() for agent in agents))
    return agents


async def converse(
    agent: SimulatedAgent, bot_id: str, room_id: str, replies: Callable[[str], int]
) -> list[float]:
    """The script, message after message; each turn's latency to the first reply."""
    latencies: list[float] = []

    def received() -> int:
        return len(agent.messages_from(bot_id, room_id))

    for message in SCRIPT:
        before = received()
        sent_at = time.perf_counter()
        await agent.send(room_id, message)
        try:
            await agent.wait_for(lambda n=before: received() > n, within=TURN_TIMEOUT)  # type: ignore[misc]
        except SimulatedAgentError:
            # Reported, not hidden: this agent stops here and its turns are counted lost.
            print(f"  no answer to {agent.user_id} after {TURN_TIMEOUT:g} s", flush=True)
            return latencies
        latencies.append(time.perf_counter() - sent_at)
        expected = before + replies(message)
        await agent.wait_for(lambda n=expected: received() >= n, within=TURN_TIMEOUT)  # type: ignore[misc]
    return latencies


async def flood(agent: SimulatedAgent, room_id: str, until: asyncio.Event) -> int:
    """Send `!aide` as fast as the homeserver takes it, until told to stop."""
    sent = 0

    async def sender() -> None:
        nonlocal sent
        while not until.is_set():
            await agent.send(room_id, "!aide")
            sent += 1

    await asyncio.gather(*(sender() for _ in range(FLOOD_CONCURRENCY)))
    return sent


async def measured(
    result: RunResult,
    process: Process,
    conversations: list[Awaitable[list[float]]],
    flooder: tuple[SimulatedAgent, str] | None,
) -> None:
    count_trips = result.trips is not None
    trips_before = await process.trips() if count_trips else None
    cpu_before = process.cpu_seconds()
    until = asyncio.Event()
    flooding = asyncio.create_task(flood(*flooder, until)) if flooder else None
    started_at = time.perf_counter()
    for latencies in await asyncio.gather(*conversations):
        result.latencies.extend(latencies)
    result.seconds = time.perf_counter() - started_at
    result.cpu_seconds = process.cpu_seconds() - cpu_before
    if count_trips:
        trips_after = await process.trips()
        known = trips_before is not None and trips_after is not None
        result.trips = trips_after - trips_before if known else None  # type: ignore[operator]
    until.set()
    if flooding is not None:
        result.flooded = await flooding


# ------------------------------------------------------------------ the two runs


async def run_harmonie(
    folder: Path,
    server: LocalHomeserver,
    count: int,
    flooding: bool,
    count_trips: bool = False,
    root: Path = REPO_ROOT,
    name: str = "Harmonie",
) -> RunResult:
    result = RunResult(name, count, trips=0 if count_trips else None)
    bot, admin = register(server, "harmonie", 1)[0], register(server, "dsi", 1)[0]
    accounts = register(server, "agent", count)
    process = harmonie(
        folder / "bot",
        server,
        bot,
        admin.user_id,
        [a.user_id for a in accounts],
        count_trips,
        root,
    )
    people: list[SimulatedAgent] = []
    try:
        await process.wait_for_log("ready: first sync handled")
        people = await started(folder / "agents", server, [admin, *accounts])
        dsi, agents = people[0], people[1:]
        room_id = await dsi.open_direct_room(bot.user_id, within=120)
        await dsi.wait_for_messages(bot.user_id, 1, room_id, within=120)
        await dsi.send(room_id, "!campagne ouvrir Bench")
        rooms = await asyncio.gather(*(first_question(agent, bot.user_id) for agent in agents))
        flooder = None
        if flooding:  # the administrator's DM: any DM with the bot floods it as well
            flooder = (dsi, room_id)
        await measured(
            result,
            process,
            [converse(a, bot.user_id, r, replies_to) for a, r in zip(agents, rooms, strict=True)],
            flooder,
        )
        result.peak_rss_mb = process.peak_rss_mb()
    finally:
        await asyncio.gather(*(person.close() for person in people))
        result.own = process.stop()
    return result


async def first_question(agent: SimulatedAgent, bot_id: str) -> str:
    """The DM the invitation came in, once its first question is there."""
    await agent.wait_for(
        lambda: any("1/9" in m.body for m in agent.messages_from(bot_id)),
        within=INVITATION_TIMEOUT,
    )
    return next(m.room_id for m in agent.messages_from(bot_id) if "1/9" in m.body)


async def run_echo(folder: Path, server: LocalHomeserver, count: int, flooding: bool) -> RunResult:
    result = RunResult("echo baseline", count)
    bot = register(server, "echo", 1)[0]
    accounts = register(server, "agent", count + (1 if flooding else 0))
    process = echo(folder / "echo", server, bot)
    people: list[SimulatedAgent] = []
    try:
        await process.wait_for_log("echo bot ready")
        people = await started(folder / "agents", server, accounts)
        rooms = await asyncio.gather(
            *(agent.open_direct_room(bot.user_id, within=TURN_TIMEOUT) for agent in people)
        )
        # As Element does before its first message, and as the bot's invitation gives the
        # agents of the other run: know the bot's device, or its room key goes to nobody.
        await asyncio.gather(
            *(agent.wait_for_devices(bot.user_id, within=TURN_TIMEOUT) for agent in people)
        )
        agents, flooder = people[:count], None
        if flooding:
            flooder = (people[-1], rooms[-1])
        await measured(
            result,
            process,
            [
                converse(a, bot.user_id, r, lambda _: 1)
                for a, r in zip(agents, rooms[:count], strict=True)
            ],
            flooder,
        )
        result.peak_rss_mb = process.peak_rss_mb()
    finally:
        await asyncio.gather(*(person.close() for person in people))
        result.own = process.stop()
    return result


# ------------------------------------------------------------------ the report


def percentile(values: Sequence[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def ms(value: float) -> str:
    return f"{value * 1000:,.1f}"


def report(label: str, bot: RunResult, baseline: RunResult) -> None:
    print(f"\n{label}")
    print(
        "| bot | turns | p50 ms | p95 ms | p99 ms | msgs/s | own p50 ms | own p99 ms "
        "| CPU ms/msg | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for run in (baseline, bot):
        print(
            f"| {run.name} | {len(run.latencies)} | {ms(percentile(run.latencies, 50))} "
            f"| {ms(percentile(run.latencies, 95))} | {ms(percentile(run.latencies, 99))} "
            f"| {run.messages_per_second:,.1f} | {ms(percentile(run.own, 50))} "
            f"| {ms(percentile(run.own, 99))} | {ms(run.cpu_seconds / len(run.latencies))} "
            f"| {run.peak_rss_mb:,.0f} |"
        )
    ratio = percentile(bot.latencies, 50) / percentile(baseline.latencies, 50)
    print(f"p50 ratio Harmonie / echo: {ratio:.2f}× (target ≤ 1.25×)")
    for run in (baseline, bot):
        lost = run.agents * len(SCRIPT) - len(run.latencies)
        if lost:
            print(f"{run.name}: {lost} turn(s) never answered (agents stopped there)")
    if bot.trips is not None:
        per_turn = bot.trips / len(bot.latencies)
        print(f"{bot.name}: {per_turn:.1f} trips to aiosqlite's threads per turn")
    for run in (baseline, bot):
        if run.flooded:
            print(f"{run.name}: the flooding agent sent {run.flooded} messages meanwhile")


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"Synapse {version('matrix-synapse')}, matrix-nio {version('matrix-nio')}"
    )


async def bench(
    counts: list[int],
    flood_count: int | None,
    count_trips: bool = False,
    compare: Path | None = None,
) -> None:
    print(f"Machine: {machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="harmonie-load-") as tmp:
        folder = Path(tmp)
        with LocalHomeserver(folder / "homeserver") as server:
            scenarios = [(n, False) for n in counts]
            if flood_count is not None:
                scenarios.append((flood_count, True))
            for number, (count, flooding) in enumerate(scenarios):
                runs = folder / f"run{number}"
                label = f"{count} agent(s)" + (" + 1 flooding with !aide" if flooding else "")
                print(f"… {label}", flush=True)
                baseline = await run_echo(runs / "echo", server, count, flooding)
                if compare is not None:
                    other = await run_harmonie(
                        runs / "compared", server, count, flooding, count_trips, compare, "before"
                    )
                    report(f"{label}, the bot of {compare}", other, baseline)
                bot = await run_harmonie(runs / "harmonie", server, count, flooding, count_trips)
                report(label, bot, baseline)


def main(argv: Sequence[str] | None = None) -> int:
    logging.getLogger("nio").setLevel(logging.ERROR)  # its warnings are not figures
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, nargs="+", default=[1, 50, 200])
    parser.add_argument("--flood", type=int, default=50, help="agents beside the flooder")
    parser.add_argument("--no-flood", action="store_true")
    parser.add_argument(
        "--count-trips",
        action="store_true",
        help="run the bot under bench.trips: trips to aiosqlite's threads per turn",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        help="also run the bot of this checkout (another version, e.g. a `git archive` "
        "export of an older commit), after the echo and before this one, on the same server",
    )
    args = parser.parse_args(argv)
    flood = None if args.no_flood else args.flood
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(bench(args.agents, flood, args.count_trips, args.compare))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
