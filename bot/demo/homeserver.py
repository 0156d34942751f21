"""A throwaway local Synapse homeserver for `harmonie demo` and the integration tests.

Synapse is an optional extra (`pip install 'harmonie[server]'`): it is never imported here,
but run as a subprocess of the current interpreter
(`sys.executable -m synapse.app.homeserver --config-path <file>`), listening for clients only
on 127.0.0.1, with SQLite and federation closed. Users are created through the shared-secret
admin API. The interface is synchronous (stdlib `urllib` only) so that it fits in pytest
session fixtures as well as in the demo, through `asyncio.to_thread`.

Layout of `state_dir` (created if missing; reusing it keeps the users and rooms):

    homeserver.json        Synapse config (JSON is valid YAML); its secrets are kept across starts
    signing.key            `ed25519 a_XXXX <unpadded base64>`, written once
    log_config.json        logging dictConfig: one file handler at `log_level`
    homeserver.log         Synapse's own log
    homeserver.stdio.log   the process's stdout/stderr (config errors before logging is set up)
    homeserver.db          SQLite database (with its -wal/-shm files)
    media_store/           uploaded media
    homeserver.pid         pid file (Synapse only writes it when daemonised)

Measured here (2 idle cores, Synapse 1.163.2, Python 3.11): `start()` takes about 1.0 s on
a fresh `state_dir` (schema creation included) and about 0.85 s on an existing one;
`stop()` takes about 30 ms. Most of it is Synapse importing itself.

This module runs the process and registers users; the files it starts from are written by
`bot.demo.synapse_config`.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import http.client
import importlib.util
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from bot.demo import synapse_config
from bot.demo.synapse_config import LOG_LEVELS

__all__ = [
    "HomeserverError",
    "LocalHomeserver",
    "RegisteredUser",
    "synapse_available",
]

_INSTALL_HINT = "install it with: pip install 'harmonie[server]'"
_LOG_TAIL_LINES = 40
_HTTP_TIMEOUT = 10.0
_POLL_INTERVAL = 0.05


class HomeserverError(Exception):
    """The local homeserver could not be started, or refused a request."""


@dataclass(frozen=True)
class RegisteredUser:
    """An account created on the local homeserver."""

    user_id: str
    password: str
    access_token: str | None  # None when registered with inhibit_login
    device_id: str | None


def synapse_available() -> bool:
    """Whether Synapse can be run by this interpreter (checked without importing it)."""
    return importlib.util.find_spec("synapse") is not None


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    """Whether a listener could bind 127.0.0.1:port (connections in TIME_WAIT don't count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _tail(path: Path, offset: int, lines: int = _LOG_TAIL_LINES) -> str:
    """The last `lines` lines written to `path` after `offset`."""
    try:
        with path.open("rb") as file:
            file.seek(offset)
            text = file.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


# Proxies from the environment must never see requests to 127.0.0.1.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class LocalHomeserver:
    """A Synapse subprocess on 127.0.0.1, with its whole state kept in `state_dir`."""

    def __init__(
        self,
        state_dir: Path,
        *,
        server_name: str = "harmonie.localhost",
        port: int | None = None,
        raise_rate_limits: bool = True,
        log_level: str = "WARNING",
    ) -> None:
        if log_level.upper() not in LOG_LEVELS:
            raise ValueError(f"log_level must be one of {', '.join(LOG_LEVELS)}")
        self.state_dir = Path(state_dir).resolve()
        self.server_name = server_name
        self.port = port if port is not None else _free_port()
        self.raise_rate_limits = raise_rate_limits
        self.log_level = log_level.upper()
        self.config_path = self.state_dir / synapse_config.CONFIG_FILE
        self.log_path = self.state_dir / synapse_config.LOG_FILE
        self.stdio_path = self.state_dir / synapse_config.STDIO_FILE
        self._registration_shared_secret = ""
        self._process: subprocess.Popen[bytes] | None = None
        # Where this run's output starts in each log, so that errors quote only this run.
        self._log_offsets: dict[Path, int] = {}

    @property
    def url(self) -> str:
        """Base URL for clients, e.g. `http://127.0.0.1:8448`."""
        return f"http://127.0.0.1:{self.port}"

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 60) -> None:
        """Start Synapse and wait until it answers; does nothing if it is already running."""
        if self.is_running():
            return
        if not synapse_available():
            raise HomeserverError(f"Synapse (matrix-synapse) is not installed: {_INSTALL_HINT}")
        if not port_is_free(self.port):
            raise HomeserverError(f"port {self.port} on 127.0.0.1 is already in use")
        self._registration_shared_secret = synapse_config.write_files(
            self.state_dir,
            server_name=self.server_name,
            port=self.port,
            raise_rate_limits=self.raise_rate_limits,
            log_level=self.log_level,
        )
        self._log_offsets = {path: _size(path) for path in (self.stdio_path, self.log_path)}
        with self.stdio_path.open("ab") as stdio:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "synapse.app.homeserver",
                    "--config-path",
                    str(self.config_path),
                ],
                cwd=self.state_dir,
                stdin=subprocess.DEVNULL,
                stdout=stdio,
                stderr=subprocess.STDOUT,
                # Its own process group: Ctrl-C in the demo's terminal reaches the demo only,
                # which then stops the server itself.
                process_group=0,
            )
        atexit.register(self._kill_at_exit)
        try:
            self._wait_until_ready(timeout)
        except BaseException:  # a timeout, or Ctrl-C while waiting: leave nothing running
            self.kill()
            raise

    def stop(self, timeout: float = 20) -> None:
        """Stop Synapse (SIGTERM, then SIGKILL after `timeout` seconds); idempotent."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._forget_process()

    def kill(self) -> None:
        """Kill Synapse at once with SIGKILL, as a crash would (for chaos tests)."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.kill()
            process.wait()
        self._forget_process()

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- users -------------------------------------------------------------------------------

    def register_user(
        self,
        localpart: str,
        password: str,
        *,
        admin: bool = False,
        inhibit_login: bool = False,
    ) -> RegisteredUser:
        """Create an account with the shared-secret admin API.

        With `inhibit_login` no device and no access token are created: use it for accounts
        that log in by themselves (the bot), so that no stale keyless device is left behind.
        An existing localpart raises HomeserverError with the server's message.
        """
        if not self.is_running():
            raise HomeserverError("the homeserver is not running")
        path = "/_synapse/admin/v1/register"
        nonce = str(self._request("GET", path)["nonce"])
        mac = hmac.new(self._registration_shared_secret.encode("utf-8"), digestmod=hashlib.sha1)
        for part in (nonce, localpart, password):
            mac.update(part.encode("utf-8"))
            mac.update(b"\x00")
        mac.update(b"admin" if admin else b"notadmin")
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "inhibit_login": inhibit_login,
            "mac": mac.hexdigest(),
        }
        reply = self._request("POST", path, body)
        return RegisteredUser(
            user_id=str(reply["user_id"]),
            password=password,
            access_token=reply.get("access_token"),
            device_id=reply.get("device_id"),
        )

    # -- internals ---------------------------------------------------------------------------

    def _wait_until_ready(self, timeout: float) -> None:
        process = self._process
        assert process is not None
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                code = process.returncode
                self._forget_process()
                raise HomeserverError(self._failure(f"Synapse exited with status {code}"))
            if self._answers_versions():
                return
            if time.monotonic() > deadline:
                raise HomeserverError(self._failure(f"Synapse did not answer within {timeout:g} s"))
            time.sleep(_POLL_INTERVAL)

    def _answers_versions(self) -> bool:
        request = urllib.request.Request(self.url + "/_matrix/client/versions")
        try:
            with _opener.open(request, timeout=1) as response:
                status: int = response.status
                return status == 200
        except urllib.error.HTTPError as err:
            err.close()
            return False
        except (OSError, http.client.HTTPException):
            return False

    def _failure(self, what: str) -> str:
        """`what`, followed by the end of this run's output (stdout/stderr first: config and
        start-up errors are printed there in full; otherwise Synapse's log)."""
        message = f"{what} ({self.url}, state in {self.state_dir})."
        for path in (self.stdio_path, self.log_path):
            tail = _tail(path, self._log_offsets.get(path, 0))
            if tail:
                return f"{message}\n--- last lines of {path} ---\n{tail}"
        return message

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with _opener.open(request, timeout=_HTTP_TIMEOUT) as response:
                return json.load(response)
        except urllib.error.HTTPError as err:
            with err:
                raw = err.read()
            try:
                message = str(json.loads(raw)["error"])
            except (ValueError, KeyError, TypeError):
                message = raw.decode("utf-8", errors="replace") or str(err.reason)
            raise HomeserverError(f"{method} {path}: HTTP {err.code}: {message}") from None
        except (OSError, http.client.HTTPException) as err:
            raise HomeserverError(f"{method} {path}: {err}") from err

    def _forget_process(self) -> None:
        self._process = None
        atexit.unregister(self._kill_at_exit)

    def _kill_at_exit(self) -> None:
        """Safety net: never leave a Synapse running after the interpreter exits."""
        self.kill()
