"""Cross-signing and secret storage, as the Matrix specification defines them. Pure: keys
and JSON in, keys and JSON out; the network is `bot.e2ee.identity`'s business.

Ed25519 and AES come from `cryptography`; canonical JSON from `canonicaljson`. Secret
storage uses `m.secret_storage.v1.aes-hmac-sha2`: HKDF-SHA-256 of the storage key (salt
of 32 zero bytes, the secret's name as info) gives an AES-256-CTR key and an HMAC-SHA-256
key. The recovery key shown to people is that storage key in base58 with a 0x8B 0x01
prefix and a parity byte, in groups of four characters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

import canonicaljson
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SSSS_ALGORITHM = "m.secret_storage.v1.aes-hmac-sha2"
SECRET_NAMES = {
    "master": "m.cross_signing.master",
    "self_signing": "m.cross_signing.self_signing",
    "user_signing": "m.cross_signing.user_signing",
}
USAGES = tuple(SECRET_NAMES)
_RECOVERY_PREFIX = bytes([0x8B, 0x01])
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class CrossSigningError(ValueError):
    """A key, a signature or a stored secret is not what it should be."""


def unpadded(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def decode_base64(text: str) -> bytes:
    """Padded or not, standard or URL-safe: Matrix clients write all of them."""
    cleaned = text.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except ValueError as error:
        raise CrossSigningError("not base64") from error


def canonical(value: dict[str, Any]) -> bytes:
    """What gets signed: the object without `signatures` and `unsigned`, canonical JSON."""
    stripped = {k: v for k, v in value.items() if k not in ("signatures", "unsigned")}
    return bytes(canonicaljson.encode_canonical_json(stripped))


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 key of the bot's identity; `seed` is what secret storage keeps."""

    seed: bytes

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(os.urandom(32))

    @classmethod
    def from_secret(cls, secret: str) -> SigningKey:
        seed = decode_base64(secret)
        if len(seed) != 32:
            raise CrossSigningError("a cross-signing private key is 32 bytes")
        return cls(seed)

    @property
    def secret(self) -> str:
        return unpadded(self.seed)

    @property
    def public(self) -> str:
        key = Ed25519PrivateKey.from_private_bytes(self.seed).public_key()
        return unpadded(key.public_bytes(Encoding.Raw, PublicFormat.Raw))

    def sign(self, value: dict[str, Any]) -> str:
        signature = Ed25519PrivateKey.from_private_bytes(self.seed).sign(canonical(value))
        return unpadded(signature)


def add_signature(
    value: dict[str, Any], user_id: str, key_id: str, signature: str
) -> dict[str, Any]:
    """A copy of `value` carrying one more signature (the others are kept)."""
    signatures = {user: dict(keys) for user, keys in (value.get("signatures") or {}).items()}
    signatures.setdefault(user_id, {})[key_id] = signature
    return {**value, "signatures": signatures}


def signed(value: dict[str, Any], user_id: str, key: SigningKey) -> dict[str, Any]:
    return add_signature(value, user_id, f"ed25519:{key.public}", key.sign(value))


def cross_signing_key(user_id: str, usage: str, key: SigningKey) -> dict[str, Any]:
    """The public object uploaded for one of the three keys (not yet signed)."""
    return {
        "user_id": user_id,
        "usage": [usage],
        "keys": {f"ed25519:{key.public}": key.public},
    }


@dataclass(frozen=True)
class Identity:
    """The bot's three cross-signing keys."""

    master: SigningKey
    self_signing: SigningKey
    user_signing: SigningKey

    @classmethod
    def generate(cls) -> Identity:
        return cls(SigningKey.generate(), SigningKey.generate(), SigningKey.generate())

    def key(self, usage: str) -> SigningKey:
        return {
            "master": self.master,
            "self_signing": self.self_signing,
            "user_signing": self.user_signing,
        }[usage]

    def upload_body(self, user_id: str) -> dict[str, Any]:
        """`/keys/device_signing/upload`: the master key, and the two others signed by it."""
        return {
            "master_key": cross_signing_key(user_id, "master", self.master),
            "self_signing_key": signed(
                cross_signing_key(user_id, "self_signing", self.self_signing), user_id, self.master
            ),
            "user_signing_key": signed(
                cross_signing_key(user_id, "user_signing", self.user_signing), user_id, self.master
            ),
        }


def public_key_of(key_object: dict[str, Any]) -> str:
    """The one Ed25519 public key of a cross-signing key object from `/keys/query`."""
    keys = key_object.get("keys") or {}
    values = [v for k, v in keys.items() if isinstance(k, str) and k.startswith("ed25519:")]
    if len(values) != 1 or not isinstance(values[0], str):
        raise CrossSigningError("a cross-signing key has exactly one ed25519 key")
    return values[0]


# --------------------------------------------------------------------------- secret storage


def _keys(storage_key: bytes, name: str) -> tuple[bytes, bytes]:
    derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=bytes(32), info=name.encode()).derive(
        storage_key
    )
    return derived[:32], derived[32:]


def encrypt_secret(storage_key: bytes, name: str, secret: str) -> dict[str, str]:
    """One secret, encrypted for account data under `name`."""
    aes_key, mac_key = _keys(storage_key, name)
    iv = bytearray(os.urandom(16))
    iv[8] &= 0x7F  # the counter never wraps into the nonce, as the specification asks
    encryptor = Cipher(algorithms.AES(aes_key), modes.CTR(bytes(iv))).encryptor()
    ciphertext = encryptor.update(secret.encode()) + encryptor.finalize()
    mac = hmac.new(mac_key, ciphertext, hashlib.sha256).digest()
    return {
        "iv": base64.b64encode(bytes(iv)).decode(),
        "ciphertext": base64.b64encode(ciphertext).decode(),
        "mac": base64.b64encode(mac).decode(),
    }


def decrypt_secret(storage_key: bytes, name: str, encrypted: dict[str, Any]) -> str:
    """The secret, after its MAC is checked; a wrong key raises CrossSigningError."""
    try:
        iv = decode_base64(str(encrypted["iv"]))
        ciphertext = decode_base64(str(encrypted["ciphertext"]))
        mac = decode_base64(str(encrypted["mac"]))
    except KeyError as error:
        raise CrossSigningError("an encrypted secret needs iv, ciphertext and mac") from error
    if len(iv) != 16:
        raise CrossSigningError("the iv of an encrypted secret is 16 bytes")
    aes_key, mac_key = _keys(storage_key, name)
    if not hmac.compare_digest(hmac.new(mac_key, ciphertext, hashlib.sha256).digest(), mac):
        raise CrossSigningError("the key does not open this secret (MAC mismatch)")
    decryptor = Cipher(algorithms.AES(aes_key), modes.CTR(iv)).decryptor()
    try:
        return (decryptor.update(ciphertext) + decryptor.finalize()).decode()
    except UnicodeDecodeError as error:  # the iv is not covered by the MAC
        raise CrossSigningError("the secret does not decrypt to text") from error


def key_description(storage_key: bytes, name: str = "Harmonie") -> dict[str, str]:
    """`m.secret_storage.key.<id>`: lets a client check a recovery key before using it
    (the MAC of 32 zero bytes encrypted under the empty name)."""
    check = encrypt_secret(storage_key, "", "\0" * 32)
    return {"name": name, "algorithm": SSSS_ALGORITHM, "iv": check["iv"], "mac": check["mac"]}


def check_key(storage_key: bytes, description: dict[str, Any]) -> bool:
    if description.get("algorithm") != SSSS_ALGORITHM:
        return False
    try:
        iv = decode_base64(str(description["iv"]))
        mac = decode_base64(str(description["mac"]))
    except (KeyError, CrossSigningError):
        return False
    if len(iv) != 16:
        return False
    aes_key, mac_key = _keys(storage_key, "")
    encryptor = Cipher(algorithms.AES(aes_key), modes.CTR(iv)).encryptor()
    ciphertext = encryptor.update(bytes(32)) + encryptor.finalize()
    return hmac.compare_digest(hmac.new(mac_key, ciphertext, hashlib.sha256).digest(), mac)


# --------------------------------------------------------------------------- recovery key


def encode_recovery_key(storage_key: bytes) -> str:
    """The storage key as people write it down: 48 base58 characters in groups of 4."""
    if len(storage_key) != 32:
        raise CrossSigningError("a secret storage key is 32 bytes")
    data = _RECOVERY_PREFIX + storage_key
    parity = 0
    for byte in data:
        parity ^= byte
    text = _base58_encode(data + bytes([parity]))
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def decode_recovery_key(text: str) -> bytes:
    """The storage key from a recovery key as typed (spaces anywhere); CrossSigningError
    if it is mistyped (wrong characters, prefix, length or parity)."""
    data = _base58_decode("".join(text.split()))
    if len(data) != 35 or data[:2] != _RECOVERY_PREFIX:
        raise CrossSigningError("this is not a recovery key")
    parity = 0
    for byte in data:
        parity ^= byte
    if parity != 0:
        raise CrossSigningError("the recovery key is mistyped (its check digit is wrong)")
    return data[2:34]


def _base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    text = ""
    while number:
        number, digit = divmod(number, 58)
        text = _BASE58[digit] + text
    leading = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading + text


def _base58_decode(text: str) -> bytes:
    number = 0
    for char in text:
        digit = _BASE58.find(char)
        if digit < 0:
            raise CrossSigningError("a recovery key has only base58 characters")
        number = number * 58 + digit
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading = len(text) - len(text.lstrip("1"))
    return b"\0" * leading + body
