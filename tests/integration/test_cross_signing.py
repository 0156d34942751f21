"""The bot's device is cross-signed, as Element and Tchap expect: checked on the real
Synapse with PyNaCl (libsodium), an Ed25519 implementation independent of the bot's
(`cryptography`, on OpenSSL), and a canonical JSON written here, not the bot's."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import shutil
import sqlite3
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from Crypto.Cipher import AES
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey as NaclSigningKey
from nacl.signing import VerifyKey

from bot.demo.simulated import SimulatedAgent
from tests.integration.test_evaluation import say
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration

IN_PLACE = "cross-signing in place"
RECOVERY = re.compile(r"^\s+((?:[1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4})\s*$", re.M)


def canonical(value: dict[str, Any]) -> bytes:
    """The Matrix canonical JSON of a signed object, written independently of the bot."""
    body = {k: v for k, v in value.items() if k not in ("signatures", "unsigned")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def verifies(value: dict[str, Any], user_id: str, public: str) -> bool:
    signature = (value.get("signatures") or {}).get(user_id, {}).get(f"ed25519:{public}")
    if signature is None:
        return False
    try:
        VerifyKey(b64(public)).verify(canonical(value), b64(signature))
    except BadSignatureError:
        return False
    return True


def only_key(key_object: dict[str, Any]) -> str:
    (public,) = key_object["keys"].values()
    return str(public)


def query_keys(agent: SimulatedAgent, user_id: str) -> dict[str, Any]:
    """What any client (Element, Tchap) sees of the bot's keys."""
    request = urllib.request.Request(
        f"{agent.client.homeserver}/_matrix/client/v3/keys/query",
        data=json.dumps({"device_keys": {user_id: []}}).encode(),
        headers={
            "Authorization": f"Bearer {agent.client.access_token}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, Any] = json.load(response)
    return answer


def account_data(bot: BotProcess, kind: str) -> dict[str, Any]:
    """The bot's own account data, read with its token as any of its clients would."""
    with sqlite3.connect(bot.db_path) as db:
        (token,) = db.execute("SELECT access_token FROM credentials").fetchone()
    request = urllib.request.Request(
        f"{bot.homeserver.url}/_matrix/client/v3/user/{bot.user_id}/account_data/{kind}",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, Any] = json.load(response)
    return answer


def open_secret(recovery_key: str, name: str, encrypted: dict[str, str]) -> bytes:
    """Secret storage (m.secret_storage.v1.aes-hmac-sha2) opened as the specification
    says, with PyCryptodome and hashlib rather than the bot's code."""
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    number = 0
    for char in recovery_key.replace(" ", ""):
        number = number * 58 + alphabet.index(char)
    raw = number.to_bytes(35, "big")
    assert raw[:2] == bytes([0x8B, 0x01])
    parity = 0
    for byte in raw:
        parity ^= byte
    assert parity == 0
    key = raw[2:34]
    prk = hmac.new(bytes(32), key, hashlib.sha256).digest()  # HKDF-extract
    block1 = hmac.new(prk, name.encode() + b"\x01", hashlib.sha256).digest()
    block2 = hmac.new(prk, block1 + name.encode() + b"\x02", hashlib.sha256).digest()
    aes_key, mac_key = block1, block2
    ciphertext = b64(encrypted["ciphertext"])
    assert hmac.compare_digest(
        hmac.new(mac_key, ciphertext, hashlib.sha256).digest(), b64(encrypted["mac"])
    )
    iv = b64(encrypted["iv"])
    cipher = AES.new(aes_key, AES.MODE_CTR, nonce=b"", initial_value=iv)
    return bytes(cipher.decrypt(ciphertext))


def device_of(bot: BotProcess) -> str:
    """The bot's current device, as its database holds it."""
    ((device_id,),) = bot.query("SELECT device_id FROM credentials")
    return str(device_id)


async def cross_signed_bot(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> tuple[SimulatedAgent, BotProcess]:
    """An agent who will look at the bot's keys, and a bot started once, cross-signed."""
    agent = make_agent()
    await agent.start()
    bot = make_bot()
    await bot.start()
    await bot.wait_for_log(IN_PLACE)
    return agent, bot


async def restart(
    bot: BotProcess,
    *,
    wait_for: str = IN_PLACE,
    wipe_state: bool = False,
    extra_matrix: str | None = None,
    password: str | None = None,
) -> None:
    """Stop the bot; maybe lose its store and database, change its [matrix] settings or
    its password; start it again and wait for its word on cross-signing."""
    await bot.stop()
    if wipe_state:
        shutil.rmtree(bot.folder / "state")
    if password is not None:
        bot.password = password
    if extra_matrix is not None:
        bot.extra_matrix = extra_matrix
        bot.write_config()
    await bot.start()
    await bot.wait_for_log(wait_for)


def check_cross_signed(keys: dict[str, Any], user_id: str, device_id: str) -> str:
    """The master key signs the self-signing key, which signs the device; returns the
    master public key."""
    master = keys["master_keys"][user_id]
    self_signing = keys["self_signing_keys"][user_id]
    assert master["usage"] == ["master"] and self_signing["usage"] == ["self_signing"]
    assert verifies(self_signing, user_id, only_key(master))
    device = keys["device_keys"][user_id][device_id]
    assert verifies(device, user_id, only_key(self_signing))
    assert not verifies(device, user_id, only_key(master))  # signed by the right key only
    return only_key(master)


async def test_the_bot_cross_signs_its_device_and_a_new_device_keeps_the_identity(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    agent, bot = await cross_signed_bot(make_bot, make_agent)
    first_device = device_of(bot)

    master = check_cross_signed(query_keys(agent, bot.user_id), bot.user_id, first_device)
    key_file = bot.folder / "state" / "store" / "recovery-key.txt"
    recovery_key = key_file.read_text().strip()
    assert RECOVERY.fullmatch(f"  {recovery_key}")
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert recovery_key not in bot.log_text()  # output not watched by a person: a log
    assert str(key_file) in bot.log_text()  # the admins are told where it is
    # What Element would do with the recovery key: open secret storage, find the master key.
    key_id = account_data(bot, "m.secret_storage.default_key")["key"]
    stored = account_data(bot, "m.cross_signing.master")["encrypted"][key_id]
    seed = b64(open_secret(recovery_key, "m.cross_signing.master", stored).decode())
    public = NaclSigningKey(seed).verify_key.encode()
    assert base64.b64encode(public).decode().rstrip("=") == master

    # Restarted as it is: nothing is uploaded again, nothing printed again.
    await restart(bot)
    assert bot.log_text().count("cross-signing set up") == 0
    assert key_file.read_text().strip() == recovery_key

    # The store and the database lost: a new device, recovered with the recovery key.
    await restart(bot, wipe_state=True, extra_matrix=f'recovery_key = "{recovery_key}"')
    second_device = device_of(bot)

    assert second_device != first_device
    assert "recovered from secret storage" in bot.log_text()
    keys = query_keys(agent, bot.user_id)
    assert check_cross_signed(keys, bot.user_id, second_device) == master


async def test_without_the_recovery_key_a_new_device_runs_unsigned_and_says_what_to_do(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    agent, bot = await cross_signed_bot(make_bot, make_agent)
    master = only_key(query_keys(agent, bot.user_id)["master_keys"][bot.user_id])
    await restart(bot, wipe_state=True, wait_for="cross-signing not in place")
    room = await agent.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, room)
    answer = await say(agent, bot, room, "!aide")

    assert "Commandes disponibles" in answer  # the bot runs on
    assert "HARMONIE_MATRIX__RECOVERY_KEY" in bot.log_text()
    keys = query_keys(agent, bot.user_id)
    assert only_key(keys["master_keys"][bot.user_id]) == master  # the identity is not reset
    device = keys["device_keys"][bot.user_id][device_of(bot)]
    assert not verifies(device, bot.user_id, only_key(keys["self_signing_keys"][bot.user_id]))


async def test_a_reset_with_a_wrong_password_is_refused_clearly_and_changes_nothing(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    agent, bot = await cross_signed_bot(make_bot, make_agent)
    master = check_cross_signed(query_keys(agent, bot.user_id), bot.user_id, device_of(bot))
    good_password = bot.password
    # The saved session needs no password; the reset does.
    await restart(
        bot,
        password="not-the-password",
        extra_matrix="reset_cross_signing = true",
        wait_for="cross-signing not in place",
    )

    assert "refused the bot's password" in bot.log_text()
    assert "Traceback" not in bot.log_text()
    assert bot.process is not None and bot.process.poll() is None
    assert only_key(query_keys(agent, bot.user_id)["master_keys"][bot.user_id]) == master

    await restart(bot, password=good_password, extra_matrix="")  # the identity's keys were kept
    assert check_cross_signed(query_keys(agent, bot.user_id), bot.user_id, device_of(bot)) == master


def log_in_by_hand(bot: BotProcess) -> str:
    """An access token for the bot's account, as an admin would make one for the config."""
    request = urllib.request.Request(
        f"{bot.homeserver.url}/_matrix/client/v3/login",
        data=json.dumps(
            {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": bot.user_id},
             "password": bot.password, "initial_device_display_name": "Harmonie"}
        ).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(json.load(response)["access_token"])


async def test_with_only_an_access_token_the_identity_is_still_set_up(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    agent = make_agent()
    await agent.start()
    bot = make_bot()
    token = log_in_by_hand(bot)
    bot.password = ""  # no password anywhere: Synapse allows a first set-up without it
    bot.extra_matrix = f'access_token = "{token}"'
    bot.write_config()
    await bot.start()
    await bot.wait_for_log(IN_PLACE)

    check_cross_signed(query_keys(agent, bot.user_id), bot.user_id, device_of(bot))
    assert token not in bot.log_text()
