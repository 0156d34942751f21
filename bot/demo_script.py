"""Varied, realistic evaluations for the demo's simulated agents (pure, seeded)."""

from __future__ import annotations

import random

from conversations.survey import Survey

PROBLEMS = (
    "le son coupe souvent",
    "trop de comptes et de mots de passe",
    "les collègues extérieurs ne peuvent pas se connecter",
    "lent sur le réseau de la mairie",
    "pas de formation, on se débrouille",
    "licence trop chère pour tout le service",
    "données hébergées hors de l'Union européenne",
    "difficile à utiliser sur téléphone",
)
NEEDS = (
    "pour organiser les réunions de service",
    "pour partager les plannings d'astreinte",
    "pour suivre les demandes des usagers",
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
                messages.append(rng.choice(NEEDS) if rng.random() < 0.7 else "passer")
            continue
        # a few tools dominate, as in any collectivité where each service chose its own;
        # one agent in four uses a second tool for the same job
        weights = [1.0 / (rank + 1) for rank in range(len(category.tools))]
        tools = [rng.choices(category.tools, weights)[0]]
        if rng.random() < 0.25 and len(category.tools) > 1:
            second = rng.choice([t for t in category.tools if t != tools[0]])
            tools.append(second)
        problems = [rng.choice(PROBLEMS) if rng.random() < 0.35 else "rien" for _ in tools]
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
