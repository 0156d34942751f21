"""Rules the chat handlers and the periodic jobs share, pure so that neither imports the
other: whether a campaign accepts answers, its deadline as said, a day as written, what
opens a rollout's feedback wave for one agent, the suite retained as said, and when a pilot
trial asks its questions."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from .calendar import WorkingCalendar
from .feedback import dump_feedback, feedback_start
from .formatting import Reply
from .rollout import wave_days, working_days_before
from .survey import Survey
from .texts import Language, text, typed


class Dated(Protocol):
    """A campaign or a trial as these rules read it (storage's `Campaign` and `Trial`)."""

    @property
    def is_open(self) -> bool: ...

    @property
    def closes_on(self) -> date | None: ...


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def decision_line(language: Language, suite: str, decided_on: date, reason: str | None) -> str:
    """The decision in force in one line, under a report or a rollout's status: « Suite
    retenue le 12/03/2027 : Suite Alpha — motif : … »."""
    why = text(language, "choice.decision_line.reason", reason=typed(reason)) if reason else ""
    return text(
        language, "choice.decision_line", date=day_text(decided_on), suite=typed(suite), reason=why
    )


def accepting(campaign: Dated, today: date) -> bool:
    """Open, and its closing date (if any) not passed on `today` (the organisation's day):
    a campaign or a trial closes the day after its end date."""
    if not campaign.is_open:
        return False
    return campaign.closes_on is None or today <= campaign.closes_on


def deadline(campaign: Dated, language: Language) -> str:
    """ " jusqu'au 15/01/2027" after a campaign's title, or nothing if it has no end."""
    if campaign.closes_on is None:
        return ""
    return text(language, "campaign.deadline", date=day_text(campaign.closes_on))


def wave_invitation(
    survey: Survey, suite: str, start_on: date, due_on: date, language: Language
) -> tuple[str, list[Reply]]:
    """The stored first state and the messages that open a feedback wave for one agent."""
    transition = feedback_start(survey, suite, wave_days(start_on, due_on), language)
    return dump_feedback(transition.state), list(transition.replies)


def wave_postponed(suite: str, language: Language) -> list[Reply]:
    """A wave reaching an agent in the middle of the evaluation: announced, and asked once
    the evaluation is finished or paused, so one dialog at a time owns replies."""
    return [Reply(text(language, "feedback.after_evaluation", suite=typed(suite)))]


def trial_ask_day(closes_on: date, ask_working_days: int, calendar: WorkingCalendar) -> date:
    """The day a trial with an end date asks its pilots the questions: `ask_working_days`
    working days before its end (the end itself for 0)."""
    return working_days_before(closes_on, ask_working_days, calendar)
