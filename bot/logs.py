"""Logging set-up: counts and ids at INFO, never message content, never secrets."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


def configure(level: str, file: Path | None = None) -> None:
    """Log at `level` to stderr, or only to `file` (the demo: its console is for a person)."""
    handler: logging.Handler
    if file is None:
        handler = logging.StreamHandler(sys.stderr)
    else:
        handler = logging.FileHandler(file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # Python's own warnings (deprecations in a library) are log lines too.
    logging.captureWarnings(file is not None)
    # Libraries log event contents, SQL parameters and key material at DEBUG, and routine
    # E2EE events ("missing session") as warnings: only their errors reach the log, unless
    # we debug, where their INFO lines (event types, key sharing) help.
    for name in ("nio", "peewee", "aiohttp", "aiosqlite"):
        logging.getLogger(name).setLevel(logging.INFO if level == "DEBUG" else logging.ERROR)
    # Except nio's HTTP retries ("Got 429 … sleeping", "Timed out, sleeping"): an
    # administrator needs to see a homeserver that is down or pushing back.
    logging.getLogger("nio.client.async_client").setLevel(logging.WARNING)
    # APScheduler says "Running job …" at INFO every time a check runs: noise, not news.
    logging.getLogger("apscheduler").setLevel(
        logging.DEBUG if level == "DEBUG" else logging.WARNING
    )
