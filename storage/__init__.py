"""Everything the bot keeps, in SQLite: all SQL of the project lives in this package."""

from .credentials import Credentials
from .database import Database, Session, StorageError
from .events import PendingEncryptedEvent
from .migrations import SchemaTooNewError
from .outbox import OutboxEntry, OutgoingMessage, transaction_id

__all__ = [
    "Credentials",
    "Database",
    "OutboxEntry",
    "OutgoingMessage",
    "PendingEncryptedEvent",
    "SchemaTooNewError",
    "Session",
    "StorageError",
    "transaction_id",
]
