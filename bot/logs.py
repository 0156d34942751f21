"""Logging set-up: counts and ids at INFO, never message content, never secrets."""

from __future__ import annotations

import logging
import sys


def configure(level: str) -> None:
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    # matrix-nio logs event contents and key material at INFO/DEBUG: keep it quieter
    # than our own logs unless someone explicitly debugs.
    nio_level = logging.DEBUG if level == "DEBUG" else logging.WARNING
    for name in ("nio", "peewee", "aiohttp", "aiosqlite"):
        logging.getLogger(name).setLevel(max(nio_level, logging.WARNING))
