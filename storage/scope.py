"""The scope of a unit of work: one tenant's rows and one bot's.

A tenant is an organisation (a commune) served by the installation; its rows are those of
its tenant roots (agents, campaigns, rollout plans, trials, decisions, the audit log) and
of their children, reached through the root's id. A bot is one Matrix account: its
login, sync token, outbox, letters, DMs and what it knows of rooms' devices are its own.
Every repository reads and writes within its session's scope, so that isolation is the
storage's job, not each handler's.
"""

from __future__ import annotations

import re

DEFAULT_TENANT = "default"  # the single `[organisation]` of a one-commune installation
_TENANT_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")


def tenant_key(organisation: str) -> str:
    """The key itself, checked: job keys are prefixed with it and a colon (`plouzane:…`)."""
    if not _TENANT_KEY.fullmatch(organisation):
        raise ValueError(f"not an organisation key (a-z, 0-9, -): {organisation!r}")
    return organisation


def owned(table: str, alias: str = "o") -> str:
    """A condition true when the row of `table` with id ? belongs to tenant ?: what a read
    of a root's children adds, so that another tenant's id finds nothing. Uncorrelated,
    it is evaluated once per statement."""
    return (
        f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.id = ? AND {alias}.organisation = ?)"
    )
