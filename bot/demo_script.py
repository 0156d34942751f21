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
        # a few tools dominate, as in any collectivité where each service chose its own
        weights = [1.0 / (rank + 1) for rank in range(len(category.tools))]
        tool = rng.choices(category.tools, weights)[0]
        messages.append(tool if rng.random() < 0.5 else str(category.tools.index(tool) + 1))
        means = FLAVOUR.get(tool, (6,) * criteria)
        marks = []
        for index in range(criteria):
            if rng.random() < 0.05:
                marks.append("nsp")
            else:
                mean = means[index % len(means)]
                marks.append(str(max(0, min(10, round(rng.gauss(mean, 1.5))))))
        messages.append(" ".join(marks))
        messages.append(rng.choice(PROBLEMS) if rng.random() < 0.35 else "rien")
    messages.append("valider")
    return messages
