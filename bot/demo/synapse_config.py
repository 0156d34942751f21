"""The files a throwaway Synapse starts from: its config, its log config, its signing key.

Written by `LocalHomeserver.start` in its state folder; the secrets of an earlier start are
kept, so that a reused folder keeps its users and their logins.
"""

from __future__ import annotations

import base64
import json
import secrets
import string
from pathlib import Path
from typing import Any

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
CONFIG_FILE = "homeserver.json"
LOG_FILE = "homeserver.log"
STDIO_FILE = "homeserver.stdio.log"
SIGNING_KEY_FILE = "signing.key"
LOG_CONFIG_FILE = "log_config.json"

# Every client-facing rate limit of Synapse 1.163 (synapse/config/ratelimiting.py), each set
# to _NO_LIMIT when raise_rate_limits is on. Dotted names are nested sections.
_RATE_LIMIT_KEYS = (
    "rc_message",
    "rc_registration",
    "rc_registration_token_validity",
    "rc_login.address",
    "rc_login.account",
    "rc_login.failed_attempts",
    "rc_admin_redaction",
    "rc_joins.local",
    "rc_joins.remote",
    "rc_joins_per_room",
    "rc_key_requests",
    "rc_3pid_validation",
    "rc_invites.per_room",
    "rc_invites.per_user",
    "rc_invites.per_issuer",
    "rc_third_party_invite",
    "rc_media_create",
    "rc_presence.per_user",
    "rc_delayed_event_mgmt",
    "rc_room_creation",
    "rc_reports",
    "rc_user_directory",
    "rc_profile",
)
_NO_LIMIT = {"per_second": 1000, "burst_count": 10000}


def write_files(
    state: Path, *, server_name: str, port: int, raise_rate_limits: bool, log_level: str
) -> str:
    """Write the config and log config in `state`, keeping the signing key and the secrets
    of earlier starts; returns the registration shared secret."""
    state.mkdir(parents=True, exist_ok=True)
    signing_key = state / SIGNING_KEY_FILE
    if not signing_key.exists():
        signing_key.write_text(_new_signing_key(), encoding="ascii")
    signing_key.chmod(0o600)

    config_path = state / CONFIG_FILE
    previous: dict[str, Any] = {}
    if config_path.exists():
        previous = json.loads(config_path.read_text(encoding="utf-8"))

    def secret(key: str) -> str:
        return str(previous.get(key) or secrets.token_urlsafe(32))

    shared_secret = secret("registration_shared_secret")
    config = _config(
        state,
        server_name=server_name,
        port=port,
        secrets_={
            "registration_shared_secret": shared_secret,
            "macaroon_secret_key": secret("macaroon_secret_key"),
            "form_secret": secret("form_secret"),
        },
    )
    if raise_rate_limits:
        _raise_rate_limits(config)
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    config_path.chmod(0o600)
    (state / LOG_CONFIG_FILE).write_text(
        json.dumps(_log_config(state / LOG_FILE, log_level), indent=2) + "\n", encoding="utf-8"
    )
    return shared_secret


def _new_signing_key() -> str:
    """A signing key file line, in the format Synapse's `read_signing_keys` expects."""
    alphabet = string.ascii_letters + string.digits
    version = "a_" + "".join(secrets.choice(alphabet) for _ in range(4))
    key = base64.b64encode(secrets.token_bytes(32)).decode("ascii").rstrip("=")
    return f"ed25519 {version} {key}\n"


def _config(
    state: Path, *, server_name: str, port: int, secrets_: dict[str, str]
) -> dict[str, Any]:
    return {
        "server_name": server_name,
        "pid_file": str(state / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {
            "name": "sqlite3",
            "args": {"database": str(state / "homeserver.db")},
        },
        "media_store_path": str(state / "media_store"),
        "max_upload_size": "50M",
        "signing_key_path": str(state / SIGNING_KEY_FILE),
        "log_config": str(state / LOG_CONFIG_FILE),
        **secrets_,
        "enable_registration": False,
        "report_stats": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "federation_domain_whitelist": [],
        "enable_metrics": False,
        "presence": {"enabled": False},
        "url_preview_enabled": False,
        # Registration and login drop from ~220 ms to ~10 ms.
        "bcrypt_rounds": 4,
    }


def _raise_rate_limits(config: dict[str, Any]) -> None:
    for key in _RATE_LIMIT_KEYS:
        *sections, leaf = key.split(".")
        node = config
        for section in sections:
            node = node.setdefault(section, {})
        node[leaf] = dict(_NO_LIMIT)


def _log_config(log_path: Path, log_level: str) -> dict[str, Any]:
    return {
        "version": 1,
        "formatters": {
            "precise": {
                "format": "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - "
                "%(request)s - %(message)s"
            }
        },
        "handlers": {
            "file": {
                "class": "logging.FileHandler",
                "formatter": "precise",
                "filename": str(log_path),
                "encoding": "utf8",
            }
        },
        "root": {"level": log_level, "handlers": ["file"]},
        "disable_existing_loggers": False,
    }
