"""Scoring as pure functions: answers in, the method's decision material out."""

from .compute import weighted_mean
from .feedback import (
    CommentGroup,
    FeedbackComment,
    FeedbackRating,
    FeedbackTrend,
    WaveSpec,
    WaveTrend,
    feedback_trend,
)
from .records import (
    Answer,
    CategorySpec,
    CriterionSpec,
    Fragmentation,
    Gap,
    Participant,
    ParticipationLine,
    Problem,
    Recommendation,
    Report,
    ScoringSpec,
    ToolScore,
)
from .release import Release, build_report, make_release, until_close, view

__all__ = [
    "Answer",
    "CategorySpec",
    "CriterionSpec",
    "Fragmentation",
    "Gap",
    "Participant",
    "ParticipationLine",
    "Problem",
    "Recommendation",
    "Report",
    "ScoringSpec",
    "ToolScore",
    "build_report",
    "Release",
    "make_release",
    "until_close",
    "view",
    "weighted_mean",
    "CommentGroup",
    "FeedbackComment",
    "FeedbackRating",
    "FeedbackTrend",
    "WaveSpec",
    "WaveTrend",
    "feedback_trend",
]
