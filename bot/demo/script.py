"""Varied, realistic evaluations for the demo's simulated agents (pure, seeded)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from conversations.survey import DEFAULT_CATEGORIES, Survey

# What the simulated agents complain about. A person judging the product reads these in the
# report, so each is said only of tools it fits: no hosting outside the EU for Tchap, no slow
# network for a paper register. Tools of a catalogue of one's own get no complaint.
PAPER = frozenset({"Cahier papier"})
FILES = frozenset({"Tableur partagé", "Dossiers réseau partagés"})  # on the town hall's server
PERSONAL_MESSENGERS = frozenset({"WhatsApp", "Signal"})  # everyone has them on their phone
PHONE_APPS = PERSONAL_MESSENGERS | {"Tchap", "Sondage Tchap"}  # made for the phone
SOFTWARE = frozenset(t for c in DEFAULT_CATEGORIES for t in c.tools) - PAPER
HOSTED_OUTSIDE_EU = frozenset({
    "Zoom", "Google Meet", "Google Agenda", "Google Forms", "Google Tasks", "Google Drive",
    "WhatsApp", "Slack", "Trello", "Asana",
})  # fmt: skip
AMERICAN = HOSTED_OUTSIDE_EU | frozenset({
    "Microsoft Teams", "Outlook / Exchange", "Microsoft Forms", "Microsoft Planner",
    "Microsoft To Do", "SharePoint",
})  # fmt: skip
PAID_PER_USER = (AMERICAN - {"WhatsApp", "Trello"}) | {"Monday"}  # free versions too limited
CLOSED_TO_OUTSIDERS = frozenset({
    "Tchap", "Visio Tchap", "Microsoft Teams", "Outlook / Exchange", "Rocket.Chat", "Zimbra",
    "BlueMind", "GRR", "SharePoint", "Alfresco", "Dossiers réseau partagés",
})  # fmt: skip


@dataclass(frozen=True)
class Complaint:
    text: str
    tools: frozenset[str]
    categories: frozenset[str] | None = None  # None: in any category


COMPLAINTS = (
    Complaint("le son coupe en pleine réunion", SOFTWARE, frozenset({"visioconference"})),
    Complaint("l'image se fige dès qu'on est nombreux", SOFTWARE, frozenset({"visioconference"})),
    Complaint("les partenaires extérieurs ne peuvent pas se connecter", CLOSED_TO_OUTSIDERS),
    Complaint("lent sur le réseau de la mairie", SOFTWARE - PHONE_APPS),
    Complaint("pas de formation, on se débrouille", SOFTWARE - PERSONAL_MESSENGERS),
    Complaint("trop de comptes et de mots de passe", SOFTWARE - FILES - PERSONAL_MESSENGERS),
    Complaint("licence trop chère pour toute l'équipe", PAID_PER_USER),
    Complaint("données hébergées hors de l'Union européenne", HOSTED_OUTSIDE_EU),
    Complaint("éditeur américain, nos données tombent sous le Cloud Act", AMERICAN),
    Complaint("difficile à utiliser sur téléphone", SOFTWARE - PHONE_APPS),
    Complaint("les élus ne l'ont pas installé", frozenset({"Tchap", "Visio Tchap"})),
    Complaint("mélange messages personnels et professionnels", PERSONAL_MESSENGERS),
    Complaint("trop de publicités dans la version gratuite", frozenset({"Doodle"})),
    Complaint("plusieurs versions du fichier circulent", FILES),
    Complaint("inaccessible en télétravail", frozenset({"Dossiers réseau partagés"})),
    Complaint("il faut passer à l'accueil pour réserver", PAPER),
    Complaint("on découvre les doubles réservations le jour même", PAPER),
)

# Why an agent without a tool would want one, by category.
NEEDS = {
    "visioconference": ("pour les réunions avec les agents en télétravail",),
    "messagerie": ("pour prévenir vite toute l'équipe",),
    "agenda": ("pour voir les disponibilités des collègues", "pour partager les plannings"),
    "questionnaire": ("pour recueillir l'avis des usagers",),
    "sondage": ("pour choisir une date de réunion",),
    "gestion_projet": ("pour suivre les projets de la commune",),
    "reservation": ("pour réserver les véhicules de service", "pour réserver les salles"),
    "planification": ("pour partager les plannings d'astreinte",),
    "ged": ("pour archiver et retrouver les documents",),
}


def complaints_about(category: str, tool: str) -> tuple[str, ...]:
    """Every complaint a simulated agent may make about `tool` in `category`."""
    return tuple(
        c.text
        for c in COMPLAINTS
        if tool in c.tools and (c.categories is None or category in c.categories)
    )


# How strongly agents feel about some tools: a mean per criterion around which they rate.
FLAVOUR = {
    "Zoom": (7, 5, 4, 7),
    "Microsoft Teams": (7, 4, 6, 6),
    "WhatsApp": (8, 9, 2, 9),
    "Tchap": (7, 9, 9, 6),
    "Visio Tchap": (6, 9, 9, 5),
    "Google Forms": (7, 8, 3, 8),
    "Doodle": (8, 7, 4, 8),
    "Framadate": (7, 9, 8, 6),
    "Trello": (7, 6, 5, 7),
    "Nextcloud": (6, 8, 8, 5),
}


def evaluation_messages(survey: Survey, rng: random.Random) -> list[str]:
    """What one agent types, from the first question to `valider`."""
    messages: list[str] = []
    if survey.services:
        messages.append(str(rng.randint(1, len(survey.services))))
    criteria = len(survey.criteria)
    for category in survey.categories:
        if rng.random() < 0.12 or not category.tools:
            messages.append("aucun")
            needed = rng.random() < 0.6
            messages.append("oui" if needed else "non")
            if needed:
                needs = NEEDS.get(category.key, ())
                messages.append(rng.choice(needs) if needs and rng.random() < 0.7 else "passer")
            continue
        # a few tools dominate, as in any collectivité where each service chose its own;
        # one agent in four uses a second tool for the same job
        weights = [1.0 / (rank + 1) for rank in range(len(category.tools))]
        tools = [rng.choices(category.tools, weights)[0]]
        if rng.random() < 0.25 and len(category.tools) > 1:
            second = rng.choice([t for t in category.tools if t != tools[0]])
            tools.append(second)
        problems = [_problem(category.key, tool, rng) for tool in tools]
        marks = [_marks(tool, criteria, rng) for tool in tools]
        if rng.random() < 0.4:
            # the fast path: each tool, its ratings and its problem in one message
            groups = [f"{t} {m} {p}" for t, m, p in zip(tools, marks, problems, strict=True)]
            messages.append(" ; ".join(groups))
            continue
        named = [t if rng.random() < 0.5 else str(category.tools.index(t) + 1) for t in tools]
        messages.append(" et ".join(named))
        for mark, problem in zip(marks, problems, strict=True):
            messages.append(mark)
            messages.append(problem)
    messages.append("valider")
    return messages


def _problem(category: str, tool: str, rng: random.Random) -> str:
    """One agent in three or so has something to say about a tool, fitting that tool."""
    complaints = complaints_about(category, tool)
    return rng.choice(complaints) if complaints and rng.random() < 0.35 else "rien"


def _marks(tool: str, criteria: int, rng: random.Random) -> str:
    """The ratings of one tool, around how agents feel about it, all in one message."""
    means = FLAVOUR.get(tool, (6,) * criteria)
    marks = []
    for index in range(criteria):
        if rng.random() < 0.05:
            marks.append("nsp")
        else:
            mean = means[index % len(means)]
            marks.append(str(max(0, min(10, round(rng.gauss(mean, 1.5))))))
    return " ".join(marks)
