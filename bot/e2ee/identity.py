"""The bot's cross-signing identity on the homeserver: set up once, kept, recovered.

Element and Tchap warn about (and are starting to exclude) devices their owner has not
cross-signed; matrix-nio has no cross-signing, so the bot does it itself, after its first
sync (its device keys are on the server by then):

- no identity on the server: make the three keys, keep them encrypted in the store
  *before* uploading them (a crash in between loses nothing), upload them, put them in
  secret storage under a new recovery key printed once for the admins;
- an identity whose keys this store holds: use them;
- an identity this store does not know (a new device): recover the keys from secret
  storage with the configured recovery key, checked against the public keys;
- then sign this device with the self-signing key, unless it already is.

Nothing here stops the bot: without what it needs, it says what to do and runs on.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nio import AsyncClient

from bot.config import CROSS_SIGNING_FILE, Config
from bot.e2ee.crosssigning import (
    SECRET_NAMES,
    USAGES,
    CrossSigningError,
    Identity,
    SigningKey,
    add_signature,
    check_key,
    decode_recovery_key,
    decrypt_secret,
    encode_recovery_key,
    encrypt_secret,
    key_description,
    public_key_of,
)

log = logging.getLogger(__name__)

RECOVERY_FILE = "recovery-key.txt"


class IdentityError(RuntimeError):
    """The homeserver refused a step; the message says what to do."""


@dataclass(frozen=True)
class CrossSigningStatus:
    ready: bool  # this device is signed by the bot's self-signing key
    master: str | None  # the master public key on the server, if any
    detail: str  # for the log and the admins


# --------------------------------------------------------------------------- the keys at rest


def _local_key(pickle_key: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"harmonie cross-signing"
    ).derive(pickle_key.encode())


def save_local(store: Path, pickle_key: str, identity: Identity) -> None:
    """The three private keys, encrypted with the store's pickle key, owner-readable only."""
    plain = json.dumps({usage: identity.key(usage).secret for usage in USAGES}).encode()
    nonce = os.urandom(12)
    sealed = AESGCM(_local_key(pickle_key)).encrypt(nonce, plain, b"harmonie")
    body = json.dumps(
        {"v": 1, "nonce": base64.b64encode(nonce).decode(),
         "ciphertext": base64.b64encode(sealed).decode()}
    )  # fmt: skip
    path = store / CROSS_SIGNING_FILE
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def load_local(store: Path, pickle_key: str) -> Identity | None:
    path = store / CROSS_SIGNING_FILE
    if not path.exists():
        return None
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        nonce = base64.b64decode(body["nonce"])
        sealed = base64.b64decode(body["ciphertext"])
        plain = json.loads(AESGCM(_local_key(pickle_key)).decrypt(nonce, sealed, b"harmonie"))
        return Identity(*(SigningKey.from_secret(plain[usage]) for usage in USAGES))
    except (ValueError, KeyError, TypeError, InvalidTag, CrossSigningError):
        log.error("%s cannot be read with this store's pickle key: ignored", path.name)
        return None


# --------------------------------------------------------------------------- the server


class _Api:
    """The few client-server endpoints cross-signing needs, on nio's HTTP session."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def call(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        headers = {
            "Authorization": f"Bearer {self._client.access_token}",
            "Content-Type": "application/json",
        }
        data = json.dumps(body) if body is not None else None
        response = await self._client.send(method, path, data, headers=headers)
        async with response:
            try:
                answer = await response.json(content_type=None)
            except ValueError:
                answer = {}
        return response.status, answer if isinstance(answer, dict) else {}

    async def own_keys(self, user_id: str) -> dict[str, Any]:
        status, answer = await self.call(
            "POST", "/_matrix/client/v3/keys/query", {"device_keys": {user_id: []}}
        )
        if status != 200:
            raise IdentityError(f"the homeserver did not return the bot's keys (HTTP {status})")
        return answer

    async def account_data(self, user_id: str, kind: str) -> dict[str, Any] | None:
        path = f"/_matrix/client/v3/user/{quote(user_id)}/account_data/{quote(kind)}"
        status, answer = await self.call("GET", path)
        return answer if status == 200 else None

    async def set_account_data(self, user_id: str, kind: str, content: dict[str, Any]) -> None:
        path = f"/_matrix/client/v3/user/{quote(user_id)}/account_data/{quote(kind)}"
        status, _ = await self.call("PUT", path, content)
        if status != 200:
            raise IdentityError(f"the homeserver refused to store {kind} (HTTP {status})")


# --------------------------------------------------------------------------- the flow


async def ensure_cross_signing(
    client: AsyncClient, config: Config, pickle_key: str, console: TextIO | None = None
) -> CrossSigningStatus:
    """Bring this device to being cross-signed; never raises for the homeserver's refusals.
    A new recovery key is shown on `console` (default stdout) if it is a terminal."""
    try:
        status = await _ensure(client, config, pickle_key, console)
    except (IdentityError, CrossSigningError) as error:
        status = CrossSigningStatus(False, None, str(error))
    except Exception as error:  # the network: the bot runs on, and tries at its next start
        log.exception("cross-signing could not be checked")
        status = CrossSigningStatus(False, None, f"could not be checked ({type(error).__name__})")
    if status.ready:
        log.info("cross-signing in place: %s", status.detail)
    else:
        log.warning("cross-signing not in place: %s", status.detail)
    return status


async def _ensure(
    client: AsyncClient, config: Config, pickle_key: str, console: TextIO | None
) -> CrossSigningStatus:
    api = _Api(client)
    matrix = config.matrix
    user_id, device_id, store = client.user_id, client.device_id, matrix.store_path
    keys = await api.own_keys(user_id)
    server_master = _server_key(keys, "master_keys", user_id)
    local = await asyncio.to_thread(load_local, store, pickle_key)

    if server_master is None:
        identity = local or Identity.generate()
        # Kept before the upload: a crash in between loses nothing.
        await asyncio.to_thread(save_local, store, pickle_key, identity)
        await _upload_identity(api, config, user_id, identity)
        recovery = await _store_secrets(api, user_id, identity, config)
        await asyncio.to_thread(_announce, recovery, store, console)
        keys = await api.own_keys(user_id)
        server_master = _server_key(keys, "master_keys", user_id)
    elif matrix.reset_cross_signing:
        # A new identity replacing one whose keys are lost. Kept only once the server took
        # it: a refused reset leaves the keys of the identity in use untouched.
        identity = Identity.generate()
        await _upload_identity(api, config, user_id, identity)
        await asyncio.to_thread(save_local, store, pickle_key, identity)
        recovery = await _store_secrets(api, user_id, identity, config)
        await asyncio.to_thread(_announce, recovery, store, console)
        keys = await api.own_keys(user_id)
        server_master = _server_key(keys, "master_keys", user_id)
        log.warning("cross-signing identity replaced: set reset_cross_signing back to false")
    elif local is not None and local.master.public == public_key_of(server_master):
        identity = local
        if await api.account_data(user_id, "m.secret_storage.default_key") is None:
            # Stopped between the upload and secret storage: finish the set-up.
            recovery = await _store_secrets(api, user_id, identity, config)
            await asyncio.to_thread(_announce, recovery, store, console)
    else:
        recovered = await _recover(api, user_id, keys, matrix.recovery_key)
        if recovered is None:
            return CrossSigningStatus(False, public_key_of(server_master), _WAITING)
        identity = recovered
        await asyncio.to_thread(save_local, store, pickle_key, identity)
        log.info("cross-signing keys recovered from secret storage with the recovery key")

    assert server_master is not None
    await _sign_device(api, keys, user_id, device_id, identity)
    master = public_key_of(server_master)
    return CrossSigningStatus(True, master, f"this device is signed by master key {master[:8]}…")


_WAITING = (
    "the bot's account already has a cross-signing identity, but this store does not hold "
    "its keys (a new device): give the recovery key printed when it was set up, once, as "
    "HARMONIE_MATRIX__RECOVERY_KEY (or matrix.recovery_key), then restart. Meanwhile the "
    "bot runs, and its device shows as unverified"
)


def _server_key(keys: dict[str, Any], field: str, user_id: str) -> dict[str, Any] | None:
    value = (keys.get(field) or {}).get(user_id)
    return value if isinstance(value, dict) else None


async def _upload_identity(api: _Api, config: Config, user_id: str, identity: Identity) -> None:
    """`/keys/device_signing/upload`; with the password if the server asks for it (on a
    first upload Synapse does not, per MSC3967; a reset always needs it)."""
    path = "/_matrix/client/v3/keys/device_signing/upload"
    body = identity.upload_body(user_id)
    status, answer = await api.call("POST", path, body)
    if status == 401 and "session" in answer:
        password = config.matrix.password
        if password is None:
            raise IdentityError(
                "the homeserver asks for the bot's password to set up cross-signing: give it "
                "for one start (HARMONIE_MATRIX__PASSWORD), then remove it if you wish"
            )
        auth = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user_id},
            "password": password.get_secret_value(),
            "session": answer["session"],
        }
        status, answer = await api.call("POST", path, {**body, "auth": auth})
        if status == 401:
            raise IdentityError(
                "the homeserver refused the bot's password for cross-signing: check "
                "matrix.password (or HARMONIE_MATRIX__PASSWORD)"
            )
    if status != 200:
        code = answer.get("errcode", f"HTTP {status}")
        raise IdentityError(f"the homeserver refused the cross-signing keys ({code})")
    log.info("cross-signing keys uploaded (master key %s…)", identity.master.public[:8])


async def _store_secrets(api: _Api, user_id: str, identity: Identity, config: Config) -> str:
    """The private keys in secret storage, under a new key (or the configured recovery
    key); returns the recovery key to give the admins."""
    configured = config.matrix.recovery_key
    storage_key = (
        decode_recovery_key(configured.get_secret_value()) if configured else os.urandom(32)
    )
    key_id = secrets.token_urlsafe(24)
    await api.set_account_data(
        user_id, f"m.secret_storage.key.{key_id}", key_description(storage_key)
    )
    for usage, name in SECRET_NAMES.items():
        secret = identity.key(usage).secret
        await api.set_account_data(
            user_id, name, {"encrypted": {key_id: encrypt_secret(storage_key, name, secret)}}
        )
    await api.set_account_data(user_id, "m.secret_storage.default_key", {"key": key_id})
    return encode_recovery_key(storage_key)


def _announce(recovery: str, store: Path, console: TextIO | None = None) -> None:
    """Once: the recovery key in a file readable by the owner only, and on the console if
    a person is watching it (a terminal); never in the log, where it would be kept."""
    path = store / RECOVERY_FILE
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(recovery + "\n")
    console = sys.stdout if console is None else console
    if console.isatty():
        print(
            "\n"
            "==============================================================================\n"
            " Clé de récupération de l'identité du bot / the bot's recovery key:\n\n"
            f"     {recovery}\n\n"
            " Gardez-la en lieu sûr (coffre-fort de mots de passe de la DSI), hors du\n"
            " serveur : elle permet à un nouvel appareil du bot de garder la même identité\n"
            " vérifiée. Keep it somewhere safe, away from this server.\n"
            "==============================================================================\n",
            file=console,
            flush=True,
        )
    log.warning(
        "cross-signing set up; its recovery key is in %s: copy it somewhere safe (a password "
        "vault), then delete the file",
        path,
    )


async def _recover(
    api: _Api, user_id: str, keys: dict[str, Any], recovery_key: Any
) -> Identity | None:
    if recovery_key is None:
        return None
    storage_key = decode_recovery_key(recovery_key.get_secret_value())
    default = await api.account_data(user_id, "m.secret_storage.default_key")
    key_id = str((default or {}).get("key", ""))
    description = await api.account_data(user_id, f"m.secret_storage.key.{key_id}")
    if not key_id or description is None:
        raise IdentityError("the account has no secret storage to recover the keys from")
    if not check_key(storage_key, description):
        raise IdentityError("the recovery key does not open this account's secret storage")
    found = {}
    for usage, name in SECRET_NAMES.items():
        stored = await api.account_data(user_id, name)
        encrypted = ((stored or {}).get("encrypted") or {}).get(key_id)
        if not isinstance(encrypted, dict):
            raise IdentityError(f"secret storage holds no {name}")
        found[usage] = SigningKey.from_secret(decrypt_secret(storage_key, name, encrypted))
    identity = Identity(found["master"], found["self_signing"], found["user_signing"])
    for usage, field in (("master", "master_keys"), ("self_signing", "self_signing_keys")):
        server = _server_key(keys, field, user_id)
        if server is None or public_key_of(server) != identity.key(usage).public:
            raise IdentityError(f"the {usage} key in secret storage is not the one in use")
    return identity


async def _sign_device(
    api: _Api, keys: dict[str, Any], user_id: str, device_id: str, identity: Identity
) -> None:
    device = ((keys.get("device_keys") or {}).get(user_id) or {}).get(device_id)
    if not isinstance(device, dict):
        raise IdentityError("this device's keys are not on the homeserver yet")
    key_id = f"ed25519:{identity.self_signing.public}"
    if key_id in (device.get("signatures") or {}).get(user_id, {}):
        return  # already signed (checked by the homeserver when it was uploaded)
    unsigned = {k: v for k, v in device.items() if k != "unsigned"}
    signed_device = add_signature(unsigned, user_id, key_id, identity.self_signing.sign(unsigned))
    status, answer = await api.call(
        "POST", "/_matrix/client/v3/keys/signatures/upload", {user_id: {device_id: signed_device}}
    )
    if status != 200 or answer.get("failures"):
        failure = json.dumps(answer.get("failures") or {})[:200]
        raise IdentityError(f"the homeserver refused this device's signature ({status} {failure})")
    log.info("device %s signed with the self-signing key", device_id)
