"""The matrix-nio client, completed where nio falls short for a bot that must lose nothing.

Two gaps measured on Synapse are closed here: nio uploads no fallback key (one-time keys
run out when many agents open encrypted DMs at once), and it never learns whether the
server still holds one. We read `device_unused_fallback_key_types` from each sync and
upload a fresh, signed fallback key whenever it is missing.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Any

import peewee  # type: ignore[import-untyped]
from aiohttp import ClientResponse
from nio import (
    AsyncClient,
    AsyncClientConfig,
    KeysUploadResponse,
    LoginResponse,
    WhoamiResponse,
)
from nio.api import Api

from bot.clock import Clock
from bot.config import Config
from storage import Credentials, Database

log = logging.getLogger(__name__)

FALLBACK_ALGORITHM = "signed_curve25519"
# What nio's E2EE store raises when its disk is full or its files are unwritable.
STORE_ERRORS = (peewee.PeeweeException, sqlite3.Error, OSError)


class LoginError(RuntimeError):
    """The bot could not log in: the message says what the administrator should check."""


class HarmonieClient(AsyncClient):  # type: ignore[misc]
    """AsyncClient that remembers what the last sync said about our fallback key."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unused_fallback_key_types: list[str] | None = None
        self.sync_arrived_at = 0.0  # perf_counter() when the last sync's body was read
        # Devices already trusted or refused: nio's trust store is a list scanned on each
        # lookup, and this runs at every sync and send (quadratic with 200 agents).
        self._decided_devices: set[tuple[str, str, str]] = set()

    async def parse_body(self, transport_response: ClientResponse) -> dict[Any, Any]:
        arrived_at = time.perf_counter()
        body: dict[Any, Any] = await super().parse_body(transport_response)
        if isinstance(body.get("next_batch"), str):
            self.sync_arrived_at = arrived_at
            types = body.get("device_unused_fallback_key_types")
            self.unused_fallback_key_types = list(types) if isinstance(types, list) else None
        return body

    @property
    def needs_fallback_key(self) -> bool:
        """True when the server told us it holds no unused fallback key for us."""
        if self.olm is None or not self.olm.account.shared:
            return False
        types = self.unused_fallback_key_types
        return types is not None and FALLBACK_ALGORITHM not in types

    async def upload_fallback_key(self) -> bool:
        """Generate, sign and upload a fallback key; True once the server accepted it."""
        assert self.olm is not None
        account = self.olm.account._account  # the vodozemac.Account behind nio's wrapper
        if not account.fallback_key:
            account.generate_fallback_key()
        keys: dict[str, Any] = {}
        for key_id, key in account.fallback_key.items():
            signed: dict[str, Any] = {"key": key.to_base64(), "fallback": True}
            signature = self.olm.sign_json(signed)
            signed["signatures"] = {self.user_id: {f"ed25519:{self.device_id}": signature}}
            keys[f"{FALLBACK_ALGORITHM}:{key_id}"] = signed
        method, path, data = Api.keys_upload(self.access_token, {"fallback_keys": keys})
        # nio marks the keys published and saves the account on a KeysUploadResponse.
        response = await self._send(KeysUploadResponse, method, path, data)
        if isinstance(response, KeysUploadResponse):
            self.unused_fallback_key_types = [FALLBACK_ALGORITHM]
            log.info("fallback key uploaded")
            return True
        log.error("fallback key upload failed: %s", getattr(response, "message", response))
        return False

    async def keep_keys(self) -> None:
        """What nio's sync_forever does between syncs, plus the fallback key."""
        if self.olm is None:
            return
        await self.send_to_device_messages()
        if self.should_upload_keys:
            await self.keys_upload()
        if self.needs_fallback_key:
            await self.upload_fallback_key()
        if self.should_query_keys:
            await self.keys_query()
        if self.should_claim_keys:
            await self.keys_claim(self.get_users_for_key_claiming())

    def trust_devices(self, allowed_servers: frozenset[str]) -> int:
        """Trust on first use the devices of users on allowed servers; refuse the others.

        Returns how many devices changed status. Blacklisted devices never get room keys.
        """
        if self.olm is None:
            return 0
        changed = 0
        for device in self.device_store:
            if device.user_id == self.user_id and device.id == self.device_id:
                continue
            decided = (device.user_id, device.id, device.ed25519)
            if decided in self._decided_devices:
                continue
            if server_of(device.user_id) in allowed_servers:
                if not self.olm.is_device_verified(device) and not (
                    self.olm.is_device_blacklisted(device)
                ):
                    self.verify_device(device)
                    changed += 1
            elif not self.olm.is_device_blacklisted(device):
                self.blacklist_device(device)
                changed += 1
            self._decided_devices.add(decided)  # not before: a failed write is retried
        return changed


def reload_crypto_store(client: AsyncClient) -> None:
    """Throw away nio's in-memory E2EE state and read it again from its store.

    After a failed store write, memory is ahead of the disk: an Olm message was decrypted
    (its one-time ratchet step spent) but the session was not saved, and the room key it
    carried was never imported. Replaying the batch against the state on disk decrypts it
    again; replaying it against memory would lose that room key for good."""
    old = client.store
    client.store = None
    client.olm = None
    client.load_store()
    database = getattr(old, "database", None)
    if database is not None:
        database.close()


def server_of(user_id: str) -> str:
    """`@alice:example.org` -> `example.org` (a port, if any, is part of the name)."""
    return user_id.partition(":")[2]


def pickle_key(config: Config) -> str:
    """The key protecting the E2EE store: from config, else generated once beside it."""
    if config.matrix.pickle_key is not None:
        return config.matrix.pickle_key.get_secret_value()
    path = config.matrix.store_path / "pickle.key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def prepare_store(store_path: Path) -> None:
    """The store folder, readable by its owner only."""
    store_path.mkdir(parents=True, exist_ok=True)
    store_path.chmod(0o700)


def client_config(config: Config, key: str) -> AsyncClientConfig:
    return AsyncClientConfig(
        encryption_enabled=config.matrix.encryption,
        pickle_key=key,
        store_sync_tokens=False,  # we save the token ourselves, after handling the batch
        max_limit_exceeded=None,  # honour every M_LIMIT_EXCEEDED with its retry_after_ms
        max_timeouts=None,  # network errors: retry with backoff, do not give up
        backoff_factor=0.5,
        max_timeout_retry_wait_time=30,
        request_timeout=60,
    )


async def log_in(client: HarmonieClient, config: Config, db: Database, clock: Clock) -> None:
    """Reuse the saved token and device; log in with the password only the first time."""
    async with db.read() as session:
        saved = await session.credentials.get()
    if saved is not None and saved.user_id == config.matrix.user_id:
        client.restore_login(saved.user_id, saved.device_id, saved.access_token)
        answer = await client.whoami()
        if isinstance(answer, WhoamiResponse):
            log.info("session restored for device %s", saved.device_id)
            return
        if _error_code(answer) != "M_UNKNOWN_TOKEN":
            # Anything but a revoked token is the server's trouble: logging in again would
            # make a new device and lose the E2EE identity, so stop and let it be retried.
            raise LoginError(f"the homeserver could not check the session ({_error_code(answer)})")
        log.warning("saved access token revoked; logging in again as a new device")
        client.access_token = ""
        # restore_login set the old device id and loaded its E2EE store: the server has
        # forgotten that device's keys, so start a genuinely new device with its own store.
        client.device_id = ""
        client.store = None
        client.olm = None

    token = config.matrix.access_token
    password = config.matrix.password
    if token is not None and not (saved is not None and password is not None):
        client.access_token = token.get_secret_value()
        answer = await client.whoami()
        if not isinstance(answer, WhoamiResponse) or not answer.device_id:
            raise LoginError(
                "the configured access_token was refused or has no device "
                f"({_error_code(answer)}); check matrix.access_token"
            )
        if answer.user_id != config.matrix.user_id:
            raise LoginError(
                f"the access_token belongs to {answer.user_id}, not {config.matrix.user_id}"
            )
        credentials = Credentials(answer.user_id, answer.device_id, client.access_token)
    elif password is not None:
        answer = await client.login(
            password.get_secret_value(), device_name=config.matrix.device_name
        )
        if not isinstance(answer, LoginResponse):
            raise LoginError(
                f"login refused for {config.matrix.user_id} ({_error_code(answer)}); "
                "check matrix.user_id and the password"
            )
        credentials = Credentials(answer.user_id, answer.device_id, answer.access_token)
    else:
        raise LoginError("no valid saved session, and neither password nor access_token")

    client.restore_login(credentials.user_id, credentials.device_id, credentials.access_token)
    async with db.transaction() as session:
        await session.credentials.save(credentials, clock.now())
    log.info("logged in as new device %s", credentials.device_id)


def _error_code(answer: object) -> str:
    return str(getattr(answer, "status_code", None) or type(answer).__name__)


def power_level(client: AsyncClient, room_id: str, user_id: str) -> int | None:
    """The user's power level in a room the bot is in, if they are a member of it (a
    moderator of an organisation's management room is one of its managers)."""
    room = client.rooms.get(room_id)
    if room is None or user_id not in room.users:
        return None
    return int(room.power_levels.get_user_level(user_id))
