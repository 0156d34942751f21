"""Which dialog owns an agent's next message that is not a command: one table, in order.

The first entry whose condition holds owns the message. The conditions read a `Situation`
the bot loads once per message; a dialog is a row here (the phase-2 trial's questionnaire
was added so).
A modification (`!modifier`) is a state of the evaluation, so the evaluation's rows cover
it; an erasure is confirmed by a command (`!oublier confirmer`), never by free text, so it
owns no message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Dialog(Enum):
    EVALUATION = "evaluation"  # the campaign's questions (including a modification)
    FEEDBACK = "feedback"  # a rollout's feedback survey
    FEEDBACK_DONE = "feedback_done"  # just answered a survey: that is what they talk about
    TRIAL = "trial"  # the pilot trial's questionnaire
    TRIAL_DONE = "trial_done"  # a pilot who answered it, with nothing else open
    NO_CAMPAIGN = "no_campaign"  # nothing to answer: say so


@dataclass(frozen=True)
class Situation:
    """What the conditions need to know about the agent, as the database says now."""

    evaluating: bool = False  # an evaluation waits for an answer (neither paused nor done)
    accepting: bool = False  # a campaign is open and accepts answers today
    surveying: bool = False  # a feedback survey of the active rollout is in progress
    surveyed: bool = False  # the agent's latest feedback survey is finished
    evaluated: bool = False  # the agent finished the open campaign's evaluation
    answering_trial: bool = False  # the trial's questionnaire waits for the pilot's answer
    piloting: bool = False  # a pilot of the open trial who has not finished answering
    piloted: bool = False  # a pilot of the open trial who has answered everything


@dataclass(frozen=True)
class Owner:
    dialog: Dialog
    when: Callable[[Situation], bool]
    why: str


OWNERS: tuple[Owner, ...] = (
    # A wave that arrives mid-evaluation waits: the evaluation keeps the agent's replies.
    Owner(Dialog.EVALUATION, lambda s: s.evaluating, "an evaluation waits for an answer"),
    Owner(Dialog.FEEDBACK, lambda s: s.surveying, "a feedback survey is in progress"),
    Owner(Dialog.TRIAL, lambda s: s.answering_trial, "the trial's questionnaire is in progress"),
    # The campaign has nothing left to ask them: a message starts the trial's questions.
    Owner(Dialog.TRIAL, lambda s: s.piloting and s.evaluated, "a pilot done with the campaign"),
    # Paused, finished or not begun: the evaluation explains how to go on.
    Owner(Dialog.EVALUATION, lambda s: s.accepting, "a campaign accepts answers"),
    # Invited and not begun, or paused: a message starts or resumes the questionnaire.
    Owner(Dialog.TRIAL, lambda s: s.piloting, "a pilot has not finished the questionnaire"),
    Owner(Dialog.FEEDBACK_DONE, lambda s: s.surveyed, "a feedback survey was just answered"),
    Owner(Dialog.TRIAL_DONE, lambda s: s.piloted, "a pilot answered the questionnaire"),
    Owner(Dialog.NO_CAMPAIGN, lambda s: True, "nothing is open"),
)


def owner(situation: Situation, owners: tuple[Owner, ...] = OWNERS) -> Dialog:
    for row in owners:
        if row.when(situation):
            return row.dialog
    raise LookupError("the last row of the table owns every message")
