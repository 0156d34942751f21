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
    # What 0 and 10 mean, said the first time the criterion is asked: without it, agents
    # rate « coût » in opposite senses and the mean means nothing.
    scale_fr: str = ""
    scale_en: str = ""

    def name(self, language: Language) -> str:
        return self.name_fr if language == "fr" else self.name_en

    def scale(self, language: Language) -> str:
        return self.scale_fr if language == "fr" else self.scale_en


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

    def tool_label(self, tool: str, language: Language) -> str:
        """A known tool's name as shown in `language` (stored under its own name)."""
        return TOOL_NAMES_EN.get(tool, tool) if language == "en" else tool

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

    def find_service(self, typed: str) -> str | None:
        """A configured service from what was typed, whatever its case; None if unknown."""
        wanted = typed.strip().casefold()
        return next((s for s in self.services if s.casefold() == wanted), None)


def normalise(text: str) -> str:
    """Lower case, no accents, single spaces: how typed names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.casefold()).strip()


def fold(text: str) -> str:
    """Lower case and no accents, one character for one: positions in the result are
    positions in `text`, so that what was typed can be cut where the folded text matched."""
    folded = []
    for ch in text:
        if ch in "’‘`´":
            folded.append("'")
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        ).lower()
        folded.append(base if len(base) == 1 else ch.lower()[:1] or " ")
    return "".join(folded)


def _unique(what: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise SurveyError(f"{what} '{key}' appears twice")
        seen.add(key)


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "efficacite", "efficacité", "effectiveness",
        scale_fr="10 = il vous fait gagner du temps, 0 = il vous en fait perdre",
        scale_en="10 = it saves you time, 0 = it wastes your time",
    ),
    Criterion(
        "cout", "coût", "cost",
        scale_fr="10 = très économique, bon rapport qualité-prix ; 0 = très coûteux",
        scale_en="10 = very economical, good value for money; 0 = very costly",
    ),
    Criterion(
        "securite", "sécurité", "security",
        scale_fr="10 = vos données y sont bien protégées, 0 = pas du tout",
        scale_en="10 = your data is well protected, 0 = not at all",
    ),
    Criterion(
        "assimilation", "assimilation par les équipes", "adoption by the teams",
        scale_fr="votre équipe l'a-t-elle adopté ? 10 = tout le monde s'en sert bien, "
        "0 = personne",
        scale_en="has your team taken it up? 10 = everyone uses it well, 0 = nobody",
    ),
)  # fmt: skip

# Other ways people name the default tools (matched without case or accents).
TOOL_ALIASES: dict[str, tuple[str, ...]] = {
    "Microsoft Teams": ("teams", "ms teams", "msteams", "team"),
    "Google Meet": ("meet", "gmeet", "google hangouts", "hangouts"),
    "Jitsi": ("jitsi meet", "meet.jit.si"),
    "Visio Tchap": ("visio tchap", "tchap visio"),
    "Webconf de l'État": ("webconf", "webconference de l'etat", "webinaire de l'etat"),
    "WhatsApp": ("whats app", "watsap", "whatsapp business"),
    "Rocket.Chat": ("rocket", "rocketchat"),
    "Outlook / Exchange": ("outlook", "exchange", "owa", "calendrier outlook"),
    "Google Agenda": ("google calendar", "gcal", "agenda google"),
    "Microsoft Forms": ("ms forms", "forms microsoft"),
    "Google Forms": ("google form", "gforms", "formulaire google"),
    "Démarches simplifiées": ("demarches simplifiees", "ds"),
    "Evento (RENATER)": ("evento", "renater"),
    "Microsoft Planner": ("planner",),
    "Microsoft To Do": ("to do", "todo", "to-do", "microsoft todo"),
    "Google Tasks": ("tasks", "google taches"),
    "Cahier papier": ("papier", "cahier", "registre papier", "paper"),
    "Tableur partagé": ("tableur", "excel", "excel partage", "fichier excel", "spreadsheet"),
    "Dossiers réseau partagés": (
        "dossiers partages", "lecteur reseau", "serveur de fichiers", "reseau", "partage reseau",
    ),
    "SharePoint": ("share point", "sharepoint online"),
    "Google Drive": ("drive", "gdrive"),
}  # fmt: skip

# The default tools whose name is French, as shown to someone reading in English.
TOOL_NAMES_EN: dict[str, str] = {
    "Webconf de l'État": "Webconf de l'État (the State's web conferencing)",
    "Sondage Tchap": "Tchap poll",
    "Démarches simplifiées": "Démarches simplifiées (State online forms)",
    "Cahier papier": "Paper register",
    "Tableur partagé": "Shared spreadsheet",
    "Dossiers réseau partagés": "Shared network folders",
    "Google Agenda": "Google Calendar",
    "Nextcloud Agenda": "Nextcloud Calendar",
}

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
