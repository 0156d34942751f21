"""Everything the bot keeps, in SQLite or PostgreSQL, each row within its tenant's or its
bot's scope: all SQL of the project lives in this package."""

from .agents import Agent
from .benchmark import KeptScores
from .campaigns import Campaign
from .credentials import Credentials
from .database import Database
from .errors import OtherOrganisationError, StorageError, UnitOfWorkLost
from .events import PendingEncryptedEvent
from .letters import Letter
from .migrations import SchemaTooNewError
from .outbox import OutboxEntry, OutgoingMessage, transaction_id
from .participations import (
    AnswerRecord,
    CampaignStatus,
    Participation,
    ReminderRow,
    Whereabouts,
)
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
from .room_devices import RoomView
from .scope import DEFAULT_TENANT
from .session import Session
from .structure import FrozenScores
from .trials import (
    Decision,
    Pilot,
    PilotReminderRow,
    Trial,
    TrialCommentRow,
    TrialRatingRow,
    TrialStatus,
)

__all__ = [
    "DEFAULT_TENANT",
    "OtherOrganisationError",
    "Agent",
    "AnswerRecord",
    "AnswerRow",
    "Campaign",
    "CampaignStatus",
    "ParticipantRow",
    "Participation",
    "RoomView",
    "ReminderRow",
    "Credentials",
    "Erased",
    "FrozenScores",
    "KeptScores",
    "Snapshot",
    "FeedbackCommentRow",
    "FeedbackRatingRow",
    "FeedbackResponse",
    "FeedbackWave",
    "Letter",
    "RolloutPlan",
    "RolloutStep",
    "Training",
    "Database",
    "Decision",
    "Pilot",
    "PilotReminderRow",
    "Trial",
    "TrialCommentRow",
    "TrialRatingRow",
    "TrialStatus",
    "OutboxEntry",
    "OutgoingMessage",
    "PendingEncryptedEvent",
    "SchemaTooNewError",
    "Session",
    "StorageError",
    "UnitOfWorkLost",
    "Whereabouts",
    "transaction_id",
]
