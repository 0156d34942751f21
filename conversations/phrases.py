"""The set phrases agents use, and what they mean: « RAS », « rien de spécial »,
« oui, pour les congés », « bonjour », « valider », a message written in English.

Pure; compared after `normalise` (no case, no accents), final punctuation and a polite
« merci » dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parsing import InvalidAnswer
from .survey import normalise, word_set

NOTHING = frozenset(
    {
        "rien", "ras", "r.a.s", "r a s", "rien a signaler", "rien de special",
        "rien de particulier",
        "rien a dire", "rien a redire", "rien de plus", "aucun", "aucune", "aucun probleme",
        "aucun souci", "aucuns soucis", "aucune difficulte", "pas de probleme",
        "pas de probleme particulier", "pas de souci", "pas de soucis", "pas de difficulte",
        "pas vraiment", "pas de remarque", "aucune remarque", "non", "non rien", "nan",
        "non aucun", "non aucun probleme", "non pas de probleme", "non ras", "tout va bien",
        "ca va", "ca marche bien", "ca fonctionne bien", "il marche bien", "il fonctionne bien",
        "impeccable", "parfait", "nickel", "r", "-", "nothing", "none", "no", "nope",
        "no problem", "no problems", "no issue", "no issues", "all good", "nothing to report",
        "nothing special", "n/a", "rien du tout", "rien de rien", "aucun probleme particulier",
    }
)  # fmt: skip
GREETINGS = frozenset(
    {
        "bonjour", "bonsoir", "salut", "coucou", "hello", "hi", "hey", "bonjour harmonie",
        "re", "rebonjour", "re bonjour", "bjr", "slt", "good morning",
    }
)  # fmt: skip
THANKS = frozenset({"merci", "merci beaucoup", "thanks", "thank you", "ok merci", "super merci"})
YES = frozenset(
    {
        "oui", "o", "yes", "y", "ouais", "ouai", "oui oui", "bien sur", "evidemment",
        "absolument", "ok", "d'accord", "tout a fait", "exactement", "certainement", "carrement",
        "oui tout a fait", "oui bien sur", "oui volontiers", "volontiers", "yep", "yeah", "sure",
        "voila", "oui c'est ca", "c'est ca", "c'est bien ca", "oui c'est bien ca", "affirmatif",
    }
)  # fmt: skip
NO = frozenset(
    {
        "non", "n", "no", "nope", "nan", "pas du tout", "pas vraiment", "non merci",
        "absolument pas", "certainement pas", "surtout pas", "not really", "non pas du tout",
        "pas besoin", "pas utile", "pas necessaire", "inutile", "no need", "ce n'est pas ca",
        "non ce n'est pas ca", "pas ca",
    }
)  # fmt: skip
MAYBE = frozenset(
    {
        "peut-etre", "peut etre", "je ne sais pas", "je sais pas", "sais pas", "nsp",
        "sans avis", "pas d'avis", "bof", "maybe", "not sure", "don't know", "i don't know",
        "ca depend", "pourquoi pas",
    }
)  # fmt: skip
CONFIRM = frozenset(
    {
        "valider", "valide", "je valide", "validé", "oui", "ok", "confirmer", "je confirme",
        "c'est bon", "d'accord", "parfait", "yes", "confirm", "c'est juste", "tout est juste",
        "tout est bon", "c'est correct", "correct", "oui c'est bon", "oui valider", "ok valider",
        "valide merci", "envoyer", "terminer", "c'est tout bon",
    }
)  # fmt: skip

_TRAILING = " .!?…"
_ENGLISH = word_set(
    """
    the is are i i'm you we they what which how why it this that my your our please use using
    used don't do does not tool tools answer question understand know hello hi thanks
    would could can should there their with have has mostly only just
    """
)
_FRENCH = word_set(
    """
    le la les je j' tu vous nous il elle est sont un une des du de et ou que qui quoi pas ne
    mon ma mes votre c'est ce cette avec pour sur dans oui non merci bonjour
    """
)


@dataclass(frozen=True)
class NeedAnswer:
    needed: bool | None  # None: « peut-être », no opinion
    why: str | None = None  # given in the same message (« oui, pour les congés »)


def bare(message: str) -> str:
    """Normalised, final punctuation and a polite « merci » dropped."""
    typed = normalise(message).strip(_TRAILING)
    for polite in (" merci", ", merci", " merci beaucoup", " thanks"):
        if typed.endswith(polite) and typed != polite.strip(", "):
            typed = typed.removesuffix(polite).strip(_TRAILING + ",")
    return typed


def says_nothing(message: str) -> bool:
    """« RAS », « rien de spécial », « non », « aucun problème »: no problem to report."""
    typed = bare(message)
    return typed in NOTHING or typed.replace(".", "") in NOTHING


def is_greeting(message: str) -> bool:
    typed = bare(message)
    words = typed.replace(",", " ").split()
    return typed in GREETINGS or (1 <= len(words) <= 3 and words[0] in GREETINGS)


def is_thanks(message: str) -> bool:
    return normalise(message).strip(_TRAILING + " !") in THANKS


def confirms(message: str) -> bool:
    return bare(message) in CONFIRM


def yes_or_no(message: str) -> bool | None:
    """True, False, or None when the message is neither (not an error: callers decide)."""
    typed = bare(message)
    if typed in YES:
        return True
    if typed in NO:
        return False
    return None


def read_need(message: str) -> NeedAnswer:
    """« oui », « non », « peut-être », or « oui, pour partager les congés »."""
    typed = bare(message)
    answer = yes_or_no(message)
    if answer is not None:
        return NeedAnswer(answer)
    if typed in MAYBE:
        return NeedAnswer(None)
    for word, value in (("oui", True), ("yes", True), ("non", False), ("no", False)):
        match = re.match(rf"^\s*{word}\b[\s,;:.!—–-]*(?P<why>.+)$", message, re.IGNORECASE)
        if match and normalise(message).startswith(word):
            why = " ".join(match.group("why").split())
            if value and len(why.split()) >= 2:
                return NeedAnswer(True, why[:1000])
            if not value and bare(why) in NO | {"merci", "pas besoin", "pas utile"}:
                return NeedAnswer(False)
    raise InvalidAnswer("error.yes_no")


def looks_english(message: str) -> bool:
    """Written in English (« I use Teams », « what do you mean? »): worth a hint about
    `!langue en`. Two English words and no French one, so that « Teams » or « ok » are not."""
    words = set(re.split(r"[^a-z']+", normalise(message))) - {""}
    return len(words & _ENGLISH) >= 2 and not words & _FRENCH
