"""The set phrases agents use, and what they mean: « RAS », « rien de spécial »,
« oui, pour les congés », « bonjour », « valider », a message written in English.

Pure; compared after `normalise` (no case, no accents), final punctuation and a polite
« merci » dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parsing import InvalidAnswer
from .survey import fold, normalise, word_set

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
        "pas de pb", "pas de pbs", "aucun pb", "nan rien", "tout roule", "ca roule",
        "rien de particulier a signaler", "je sais pas", "je ne sais pas", "sais pas", "nsp",
        "aucune idee", "pas d'idee", "rien a ajouter", "pas de remarque particuliere",
        "jsp", "jsais pas", "chais pas", "j'sais pas", "rien a signaler de particulier",
    }
)  # fmt: skip
# What may follow « rien », « non »: « non, ça marche bien », « RAS pour l'instant ».
ALL_GOOD = frozenset(
    {
        "ca marche bien", "ca marche", "ca fonctionne", "ca fonctionne bien", "il marche bien",
        "il fonctionne bien", "tout va bien", "tout roule", "ca va", "pour l'instant",
        "pour le moment", "a priori", "merci", "pour moi", "de mon cote", "rien de particulier",
        "c'est bien", "c'est parfait", "ca me va", "globalement", "dans l'ensemble",
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
        "ok pour moi", "oui c'est celui-la", "c'est celui-la", "tout a fait ca", "oui voila",
    }
)  # fmt: skip
NO = frozenset(
    {
        "non", "n", "no", "nope", "nan", "pas du tout", "pas vraiment", "non merci",
        "absolument pas", "certainement pas", "surtout pas", "not really", "non pas du tout",
        "pas besoin", "pas utile", "pas necessaire", "inutile", "no need", "ce n'est pas ca",
        "non ce n'est pas ca", "pas ca", "pas pour l'instant", "pas pour le moment",
        "on s'en passe", "on s'en passe tres bien", "on s'en passe bien", "pas forcement",
        "ca ne servirait a rien", "non pas vraiment", "non pas besoin", "non, pas besoin",
    }
)  # fmt: skip
# What may follow « oui » without being a reason: « oui absolument », « oui ce serait bien ».
YES_MORE = frozenset(
    {
        "absolument", "bien sur", "carrement", "tout a fait", "volontiers", "evidemment",
        "ce serait bien", "ce serait utile", "ca serait bien", "ca serait utile", "merci",
        "avec plaisir", "certainement", "surement", "clairement", "oui", "sans doute",
        "ce serait pratique", "ca serait pratique", "ca pourrait etre utile",
    }
)  # fmt: skip
MAYBE = frozenset(
    {
        "peut-etre", "peut etre", "je ne sais pas", "je sais pas", "sais pas", "nsp",
        "sans avis", "pas d'avis", "bof", "maybe", "not sure", "don't know", "i don't know",
        "ca depend", "pourquoi pas", "je ne sais pas trop", "je sais pas trop", "a voir",
        "aucune idee", "jsp", "je n'en sais rien", "j'en sais rien", "pas d'idee",
    }
)  # fmt: skip
CONFIRM = frozenset(
    {
        "valider", "valide", "je valide", "oui je valide", "ok pour moi", "c bon", "c'est ok",
        "c tout bon", "c'est tout bon", "tout bon", "ok tout est bon", "c'est nickel",
        "tout est ok", "ok c'est bon", "c'est parfait", "tout est correct", "nickel",
        "oui", "ok", "confirmer", "je confirme",
        "c'est bon", "d'accord", "parfait", "yes", "confirm", "c'est juste", "tout est juste",
        "tout est bon", "c'est correct", "correct", "oui c'est bon", "oui valider", "ok valider",
        "valide merci", "envoyer", "terminer",
    }
)  # fmt: skip

_TRAILING = " .!?…"
# Emoji and symbols (« Parfait 👍 »): said to be friendly, not part of the answer.
_SYMBOLS = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+")
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
    """Normalised, final punctuation, emoji and a polite « merci » dropped."""
    typed = _SYMBOLS.sub(" ", normalise(message))
    typed = " ".join(typed.split()).strip(_TRAILING)
    for polite in (" merci", ", merci", " merci beaucoup", " thanks"):
        if typed.endswith(polite) and typed != polite.strip(", "):
            typed = typed.removesuffix(polite).strip(_TRAILING + ",")
    return typed


def says_nothing(message: str) -> bool:
    """« RAS », « rien de spécial », « non, ça marche bien », « aucun souci, ça fonctionne »:
    no problem to report."""
    typed = bare(message)
    if typed in NOTHING or typed.replace(".", "") in NOTHING:
        return True
    clauses = [c.strip() for c in re.split(r"[,;.!]+|\s+et\s+", typed) if c.strip()]
    if not clauses:
        return False
    first = clauses[0].replace(".", "")
    for polite in (" pour l'instant", " pour le moment", " a priori", " merci"):
        first = first.removesuffix(polite)
    if first.startswith(("non ", "nan ")) and first[4:] in NOTHING:
        first = first[4:]
    return first in NOTHING | {"non", "nan"} and all(c in ALL_GOOD for c in clauses[1:])


_POLITE_TAIL = frozenset({"harmonie", "a vous", "a toi", "madame", "monsieur", "a tous", "!"})


def is_greeting(message: str) -> bool:
    """« Bonjour », « bonjour Harmonie »: nothing else said (« Bonjour, Teams » answers)."""
    typed = bare(message)
    if typed in GREETINGS:
        return True
    head, rest = _greeting_split(typed)
    return head is not None and (not rest or rest in _POLITE_TAIL)


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
    if typed in CONFIRM:
        return True
    words = set(re.split(r"[^a-z']+", typed))
    return bool(words & {"valide", "valider", "confirme", "confirmer"}) and not (
        words & {"pas", "ne", "non", "n'", "plus", "corriger", "modifier", "?"}
    )


def yes_or_no(message: str) -> bool | None:
    """True, False, or None when the message is neither (not an error: callers decide)."""
    typed = bare(message)
    if typed in YES:
        return True
    if typed in NO:
        return False
    return None


_VAGUE = word_set(
    """
    parfois souvent quelquefois un peu de temps en plusieurs quelques uns certains bien sur
    evidemment oui toujours rarement il y a en effet forcement
    """
)


def says_yes_vaguely(message: str) -> bool:
    """« oui parfois », « oui souvent »: there is a problem, but which one?"""
    words = re.split(r"[^a-z'-]+", bare(message))
    words = [w for w in words if w]
    return bool(words) and words[0] in ("oui", "ouais", "yes") and set(words[1:]) <= _VAGUE


def read_need(message: str) -> NeedAnswer:
    """« oui », « non », « peut-être », or « oui, pour partager les congés »."""
    typed = bare(message)
    answer = yes_or_no(message)
    if answer is not None:
        return NeedAnswer(answer)
    if typed in MAYBE:
        return NeedAnswer(None)
    if typed in YES_MORE:
        return NeedAnswer(True)
    yes_no = (("oui", True), ("ouais", True), ("yes", True), ("non", False), ("nan", False))
    for word, value in (*yes_no, ("no", False)):
        match = re.match(rf"^\s*{word}\b[\s,;:.!—–-]*(?P<why>.+)$", message, re.IGNORECASE)
        if match and normalise(message).startswith(word):
            why = " ".join(match.group("why").split())
            if bare(why) in (YES_MORE if value else NO | YES_MORE) or bare(why) in YES | NO:
                return NeedAnswer(value)
            if len(why.split()) >= 2:
                return NeedAnswer(value, why[:1000])
    raise InvalidAnswer("error.yes_no")


def looks_english(message: str) -> bool:
    """Written in English (« I use Teams », « what do you mean? »): worth a hint about
    `!langue en`. Two English words and no French one, so that « Teams » or « ok » are not."""
    words = set(re.split(r"[^a-z']+", normalise(message))) - {""}
    return len(words & _ENGLISH) >= 2 and not words & _FRENCH
