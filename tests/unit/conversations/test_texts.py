"""Every sentence the bot can write, in both languages, checked for French typography and
grammar: narrow no-break spaces, no "(s)", no "! !", no placeholder left unfilled."""

from __future__ import annotations

import re
import string

import pytest

from bot.handlers.dispatch import COMMANDS
from conversations.commands import Role, find_command, help_reply
from conversations.texts import (
    CATALOGUES,
    EN,
    FR,
    LANGUAGES,
    Article,
    Fewer,
    Language,
    Named,
    french_typography,
    guess_article,
    singular,
    text,
)
from scoring import choice_labels
from scoring import desk as desk_tables
from scoring import feedback as feedback_scoring
from scoring import tables as report_tables

NNBSP = "\u202f"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
# Sentence punctuation: followed by a space, the end, or what closes a phrase. "!aide" (a
# command), "14:30" (a time), "https://" (a URL) are followed by something else.
_PUNCTUATION = re.compile(r"([;:!?])(?=$|[\s*)»”\".,…])")
_FORMS = re.compile(r"\w\((?:e|s|es|x|ies|ne|le)\)", re.IGNORECASE)
_COMMAND = re.compile(r"(?<![\w!])!(\w+)")


def plain(sentence: str) -> str:
    return _BOLD.sub(r"\1", sentence)


def problems(sentence: str, language: Language) -> list[str]:
    """What is wrong with one sentence as a reader would see it (bold marks removed)."""
    shown = plain(sentence)
    found = []
    for match in _PUNCTUATION.finditer(shown):
        before = shown[match.start() - 1] if match.start() else ""
        if language == "fr" and before != NNBSP:
            found.append(f"no narrow no-break space before {match.group(1)!r}: {shown!r}")
        if language == "en" and before.isspace():
            found.append(f"a space before {match.group(1)!r} in English: {shown!r}")
    if language == "fr":
        for match in re.finditer("«", shown):
            if shown[match.end() : match.end() + 1] != NNBSP:
                found.append(f"no narrow no-break space after «: {shown!r}")
        for match in re.finditer("»", shown):
            if shown[match.start() - 1 : match.start()] != NNBSP:
                found.append(f"no narrow no-break space before »: {shown!r}")
    else:
        if NNBSP in shown or "«" in shown or "»" in shown:
            found.append(f"French spacing or quotes in English: {shown!r}")
    if _FORMS.search(shown):
        found.append(f"a form in brackets instead of agreement: {shown!r}")
    if re.search(r"!\s*!", shown):
        found.append(f"two exclamation marks in a row: {shown!r}")
    if re.search(r"[^\S\n]{2,}|\s" + NNBSP + "|" + NNBSP + r"\s", shown):
        found.append(f"two spaces in a row: {shown!r}")
    if re.search(r"[^\S\n]\n|[^\S\n]$", shown):
        found.append(f"a space at the end of a line: {shown!r}")
    if "{" in shown or "}" in shown:
        found.append(f"a placeholder left: {shown!r}")
    for match in _COMMAND.finditer(shown):
        if find_command(match.group(1).lower(), COMMANDS) is None:
            found.append(f"!{match.group(1)} is no command: {shown!r}")
    return found


# --- every catalogue sentence, with sample values -------------------------------------------


def fields(template: str) -> dict[str, set[str]]:
    """Each placeholder and the format specs it is used with."""
    found: dict[str, set[str]] = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None:
            found.setdefault(name, set()).add(spec or "")
    return found


ORGANISATIONS = [
    Named.of(name)
    for name in ("Commune de Saint-Exemple", "Département du Nord", "Le Havre", "Orléans")
]
COUNTS: list[object] = [0, 1, 2, 12_500, Fewer(5)]


def samples(template: str) -> list[dict[str, object]]:
    """Values to fill a sentence with: every count singular and plural, several names."""
    wanted = fields(template)
    counted = [name for name, specs in wanted.items() if any("|" in s for s in specs)]
    variants = []
    for count in COUNTS:
        for organisation in ORGANISATIONS:
            values: dict[str, object] = dict.fromkeys(wanted, "Xyz")
            values |= dict.fromkeys(counted, count)
            if "organisation" in values:
                values["organisation"] = organisation
            variants.append(values)
    return variants


def test_both_catalogues_have_the_same_keys() -> None:
    assert sorted(set(FR) - set(EN)) == []
    assert sorted(set(EN) - set(FR)) == []
    assert set(CATALOGUES) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(FR))
def test_every_sentence_is_well_written_whatever_the_values(key: str, language: Language) -> None:
    template = CATALOGUES[language][key]
    found: list[str] = []
    for values in samples(template):
        for problem in problems(text(language, key, **values), language):
            if problem not in found:
                found.append(problem)
    assert found == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", list(Role))
def test_the_help_is_well_written(language: Language, role: Role) -> None:
    assert problems(help_reply(role, language, COMMANDS).text, language) == []


def test_every_command_is_declared_once() -> None:
    spellings = [s for c in COMMANDS for s in c.spellings]
    assert len(spellings) == len(set(spellings))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "labels",
    [report_tables.LABELS, feedback_scoring.LABELS, choice_labels.LABELS, desk_tables.LABELS],
)
def test_the_report_labels_are_well_written(
    labels: dict[Language, dict[str, str]], language: Language
) -> None:
    found = []
    for label in labels[language].values():
        values = dict.fromkeys(fields(label), "Xyz") | {"count": 2, "threshold": 5}
        found += problems(label.format(**values), language)
    assert found == []
    assert set(report_tables.LABELS["fr"]) == set(report_tables.LABELS["en"])
    assert set(feedback_scoring.LABELS["fr"]) == set(feedback_scoring.LABELS["en"])
    assert set(choice_labels.LABELS["fr"]) == set(choice_labels.LABELS["en"])
    assert set(desk_tables.LABELS["fr"]) == set(desk_tables.LABELS["en"])


def test_the_report_says_one_hidden_tool_in_the_singular() -> None:
    labels = report_tables.LABELS
    assert labels["fr"]["hidden_tools_one"].format(threshold=5) == (
        "1 outil utilisé par moins de 5 personnes n'est pas détaillé."
    )
    assert labels["en"]["hidden_tools_one"].format(threshold=5) == (
        "1 tool used by fewer than 5 people is not detailed."
    )


def test_a_french_percentage_keeps_its_sign_on_the_same_line() -> None:
    assert report_tables.percent(0.4, "fr") == f"40{NNBSP}%"
    assert report_tables.percent(0.4, "en") == "40%"


# --- the checker itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Usage : !aide",  # an ordinary space before ":"
        "Bonjour!",
        "Vraiment ?",
        f"« {NNBSP}titre»",
        "1 campagne(s)",
        "indiqué(e)",
        "merci ! **!mesreponses**",
        f"deux  espaces{NNBSP}!",
        "{reste}",
        "tapez !inconnue",
    ],
)
def test_the_checker_finds_what_today_s_texts_had_wrong(sentence: str) -> None:
    assert problems(sentence, "fr") != []


@pytest.mark.parametrize(
    "sentence", [f"Usage{NNBSP}: x", f"Really{NNBSP}?", "Really ?", "« title »", "2 item(s)"]
)
def test_the_checker_finds_french_habits_in_english(sentence: str) -> None:
    assert problems(sentence, "en") != []


@pytest.mark.parametrize(
    "sentence",
    [
        f"Tapez **!aide**{NNBSP}: à 14:30, voir https://exemple.fr{NNBSP}!",
        f"**Formations**{NNBSP}: «{NNBSP}Outils 2027{NNBSP}»",
        f"(**nsp** si vous ne savez pas{NNBSP}?)",
    ],
)
def test_the_checker_leaves_commands_times_and_urls_alone(sentence: str) -> None:
    assert problems(sentence, "fr") == []


# --- French typography -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("Bonjour ! Ça va ?", f"Bonjour{NNBSP}! Ça va{NNBSP}?"),
        ("Usage : a ; b", f"Usage{NNBSP}: a{NNBSP}; b"),
        ("**Formations** : x", f"**Formations**{NNBSP}: x"),
        ("**votre note ?** (x)", f"**votre note{NNBSP}?** (x)"),
        ("« {title} »", f"«{NNBSP}{{title}}{NNBSP}»"),
        ("«{title}»", f"«{NNBSP}{{title}}{NNBSP}»"),
        ("campagne n° {id}", "campagne n°\u00a0{id}"),
        ("Formations: x", f"Formations{NNBSP}: x"),  # a forgotten space
        ("Merci !\nTapez", f"Merci{NNBSP}!\nTapez"),
    ],
)
def test_french_typography_spaces_what_french_spaces(written: str, printed: str) -> None:
    assert french_typography(written) == printed


@pytest.mark.parametrize(
    "written",
    [
        "Tapez **!aide** ou !evaluer",  # commands
        "à 14:30 ou 9:05",  # times
        "https://tchap.gouv.fr/#/room",  # a URL
        "{count:agent invité|agents invités}",  # a placeholder and its forms
        "{organisation:de}",
        "**!etape {number} date JJ/MM/AAAA**",
    ],
)
def test_french_typography_leaves_commands_times_urls_and_placeholders_alone(
    written: str,
) -> None:
    assert french_typography(written) == written


def test_french_typography_is_idempotent() -> None:
    for sentence in FR.values():
        assert french_typography(sentence) == sentence


# --- counts that agree -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "french", "english"),
    [
        (0, "0 agent invité", "0 agents invited"),
        (1, "1 agent invité", "1 agent invited"),
        (2, "2 agents invités", "2 agents invited"),
        (1000, "1000 agents invités", "1,000 agents invited"),
        (12_500, f"12{NNBSP}500 agents invités", "12,500 agents invited"),
        (Fewer(5), "moins de 5 agents invités", "fewer than 5 agents invited"),
    ],
)
def test_a_count_agrees_with_its_words(count: object, french: str, english: str) -> None:
    forms = {"fr": "{n:agent invité|agents invités}", "en": "{n:agent invited|agents invited}"}
    FR["test.count"], EN["test.count"] = forms["fr"], forms["en"]
    try:
        assert text("fr", "test.count", n=count) == french
        assert text("en", "test.count", n=count) == english
    finally:
        del FR["test.count"], EN["test.count"]


def test_french_says_zero_and_one_in_the_singular_english_only_one() -> None:
    assert [singular(n, "fr") for n in (0, 1, 2, -1)] == [True, True, False, True]
    assert [singular(n, "en") for n in (0, 1, 2, -1)] == [False, True, False, False]


def test_a_count_without_forms_is_the_number_alone() -> None:
    assert (
        text("fr", "report.unknown_campaign", value=12)
        == "Je ne connais pas la campagne n°\u00a012."
    )
    assert text("fr", "campaign.status.small", service="RH", threshold=1) == (
        f"• RH{NNBSP}: moins de 1 personne"
    )


def test_the_real_sentences_agree() -> None:
    assert text(
        "fr", "campaign.status.service", service="RH", invited=6, started=5, finished=1
    ) == (f"• RH{NNBSP}: 6 invités, 5 ont commencé, 1 a terminé")
    counts = {"campaigns": 1, "answers": 2, "feedback": 0, "trials": 2}
    assert text("fr", "privacy.forget_what", **counts, comments=3) == (
        "vos réponses à 1 campagne (2 catégories), 0 enquête de retour, 3 commentaires et "
        "2 essais pilotes, ainsi que vos préférences"
    )
    assert text("en", "privacy.forget_what", **counts, comments=1) == (
        "your answers to 1 campaign (2 categories), 0 feedback surveys, 1 comment and "
        "2 pilot trials, and your preferences"
    )


# --- the organisation's name and its article ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "article"),
    [
        ("Commune de Saint-Exemple", "la"),
        ("commune de Saint-Exemple", "la"),
        ("Ville de Paris", "la"),
        ("Région Bretagne", "la"),
        ("Métropole de Lyon", "la"),
        ("Communauté de communes du Pays de Gex", "la"),
        ("Département du Nord", "le"),
        ("Conseil départemental de la Gironde", "le"),
        ("Agglomération du Grand Annecy", "l'"),
        ("Eurométropole de Strasbourg", "l'"),
        ("Lyon", ""),
        ("Le Havre", ""),
        ("Saint-Étienne", ""),
    ],
)
def test_the_article_is_guessed_from_the_first_word(name: str, article: Article) -> None:
    assert guess_article(name) == article


@pytest.mark.parametrize(
    ("named", "plain", "of", "to"),
    [
        (Named.of("Commune de Saint-Exemple"), "la Commune de Saint-Exemple",
         "de la Commune de Saint-Exemple", "à la Commune de Saint-Exemple"),
        (Named.of("Département du Nord"), "le Département du Nord", "du Département du Nord",
         "au Département du Nord"),
        (Named.of("Eurométropole de Strasbourg"), "l'Eurométropole de Strasbourg",
         "de l'Eurométropole de Strasbourg", "à l'Eurométropole de Strasbourg"),
        (Named.of("Lyon"), "Lyon", "de Lyon", "à Lyon"),
        (Named.of("Orléans"), "Orléans", "d'Orléans", "à Orléans"),
        (Named.of("Le Havre"), "Le Havre", "du Havre", "au Havre"),
        (Named.of("Les Mureaux"), "Les Mureaux", "des Mureaux", "aux Mureaux"),
        (Named.of("La Rochelle"), "La Rochelle", "de La Rochelle", "à La Rochelle"),
        (Named.of("L'Haÿ-les-Roses"), "L'Haÿ-les-Roses", "de L'Haÿ-les-Roses",
         "à L'Haÿ-les-Roses"),
        (Named.of("Pays de Gex agglo", "le"), "le Pays de Gex agglo", "du Pays de Gex agglo",
         "au Pays de Gex agglo"),
        (Named.of("SIVOM de la vallée", "le"), "le SIVOM de la vallée", "du SIVOM de la vallée",
         "au SIVOM de la vallée"),
        (Named.of("Hauts-de-Seine", "les"), "les Hauts-de-Seine", "des Hauts-de-Seine",
         "aux Hauts-de-Seine"),
        (Named.of("Commune de Saint-Exemple", ""), "Commune de Saint-Exemple",
         "de Commune de Saint-Exemple", "à Commune de Saint-Exemple"),
    ],
)  # fmt: skip
def test_a_name_takes_its_article_and_contracts_it(
    named: Named, plain: str, of: str, to: str
) -> None:
    assert (named.french(), named.french("de"), named.french("à")) == (plain, of, to)


def test_a_name_at_the_start_of_a_sentence_is_capitalised_in_french_only() -> None:
    departement = Named.of("Département du Nord")
    invitation = text(
        "fr", "campaign.invitation", organisation=departement, title="Outils", deadline=""
    )
    welcome = text("fr", "welcome", organisation=departement)

    assert invitation.startswith(f"Bonjour{NNBSP}! Le Département du Nord lance une évaluation")
    assert "l'assistant du Département du Nord pour faire le point" in welcome
    assert text("en", "welcome", organisation=departement).startswith(
        "Hello! I am **Harmonie**, Département du Nord's assistant"
    )


def test_a_name_form_that_does_not_exist_is_a_programming_error() -> None:
    FR["test.name"] = "{organisation:pour}"
    try:
        with pytest.raises(ValueError, match="unknown form of a name"):
            text("fr", "test.name", organisation=Named.of("Lyon"))
    finally:
        del FR["test.name"]


def test_the_texts_and_the_report_tables_speak_the_same_languages() -> None:
    """One `Language` type: a language added to the texts is one the report must know."""
    from conversations import language
    from scoring import feedback, tables

    assert Language is language.Language is tables.Language
    assert set(tables.LABELS) == set(feedback.LABELS) == set(LANGUAGES) == set(CATALOGUES)
