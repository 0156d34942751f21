"""The survey as data: categories, their known tools, and the rating criteria.

Validated when built, so that a configuration mistake (two categories with the same
key, a criterion weight of zero) is caught at start-up, not in an agent's conversation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .texts import Language


class SurveyError(ValueError):
    """The survey definition is inconsistent; the message says what to fix."""


@dataclass(frozen=True)
class Category:
    key: str
    name_fr: str
    name_en: str
    tools: tuple[str, ...]

    def name(self, language: Language) -> str:
        return self.name_fr if language == "fr" else self.name_en


@dataclass(frozen=True)
class Criterion:
    key: str
    name_fr: str
    name_en: str
    weight: float = 1.0

    def name(self, language: Language) -> str:
        return self.name_fr if language == "fr" else self.name_en


@dataclass(frozen=True)
class Survey:
    categories: tuple[Category, ...]
    criteria: tuple[Criterion, ...]
    services: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.categories:
            raise SurveyError("the survey needs at least one category")
        if not self.criteria:
            raise SurveyError("the survey needs at least one criterion")
        _unique("category", [c.key for c in self.categories])
        _unique("criterion", [c.key for c in self.criteria])
        for category in self.categories:
            _unique(f"tool of {category.key}", [normalise(t) for t in category.tools])
        for criterion in self.criteria:
            if criterion.weight <= 0:
                raise SurveyError(f"criterion {criterion.key}: the weight must be positive")

    def category(self, key: str) -> Category:
        for category in self.categories:
            if category.key == key:
                return category
        raise KeyError(key)

    def find_category(self, typed: str) -> Category | None:
        """A category from what an agent typed: its number, key, or (part of) its name."""
        wanted = normalise(typed)
        if not wanted:
            return None
        if re.fullmatch(r"[0-9]{1,3}", wanted):
            number = int(wanted)
            return self.categories[number - 1] if 1 <= number <= len(self.categories) else None
        for category in self.categories:
            names = {
                normalise(category.key),
                normalise(category.name_fr),
                normalise(category.name_en),
            }
            if wanted in names:
                return category
        matches = [
            c
            for c in self.categories
            if wanted in normalise(c.name_fr) or wanted in normalise(c.name_en)
        ]
        return matches[0] if len(matches) == 1 else None


def normalise(text: str) -> str:
    """Lower case, no accents, single spaces: how typed names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.casefold()).strip()


def _unique(what: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise SurveyError(f"{what} '{key}' appears twice")
        seen.add(key)


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("efficacite", "efficacité", "effectiveness"),
    Criterion("cout", "coût", "cost"),
    Criterion("securite", "sécurité", "security"),
    Criterion("assimilation", "assimilation par les équipes", "adoption by the teams"),
)

DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category(
        "visioconference",
        "visioconférence",
        "video conferencing",
        ("Zoom", "Microsoft Teams", "Google Meet", "Jitsi", "Webconf de l'État", "Visio Tchap"),
    ),
    Category(
        "messagerie",
        "messagerie instantanée",
        "instant messaging",
        ("Tchap", "WhatsApp", "Microsoft Teams", "Slack", "Signal", "Rocket.Chat"),
    ),
    Category(
        "agenda",
        "agenda partagé",
        "shared calendar",
        ("Outlook / Exchange", "Google Agenda", "Zimbra", "BlueMind", "Nextcloud Agenda"),
    ),
    Category(
        "questionnaire",
        "questionnaire",
        "forms and questionnaires",
        ("Microsoft Forms", "Google Forms", "LimeSurvey", "Framaforms", "Démarches simplifiées"),
    ),
    Category(
        "sondage",
        "sondage",
        "polls",
        ("Doodle", "Framadate", "Evento (RENATER)", "Microsoft Forms", "Sondage Tchap"),
    ),
    Category(
        "gestion_projet",
        "gestion de projet",
        "project management",
        ("Trello", "Microsoft Planner", "Asana", "Monday", "Wekan", "OpenProject"),
    ),
    Category(
        "reservation",
        "réservation de matériel ou de salle",
        "room or equipment booking",
        ("Outlook / Exchange", "Google Agenda", "GRR", "Cahier papier", "Tableur partagé"),
    ),
    Category(
        "planification",
        "planification de tâches",
        "task planning",
        ("Microsoft To Do", "Microsoft Planner", "Trello", "Google Tasks", "Tableur partagé"),
    ),
    Category(
        "ged",
        "gestion électronique des documents (GED)",
        "document management (EDM)",
        ("SharePoint", "Google Drive", "Nextcloud", "Alfresco", "Dossiers réseau partagés"),
    ),
)

DEFAULT_SURVEY = Survey(DEFAULT_CATEGORIES, DEFAULT_CRITERIA)
