"""Everything the bot keeps, in SQLite: all SQL of the project lives in this package."""

from .agents import Agent
from .campaigns import Campaign
from .credentials import Credentials
from .database import Database, Session, StorageError
from .events import PendingEncryptedEvent
from .migrations import SchemaTooNewError
from .notices import Notice
from .outbox import OutboxEntry, OutgoingMessage, transaction_id
from .participations import AnswerRecord, CampaignStatus, Participation, ReminderRow
from .privacy import Erased, Snapshot
from .reports import AnswerRow, ParticipantRow
from .rollout import (
    FeedbackCommentRow,
    FeedbackRatingRow,
    FeedbackResponse,
    FeedbackWave,
    RolloutPlan,
    RolloutStep,
    Training,
)

__all__ = [
    "Agent",
    "AnswerRecord",
    "AnswerRow",
    "Campaign",
    "CampaignStatus",
    "ParticipantRow",
    "Participation",
    "ReminderRow",
    "Credentials",
    "Erased",
    "Snapshot",
    "FeedbackCommentRow",
    "FeedbackRatingRow",
    "FeedbackResponse",
    "FeedbackWave",
    "Notice",
    "RolloutPlan",
    "RolloutStep",
    "Training",
    "Database",
    "OutboxEntry",
    "OutgoingMessage",
    "PendingEncryptedEvent",
    "SchemaTooNewError",
    "Session",
    "StorageError",
    "transaction_id",
]
