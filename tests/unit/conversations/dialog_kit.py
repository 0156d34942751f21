"""What the evaluation dialog's tests share: a small survey, answers as the dialog
stores them, and driving the dialog message by message."""

from __future__ import annotations

from collections.abc import Sequence

from conversations.dialog import (
    CategoryAnswer,
    DialogState,
    ToolAnswer,
    Transition,
    start,
    step,
)
from conversations.survey import Category, Criterion, Survey
from conversations.texts import Language
from tests.support.kit import readable

VISIO = Category(
    "visio",
    "visioconférence",
    "video conferencing",
    ("Zoom", "Microsoft Teams", "Google Meet", "Google Hangouts", "Webconf de l'État"),
)  # by number: 1-5 the tools, 6 "autre", 7 "aucun"
AGENDA = Category("agenda", "agenda partagé", "shared calendar", ("Outlook / Exchange", "Zimbra"))
CRITERIA = (
    Criterion("efficacite", "efficacité", "effectiveness", scale_fr="10 = efficace"),
    Criterion("cout", "coût", "cost", scale_fr="10 = très économique"),
    Criterion("securite", "sécurité", "security"),
    Criterion("assimilation", "assimilation par les équipes", "adoption by the teams"),
)
SMALL = Survey((VISIO, AGENDA), CRITERIA)
WITH_SERVICES = Survey((VISIO, AGENDA), CRITERIA, services=("Finances", "Ressources humaines"))

TO_CONFIRM = ["Zoom", "8 6 9 nsp", "Le son coupe", "aucun", "oui", "Pour les réunions"]
FINISHED = [*TO_CONFIRM, "valider"]
NOTHING_YET = (None, None)


def uses(*tools: ToolAnswer) -> CategoryAnswer:
    return CategoryAnswer(tools=tools)


def rated(
    name: str,
    *ratings: float | None,
    problem: str | None = None,
    other: bool = False,
) -> ToolAnswer:
    return ToolAnswer(name, other, tuple(ratings), problem, done=True)


def answered(
    survey: Survey,
    messages: Sequence[str],
    language: Language = "fr",
    state: DialogState | None = None,
) -> DialogState:
    """The state after these messages, each of which must be accepted."""
    current = start(survey, language).state if state is None else state
    for message in messages:
        transition = step(survey, current, message, language)
        assert transition.accepted, (message, [r.plain for r in transition.replies])
        current = transition.state
    return current


def plain(transition: Transition) -> str:
    return readable("\n".join(reply.plain for reply in transition.replies))


def assert_refused(transition: Transition, state: DialogState) -> None:
    assert transition.accepted is False
    assert transition.state is state
    assert transition.changed == ()
