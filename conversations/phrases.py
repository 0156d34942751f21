"""What the set phrases agents use mean: « RAS », « rien de spécial »,
« oui, pour les congés », « bonjour », « valider », a message written in English.

Pure; compared after `normalise` (no case, no accents), final punctuation and a polite
« merci » dropped. The phrases themselves are listed in `conversations.words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parsing import InvalidAnswer
from .survey import fold, normalise
from .words import (
    ALL_GOOD,
    CONFIRM_UNDONE,
    CONFIRM_VERBS,
    CONFIRMATIONS,
    ENGLISH_MARKERS,
    FOR_NOW_ENDINGS,
    FRENCH_MARKERS,
    GREETING_TAILS,
    GREETINGS,
    MAYBE,
    NO,
    NO_OPENINGS,
    NOTHING_TO_REPORT,
    POLITE_ENDINGS,
    THANKS,
    VAGUE,
    YES,
    YES_EMPHATIC,
    YES_NO_OPENINGS,
    YES_OPENINGS,
)

_TRAILING = " .!?…"
# Emoji and symbols (« Parfait 👍 »): said to be friendly, not part of the answer.
_SYMBOLS = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+")


@dataclass(frozen=True)
class NeedAnswer:
    needed: bool | None  # None: « peut-être », no opinion
    why: str | None = None  # given in the same message (« oui, pour les congés »)


def bare(message: str) -> str:
    """Normalised, final punctuation, emoji and a polite « merci » dropped."""
    typed = _SYMBOLS.sub(" ", normalise(message))
    typed = " ".join(typed.split()).strip(_TRAILING)
    for polite in POLITE_ENDINGS:
        if typed.endswith(polite) and typed != polite.strip(", "):
            typed = typed.removesuffix(polite).strip(_TRAILING + ",")
    return typed


def says_nothing(message: str) -> bool:
    """« RAS », « rien de spécial », « non, ça marche bien », « aucun souci, ça fonctionne »:
    no problem to report."""
    typed = bare(message)
    if typed in NOTHING_TO_REPORT or typed.replace(".", "") in NOTHING_TO_REPORT:
        return True
    clauses = [c.strip() for c in re.split(r"[,;.!]+|\s+et\s+", typed) if c.strip()]
    if not clauses:
        return False
    first = clauses[0].replace(".", "")
    for polite in FOR_NOW_ENDINGS:
        first = first.removesuffix(polite)
    if first.startswith(NO_OPENINGS) and first[4:] in NOTHING_TO_REPORT:
        first = first[4:]
    return first in NOTHING_TO_REPORT | {"non", "nan"} and all(c in ALL_GOOD for c in clauses[1:])


def is_greeting(message: str) -> bool:
    """« Bonjour », « bonjour Harmonie »: nothing else said (« Bonjour, Teams » answers)."""
    typed = bare(message)
    if typed in GREETINGS:
        return True
    head, rest = _greeting_split(typed)
    return head is not None and (not rest or rest in GREETING_TAILS)


def after_greeting(message: str) -> str | None:
    """What follows a greeting that opens an answer (« Bonjour, Teams » → « Teams »)."""
    head, _ = _greeting_split(bare(message))
    if head is None:
        return None
    typed = message.strip()
    cut = re.match(rf"^{re.escape(head)}\b[\s,;:.!—–-]*", fold(typed))
    rest = typed[cut.end() :] if cut else ""
    return rest or None


def _greeting_split(typed: str) -> tuple[str | None, str]:
    for greeting in sorted(GREETINGS, key=len, reverse=True):
        if typed == greeting or re.match(rf"^{re.escape(greeting)}\b", typed):
            rest = typed[len(greeting) :].strip(" ,;:.!")
            return greeting, rest
    return None, typed


def asks_what(message: str) -> bool:
    """« ça veut dire quoi le coût ? », « c'est quoi l'assimilation ? »: a question about
    the question, which help answers."""
    typed = normalise(message)
    if re.search(r"[0-9]", typed) or "?" not in typed:
        return False
    asking = r"\b(?:quoi|comment|signifie|veut dire|qu'est-ce|what|how|mean)\b"
    return bool(re.search(asking, typed))


def is_thanks(message: str) -> bool:
    return normalise(message).strip(_TRAILING + " !") in THANKS


def confirms(message: str) -> bool:
    """« valider », « ok pour moi », « oui je valide », « c bon », not « je ne valide pas »."""
    typed = bare(message)
    if typed in CONFIRMATIONS:
        return True
    words = set(re.split(r"[^a-z']+", typed))
    return bool(words & CONFIRM_VERBS) and not words & CONFIRM_UNDONE


def yes_or_no(message: str) -> bool | None:
    """True, False, or None when the message is neither (not an error: callers decide)."""
    typed = bare(message)
    if typed in YES:
        return True
    if typed in NO:
        return False
    return None


def says_yes_vaguely(message: str) -> bool:
    """« oui parfois », « oui souvent »: there is a problem, but which one?"""
    words = re.split(r"[^a-z'-]+", bare(message))
    words = [w for w in words if w]
    return bool(words) and words[0] in YES_OPENINGS and set(words[1:]) <= VAGUE


def read_need(message: str) -> NeedAnswer:
    """« oui », « non », « peut-être », or « oui, pour partager les congés »."""
    typed = bare(message)
    answer = yes_or_no(message)
    if answer is not None:
        return NeedAnswer(answer)
    if typed in MAYBE:
        return NeedAnswer(None)
    if typed in YES_EMPHATIC:
        return NeedAnswer(True)
    for word, value in YES_NO_OPENINGS:
        match = re.match(rf"^\s*{word}\b[\s,;:.!—–-]*(?P<why>.+)$", message, re.IGNORECASE)
        if match and normalise(message).startswith(word):
            why = " ".join(match.group("why").split())
            if bare(why) in (YES_EMPHATIC if value else NO | YES_EMPHATIC) or bare(why) in YES | NO:
                return NeedAnswer(value)
            if len(why.split()) >= 2:
                return NeedAnswer(value, why[:1000])
    raise InvalidAnswer("error.yes_no")


def looks_english(message: str) -> bool:
    """Written in English (« I use Teams », « what do you mean? »): worth a hint about
    `!langue en`. Two English words and no French one, so that « Teams » or « ok » are not."""
    words = set(re.split(r"[^a-z']+", normalise(message))) - {""}
    return len(words & ENGLISH_MARKERS) >= 2 and not words & FRENCH_MARKERS
