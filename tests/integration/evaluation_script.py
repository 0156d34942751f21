"""A realistic nine-category evaluation, as an agent types it, and what must be stored."""

from __future__ import annotations

from typing import Any

# What an agent types, in the forms agents use; every message gets exactly one reply (what
# was noted, then the next question).
FIRST_HALF: list[str] = [
    "2", "8 6 9 7", "rien",                                          # visioconférence
    "autre Mattermost", "7/10", "sept", "nsp", "je dirais 5", "trop lent",  # messagerie
    "aucun", "oui", "pour partager les congés",                      # agenda
    "aucun", "non",                                                  # questionnaire
]  # fmt: skip
SECOND_HALF: list[str] = [
    "Framadate", "9 9 8 nsp", "pas de problème",                     # sondage
    "passer",                                                        # gestion de projet
    "3", "5 5 5 5", "réservations en double",                        # réservation
    "trello", "6 7 8 9", "Rien de spécial",                          # planification
    "Nextcloud", "10 4 7 6", "rien",                                 # GED
    "valider",
]  # fmt: skip

EXPECTED: dict[str, dict[str, Any]] = {
    "visioconference": {"tool": "Microsoft Teams", "other": 0, "needed": None,
                        "problem": None, "skipped": 0, "ratings": [8, 6, 9, 7]},
    "messagerie": {"tool": "Mattermost", "other": 1, "needed": None,
                   "problem": "trop lent", "skipped": 0, "ratings": [7, 7, None, 5]},
    "agenda": {"tool": None, "other": 0, "needed": 1, "problem": None, "skipped": 0,
               "ratings": []},
    "questionnaire": {"tool": None, "other": 0, "needed": 0, "problem": None, "skipped": 0,
                      "ratings": []},
    "sondage": {"tool": "Framadate", "other": 0, "needed": None, "problem": None,
                "skipped": 0, "ratings": [9, 9, 8, None]},
    "gestion_projet": {"tool": None, "other": 0, "needed": None, "problem": None,
                       "skipped": 1, "ratings": []},
    "reservation": {"tool": "GRR", "other": 0, "needed": None,
                    "problem": "réservations en double", "skipped": 0, "ratings": [5, 5, 5, 5]},
    "planification": {"tool": "Trello", "other": 0, "needed": None, "problem": None,
                      "skipped": 0, "ratings": [6, 7, 8, 9]},
    "ged": {"tool": "Nextcloud", "other": 0, "needed": None, "problem": None, "skipped": 0,
            "ratings": [10, 4, 7, 6]},
}  # fmt: skip
CRITERIA = ["efficacite", "cout", "securite", "assimilation"]


def replies_to(message: str) -> int:
    """How many messages the bot sends back: one, whatever the answer."""
    del message
    return 1
