"""Cross-signing and secret storage, checked against implementations that are not the bot's:
PyNaCl for Ed25519, PyCryptodome and a hand-written HKDF for secret storage, a hand-written
base58 for recovery keys."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from Crypto.Cipher import AES
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey as NaclSigningKey
from nacl.signing import VerifyKey

from bot.config import CROSS_SIGNING_FILE
from bot.e2ee.crosssigning import (
    SSSS_ALGORITHM,
    CrossSigningError,
    Identity,
    SigningKey,
    add_signature,
    canonical,
    check_key,
    decode_recovery_key,
    decrypt_secret,
    encode_recovery_key,
    encrypt_secret,
    key_description,
    public_key_of,
    signed,
)
from bot.e2ee.identity import load_local, save_local

USER = "@bot:example.org"
SEED = bytes(range(32))
STORAGE_KEY = bytes(range(100, 132))
NAME = "m.cross_signing.master"


# --------------------------------------------------------------------------- independent helpers


def b64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def unpadded_b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def canonical_json(value: dict[str, Any]) -> bytes:
    """Matrix canonical JSON of what gets signed, written without the bot's code."""
    stripped = {k: v for k, v in value.items() if k not in ("signatures", "unsigned")}
    return json.dumps(stripped, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def nacl_verifies(value: dict[str, Any], public: str, signature: str) -> bool:
    try:
        VerifyKey(b64(public)).verify(canonical_json(value), b64(signature))
    except BadSignatureError:
        return False
    return True


def hkdf_sha256(key: bytes, info: bytes, length: int = 64) -> bytes:
    """RFC 5869 by hand, with the 32 zero bytes of salt secret storage uses."""
    prk = hmac.new(bytes(32), key, hashlib.sha256).digest()
    output, block, counter = b"", b"", 1
    while len(output) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        output += block
        counter += 1
    return output[:length]


def open_by_hand(storage_key: bytes, name: str, encrypted: dict[str, str]) -> bytes:
    derived = hkdf_sha256(storage_key, name.encode())
    aes_key, mac_key = derived[:32], derived[32:]
    iv, ciphertext = b64(encrypted["iv"]), b64(encrypted["ciphertext"])
    expected = hmac.new(mac_key, ciphertext, hashlib.sha256).digest()
    assert hmac.compare_digest(expected, b64(encrypted["mac"]))
    return bytes(AES.new(aes_key, AES.MODE_CTR, nonce=b"", initial_value=iv).decrypt(ciphertext))


def seal_by_hand(storage_key: bytes, name: str, plain: bytes, iv: bytes) -> dict[str, str]:
    derived = hkdf_sha256(storage_key, name.encode())
    aes_key, mac_key = derived[:32], derived[32:]
    ciphertext = AES.new(aes_key, AES.MODE_CTR, nonce=b"", initial_value=iv).encrypt(plain)
    mac = hmac.new(mac_key, ciphertext, hashlib.sha256).digest()
    return {
        "iv": base64.b64encode(iv).decode(),
        "ciphertext": base64.b64encode(ciphertext).decode(),
        "mac": base64.b64encode(mac).decode(),
    }


ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"  # Bitcoin's


def base58_by_hand(data: bytes) -> str:
    """Digit by digit (the schoolbook way), not through one big integer as the bot does."""
    digits: list[int] = []  # little-endian base 58
    for byte in data:
        carry = byte
        for index, digit in enumerate(digits):
            carry += digit * 256
            digits[index] = carry % 58
            carry //= 58
        while carry:
            digits.append(carry % 58)
            carry //= 58
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(ALPHABET[digit] for digit in reversed(digits))


def with_parity(data: bytes) -> bytes:
    parity = 0
    for byte in data:
        parity ^= byte
    return data + bytes([parity])


def flip_bit(text: str, byte_index: int = 0) -> str:
    raw = bytearray(b64(text))
    raw[byte_index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


# --------------------------------------------------------------------------- signing keys


def test_the_public_key_is_the_one_pynacl_derives_from_the_same_seed() -> None:
    for seed in (SEED, bytes(32), os.urandom(32)):
        expected = unpadded_b64(bytes(NaclSigningKey(seed).verify_key))
        assert SigningKey(seed).public == expected


def test_the_canonical_form_is_the_specifications() -> None:
    value = {
        "z": 1,
        "a": {"y": [3, {"b": "é", "a": "🐍"}], "x": None},
        "name": "Élodie",
        "unsigned": {"age": 5},
        "signatures": {USER: {"ed25519:x": "y"}},
    }

    assert canonical(value) == canonical_json(value)
    expected = '{"a":{"x":null,"y":[3,{"a":"🐍","b":"é"}]},"name":"Élodie","z":1}'
    assert canonical(value) == expected.encode("utf-8")


def test_a_signature_verifies_with_pynacl_over_the_canonical_json() -> None:
    key = SigningKey(SEED)
    value = {"user_id": USER, "keys": {"ed25519:b": "2", "ed25519:a": "1"}, "name": "Stéphane"}

    signature = key.sign(value)

    assert nacl_verifies(value, key.public, signature)
    assert not nacl_verifies({**value, "name": "Stephane"}, key.public, signature)
    assert not nacl_verifies(value, SigningKey(bytes(32)).public, signature)
    assert "=" not in signature  # unpadded base64, as Matrix writes it


def test_a_signature_ignores_signatures_and_unsigned() -> None:
    key = SigningKey(SEED)
    value = {"user_id": USER, "usage": ["master"]}
    signature = key.sign(value)
    decorated = {
        **value,
        "signatures": {"@other:example.org": {"ed25519:OTHER": "c2ln"}},
        "unsigned": {"device_display_name": "Harmonie"},
    }

    assert key.sign(decorated) == signature  # Ed25519 is deterministic
    assert nacl_verifies(decorated, key.public, signature)


def test_signed_adds_one_signature_and_keeps_the_others() -> None:
    key = SigningKey(SEED)
    value = {"user_id": USER, "signatures": {USER: {"ed25519:DEVICE": "old"}}}

    result = signed(value, USER, key)

    assert result["signatures"][USER] == {
        "ed25519:DEVICE": "old",
        f"ed25519:{key.public}": key.sign(value),
    }
    assert value["signatures"] == {USER: {"ed25519:DEVICE": "old"}}  # the input is untouched
    assert nacl_verifies(result, key.public, result["signatures"][USER][f"ed25519:{key.public}"])
    again = add_signature(result, "@other:example.org", "ed25519:Z", "sig")
    assert set(again["signatures"]) == {USER, "@other:example.org"}


def test_a_key_comes_back_from_its_secret_padded_or_not() -> None:
    key = SigningKey(SEED)

    assert "=" not in key.secret
    assert SigningKey.from_secret(key.secret) == key
    assert SigningKey.from_secret(base64.b64encode(SEED).decode()) == key
    assert SigningKey.from_secret(base64.urlsafe_b64encode(SEED).decode().rstrip("=")) == key
    assert SigningKey.from_secret(f"  {key.secret}\n") == key


@pytest.mark.parametrize("secret", [unpadded_b64(bytes(31)), unpadded_b64(bytes(33)), "", "no!"])
def test_a_secret_that_is_not_32_bytes_of_base64_is_refused(secret: str) -> None:
    with pytest.raises(CrossSigningError):
        SigningKey.from_secret(secret)


def test_the_public_key_of_a_key_object_is_its_only_ed25519_key() -> None:
    assert public_key_of({"keys": {"ed25519:abc": "abc"}}) == "abc"
    for keys in ({}, {"ed25519:a": "a", "ed25519:b": "b"}, {"curve25519:a": "a"}):
        with pytest.raises(CrossSigningError):
            public_key_of({"keys": keys})


# --------------------------------------------------------------------------- the upload


def test_the_upload_body_holds_the_three_keys_with_their_usage() -> None:
    identity = Identity(SigningKey(SEED), SigningKey(bytes(32)), SigningKey(STORAGE_KEY))

    body = identity.upload_body(USER)

    assert set(body) == {"master_key", "self_signing_key", "user_signing_key"}
    for field, usage, key in (
        ("master_key", "master", identity.master),
        ("self_signing_key", "self_signing", identity.self_signing),
        ("user_signing_key", "user_signing", identity.user_signing),
    ):
        public = unpadded_b64(bytes(NaclSigningKey(key.seed).verify_key))
        assert body[field]["user_id"] == USER
        assert body[field]["usage"] == [usage]
        assert body[field]["keys"] == {f"ed25519:{public}": public}


def test_the_master_key_signs_the_two_others_and_not_itself() -> None:
    identity = Identity.generate()
    master = identity.master.public

    body = identity.upload_body(USER)

    assert "signatures" not in body["master_key"]
    for field in ("self_signing_key", "user_signing_key"):
        signatures = body[field]["signatures"]
        assert list(signatures) == [USER]
        assert list(signatures[USER]) == [f"ed25519:{master}"]
        assert nacl_verifies(body[field], master, signatures[USER][f"ed25519:{master}"])


def test_three_generated_keys_differ() -> None:
    identity = Identity.generate()

    assert len({identity.master.seed, identity.self_signing.seed, identity.user_signing.seed}) == 3
    assert Identity.generate().master != identity.master


# --------------------------------------------------------------------------- secret storage


def test_an_encrypted_secret_decrypts_to_itself() -> None:
    secret = SigningKey(SEED).secret

    encrypted = encrypt_secret(STORAGE_KEY, NAME, secret)

    assert decrypt_secret(STORAGE_KEY, NAME, encrypted) == secret
    assert secret not in json.dumps(encrypted)


def test_an_encrypted_secret_opens_with_pycryptodome_and_a_hand_written_hkdf() -> None:
    secret = "ça reste secret: " + SigningKey(SEED).secret

    encrypted = encrypt_secret(STORAGE_KEY, NAME, secret)

    assert open_by_hand(STORAGE_KEY, NAME, encrypted) == secret.encode()
    assert len(b64(encrypted["iv"])) == 16
    assert len(b64(encrypted["mac"])) == 32


def test_a_secret_sealed_by_hand_opens_with_the_bots_code() -> None:
    # As another client (Element) would have written it.
    iv = bytes(range(8)) + bytes(8)
    encrypted = seal_by_hand(STORAGE_KEY, NAME, b"the master key", iv)

    assert decrypt_secret(STORAGE_KEY, NAME, encrypted) == "the master key"


def test_the_iv_keeps_bit_63_clear_so_the_counter_never_reaches_the_nonce() -> None:
    ivs = [b64(encrypt_secret(STORAGE_KEY, NAME, "x")["iv"]) for _ in range(300)]

    assert all(iv[8] & 0x80 == 0 for iv in ivs)
    assert len(set(ivs)) == len(ivs)  # fresh every time


def test_a_wrong_storage_key_does_not_open_a_secret() -> None:
    encrypted = encrypt_secret(STORAGE_KEY, NAME, "secret")

    with pytest.raises(CrossSigningError, match="MAC"):
        decrypt_secret(bytes(32), NAME, encrypted)


def test_a_secret_does_not_open_under_another_name() -> None:
    encrypted = encrypt_secret(STORAGE_KEY, NAME, "secret")

    with pytest.raises(CrossSigningError):
        decrypt_secret(STORAGE_KEY, "m.cross_signing.self_signing", encrypted)


@pytest.mark.parametrize("field", ["ciphertext", "mac"])
def test_a_tampered_secret_is_refused(field: str) -> None:
    encrypted = encrypt_secret(STORAGE_KEY, NAME, "secret")
    tampered = {**encrypted, field: flip_bit(encrypted[field], 3)}

    with pytest.raises(CrossSigningError):
        decrypt_secret(STORAGE_KEY, NAME, tampered)


def test_a_truncated_mac_is_refused() -> None:
    encrypted = encrypt_secret(STORAGE_KEY, NAME, "secret")
    short = base64.b64encode(b64(encrypted["mac"])[:16]).decode()

    with pytest.raises(CrossSigningError):
        decrypt_secret(STORAGE_KEY, NAME, {**encrypted, "mac": short})


@pytest.mark.parametrize("field", ["iv", "ciphertext", "mac"])
def test_an_encrypted_secret_missing_a_field_is_refused(field: str) -> None:
    encrypted: dict[str, Any] = dict(encrypt_secret(STORAGE_KEY, NAME, "secret"))
    del encrypted[field]

    with pytest.raises(CrossSigningError, match="iv, ciphertext and mac"):
        decrypt_secret(STORAGE_KEY, NAME, encrypted)


def test_an_encrypted_secret_that_is_not_base64_is_refused() -> None:
    encrypted = encrypt_secret(STORAGE_KEY, NAME, "secret")

    with pytest.raises(CrossSigningError):
        decrypt_secret(STORAGE_KEY, NAME, {**encrypted, "ciphertext": "not base64!"})


def test_an_encrypted_secret_with_an_iv_of_the_wrong_size_is_refused() -> None:
    encrypted = encrypt_secret(STORAGE_KEY, NAME, "secret")
    short_iv = base64.b64encode(bytes(8)).decode()

    with pytest.raises(CrossSigningError):
        decrypt_secret(STORAGE_KEY, NAME, {**encrypted, "iv": short_iv})


def test_a_key_description_lets_the_right_key_be_recognised() -> None:
    description = key_description(STORAGE_KEY)

    assert description["algorithm"] == SSSS_ALGORITHM == "m.secret_storage.v1.aes-hmac-sha2"
    assert description["name"] == "Harmonie"
    assert check_key(STORAGE_KEY, description)
    assert not check_key(bytes(32), description)
    assert not check_key(STORAGE_KEY, key_description(bytes(32)))


def test_a_key_description_is_checked_as_the_specification_says() -> None:
    # The MAC of 32 zero bytes encrypted under the empty name, computed by hand.
    description = key_description(STORAGE_KEY, "Recovery")
    derived = hkdf_sha256(STORAGE_KEY, b"")
    iv = b64(description["iv"])
    zeros = AES.new(derived[:32], AES.MODE_CTR, nonce=b"", initial_value=iv).encrypt(bytes(32))

    assert description["name"] == "Recovery"
    assert b64(description["mac"]) == hmac.new(derived[32:], zeros, hashlib.sha256).digest()
    assert iv[8] & 0x80 == 0


def test_a_key_description_written_by_hand_is_recognised() -> None:
    sealed = seal_by_hand(STORAGE_KEY, "", bytes(32), bytes(16))
    description = {"algorithm": SSSS_ALGORITHM, "iv": sealed["iv"], "mac": sealed["mac"]}

    assert check_key(STORAGE_KEY, description)
    assert not check_key(STORAGE_KEY[::-1], description)


@pytest.mark.parametrize(
    "change",
    [
        {"algorithm": "m.secret_storage.v2.other"},
        {"algorithm": None},
        {"iv": None},
        {"mac": None},
        {"mac": "not base64!"},
    ],
)
def test_a_key_description_that_is_incomplete_or_of_another_kind_fails(
    change: dict[str, Any],
) -> None:
    description: dict[str, Any] = {**key_description(STORAGE_KEY), **change}
    description = {k: v for k, v in description.items() if v is not None}

    assert check_key(STORAGE_KEY, description) is False


def test_a_key_description_with_an_iv_of_the_wrong_size_fails() -> None:
    description = {**key_description(STORAGE_KEY), "iv": base64.b64encode(bytes(8)).decode()}

    assert check_key(STORAGE_KEY, description) is False


# --------------------------------------------------------------------------- recovery keys

RECOVERY_SHAPE = re.compile(r"[1-9A-HJ-NP-Za-km-z]{4}( [1-9A-HJ-NP-Za-km-z]{4}){11}")


def test_the_recovery_key_of_the_zero_key_is_computed_by_hand() -> None:
    raw = with_parity(bytes([0x8B, 0x01]) + bytes(32))
    assert raw[-1] == 0x8A
    text = base58_by_hand(raw)
    expected = " ".join(text[i : i + 4] for i in range(0, len(text), 4))

    assert encode_recovery_key(bytes(32)) == expected
    assert expected == "EsSz ygLv VP1b xF1C v7kE eBQx MxDP buG5 w25T L3b6 hfyG Kkrd"


def test_a_recovery_key_is_twelve_groups_of_four_base58_characters() -> None:
    text = encode_recovery_key(STORAGE_KEY)

    assert len(text) == 59 and len(text.replace(" ", "")) == 48
    assert RECOVERY_SHAPE.fullmatch(text)
    assert text.replace(" ", "") == base58_by_hand(with_parity(b"\x8b\x01" + STORAGE_KEY))


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(key=st.binary(min_size=32, max_size=32))
def test_any_storage_key_survives_its_recovery_key(key: bytes) -> None:
    text = encode_recovery_key(key)

    assert RECOVERY_SHAPE.fullmatch(text)
    assert text.replace(" ", "") == base58_by_hand(with_parity(b"\x8b\x01" + key))
    assert decode_recovery_key(text) == key


@pytest.mark.parametrize(
    "retype",
    [
        lambda text: text.replace(" ", ""),
        lambda text: text.replace(" ", "  "),
        lambda text: f"  {text}\n",
        lambda text: text.replace(" ", "\n", 6),
        lambda text: " ".join(text.replace(" ", "")[i : i + 2] for i in range(0, 48, 2)),
        lambda text: text.replace(" ", "\t"),
    ],
    ids=["no spaces", "double spaces", "padded", "newlines", "pairs", "tabs"],
)
def test_a_recovery_key_is_read_however_it_was_spaced(retype: Any) -> None:
    assert decode_recovery_key(retype(encode_recovery_key(STORAGE_KEY))) == STORAGE_KEY


@pytest.mark.parametrize("position", [0, 1, 13, 30, 46, 47])
def test_a_recovery_key_with_one_character_changed_is_refused(position: int) -> None:
    text = encode_recovery_key(SEED).replace(" ", "")
    typo = ALPHABET[(ALPHABET.index(text[position]) + 1) % 58]

    with pytest.raises(CrossSigningError):
        decode_recovery_key(text[:position] + typo + text[position + 1 :])


def test_nearly_every_one_character_typo_is_caught_and_none_gives_the_key_back() -> None:
    # One parity byte cannot catch them all (the format is the specification's); the
    # recovery flow then checks the key against the key description.
    text = encode_recovery_key(STORAGE_KEY).replace(" ", "")
    accepted, total = 0, 0
    for position, original in enumerate(text):
        for char in ALPHABET.replace(original, ""):
            total += 1
            try:
                decoded = decode_recovery_key(text[:position] + char + text[position + 1 :])
            except CrossSigningError:
                continue
            accepted += 1
            assert decoded != STORAGE_KEY

    assert total == 48 * 57
    assert accepted / total < 0.01


@pytest.mark.parametrize("char", ["0", "O", "I", "l", "+", "é"])
def test_characters_outside_base58_are_refused(char: str) -> None:
    text = encode_recovery_key(STORAGE_KEY)

    with pytest.raises(CrossSigningError, match="base58"):
        decode_recovery_key(text[:10] + char + text[11:])


@pytest.mark.parametrize(
    "raw",
    [
        with_parity(b"\x8b\x02" + STORAGE_KEY),
        with_parity(b"\x8c\x01" + STORAGE_KEY),
        with_parity(b"\x8b\x01" + STORAGE_KEY[:31]),
        with_parity(b"\x8b\x01" + STORAGE_KEY + b"\x00"),
        b"\x8b\x01" + STORAGE_KEY,  # no parity byte
        with_parity(b"\x8b\x01" + STORAGE_KEY)[:-1] + b"\x00",  # a wrong one
    ],
    ids=["prefix 8b02", "prefix 8c01", "31 bytes", "33 bytes", "no parity", "bad parity"],
)
def test_a_recovery_key_of_the_wrong_shape_is_refused(raw: bytes) -> None:
    with pytest.raises(CrossSigningError):
        decode_recovery_key(base58_by_hand(raw))


@pytest.mark.parametrize("text", ["", "   ", "EsSz ygLv VP1b", "1111"])
def test_something_that_is_not_a_recovery_key_is_refused(text: str) -> None:
    with pytest.raises(CrossSigningError):
        decode_recovery_key(text)


@pytest.mark.parametrize("size", [0, 16, 31, 33])
def test_only_a_32_byte_storage_key_has_a_recovery_key(size: int) -> None:
    with pytest.raises(CrossSigningError):
        encode_recovery_key(bytes(size))


# --------------------------------------------------------------------------- keys at rest


def test_keys_saved_in_the_store_come_back_with_the_same_pickle_key(tmp_path: Path) -> None:
    identity = Identity.generate()

    save_local(tmp_path, "pickle-key", identity)

    assert load_local(tmp_path, "pickle-key") == identity
    assert not list(tmp_path.glob("*.tmp"))


def test_keys_in_the_store_are_not_readable_in_clear(tmp_path: Path) -> None:
    identity = Identity.generate()

    save_local(tmp_path, "pickle-key", identity)

    text = (tmp_path / CROSS_SIGNING_FILE).read_text(encoding="utf-8")
    for usage in ("master", "self_signing", "user_signing"):
        assert identity.key(usage).secret not in text
        assert identity.key(usage).seed.hex() not in text
    assert "pickle-key" not in text


def test_keys_in_the_store_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    save_local(tmp_path, "pickle-key", Identity.generate())

    assert stat.S_IMODE((tmp_path / CROSS_SIGNING_FILE).stat().st_mode) == 0o600


def test_saving_again_replaces_the_keys(tmp_path: Path) -> None:
    first, second = Identity.generate(), Identity.generate()
    save_local(tmp_path, "pickle-key", first)

    save_local(tmp_path, "pickle-key", second)

    assert load_local(tmp_path, "pickle-key") == second


def test_no_keys_in_the_store_is_none(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert load_local(tmp_path, "pickle-key") is None
    assert not caplog.records


def test_another_pickle_key_reads_nothing_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    save_local(tmp_path, "pickle-key", Identity.generate())

    with caplog.at_level(logging.ERROR, logger="bot.e2ee.identity"):
        assert load_local(tmp_path, "another-pickle-key") is None

    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert CROSS_SIGNING_FILE in errors[0].getMessage()
    assert "pickle-key" not in caplog.text


def _tamper(body: dict[str, Any]) -> str:
    return json.dumps({**body, "ciphertext": flip_bit(body["ciphertext"], 5)})


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda body: "",
        lambda body: "{not json",
        lambda body: "null",
        lambda body: "[]",
        lambda body: json.dumps({"v": 1}),
        lambda body: json.dumps({**body, "nonce": "!!"}),
        lambda body: json.dumps({**body, "nonce": base64.b64encode(bytes(12)).decode()}),
        _tamper,
        lambda body: json.dumps(body)[:-20],
    ],
    ids=[
        "empty",
        "not json",
        "null",
        "list",
        "no fields",
        "nonce not base64",
        "other nonce",
        "tampered",
        "truncated",
    ],
)
def test_a_corrupted_key_file_reads_as_none(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, corrupt: Any
) -> None:
    save_local(tmp_path, "pickle-key", Identity.generate())
    path = tmp_path / CROSS_SIGNING_FILE
    path.write_text(corrupt(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")

    with caplog.at_level(logging.ERROR, logger="bot.e2ee.identity"):
        assert load_local(tmp_path, "pickle-key") is None

    assert any(r.levelno == logging.ERROR for r in caplog.records)


def test_a_key_file_that_is_not_text_reads_as_none(tmp_path: Path) -> None:
    (tmp_path / CROSS_SIGNING_FILE).write_bytes(b"\xff\xfe\x00garbage")

    assert load_local(tmp_path, "pickle-key") is None
