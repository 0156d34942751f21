"""What storage raises for its callers to handle."""

from __future__ import annotations


class StorageError(RuntimeError):
    """A write could not be made durable; the caller tells the user to retry later."""


class UnitOfWorkLost(StorageError):
    """A failed part of a unit of work could not be undone: the whole unit must go."""


class OtherOrganisationError(LookupError):
    """A Matrix ID already an agent of another organisation: a person belongs to one, and
    a tenant never takes over another's agent (the configuration says who is where)."""
