"""The languages the bot speaks: one `Language` type for the texts, the parsers and the
report tables, and the two spaces French typography needs (`scoring` imports them from
here; this module imports nothing of ours)."""

from __future__ import annotations

from typing import Literal

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")

NNBSP = "\u202f"  # espace fine insécable: before ; : ! ? % and inside « » in French
NBSP = "\u00a0"  # espace insécable: after "n°", around the "/" between two marks


def preferred(stored: str | None, default: Language) -> Language:
    """A person's chosen language if the bot speaks it, else the organisation's."""
    for language in LANGUAGES:
        if stored == language:
            return language
    return default
