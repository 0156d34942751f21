"""Commands, help and replies: what an agent types and what the bot answers, in fr and en."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.handlers.dispatch import COMMANDS
from conversations.commands import (
    Command,
    Matched,
    ParsedCommand,
    Refused,
    Role,
    help_reply,
    parse_command,
    resolve,
)
from conversations.formatting import Reply
from conversations.router import FreeText, Sender, route
from conversations.texts import CATALOGUES, EN, FR, LANGUAGES, Language, text

# A fuller table than today's, to check how roles shape help, suggestions and refusals.
EXPORT = Command("exporter", "export", Role.ADMIN, "cmd.aide", usage="<campagne>")
REPORT = Command("rapport", "report", Role.MANAGER, "cmd.aide")
WITH_RESTRICTED = (*COMMANDS, REPORT, EXPORT)

AGENT_FR = Sender(Role.AGENT, "fr")
AGENT_EN = Sender(Role.AGENT, "en")
_OUR_TAGS = re.compile(r"</?strong>|<br>")
NNBSP = "\u202f"  # the narrow no-break space French puts before ? ! : ;


def body_of(reply: Reply) -> str:
    return str(reply.content()["body"])


def html_of(reply: Reply) -> str:
    return str(reply.content()["formatted_body"])


def only(replies: tuple[Reply, ...]) -> Reply:
    assert len(replies) == 1, replies
    return replies[0]


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("!aide", ParsedCommand("aide", "")),
        ("!Aide  x", ParsedCommand("aide", "x")),
        (" !AIDE ", ParsedCommand("aide", "")),
        ("!aide   foo bar", ParsedCommand("aide", "foo bar")),
        ("!help", ParsedCommand("help", "")),
        ("!aide foo   bar  ", ParsedCommand("aide", "foo   bar")),
        ("!<b>", ParsedCommand("<b>", "")),
    ],
)
def test_a_command_is_its_lower_cased_word_and_the_rest(
    typed: str, expected: ParsedCommand
) -> None:
    assert parse_command(typed, COMMANDS) == expected


@pytest.mark.parametrize(
    "typed", ["", "   ", "!", " ! ", "!!", "!!aide", "! super", "! bonjour", "aide", "a!aide"]
)
def test_text_that_is_not_a_command_is_not_parsed_as_one(typed: str) -> None:
    assert parse_command(typed, COMMANDS) is None


@pytest.mark.parametrize(("typed", "word"), [("! aide", "aide"), ("! évaluer", "évaluer")])
def test_a_space_after_the_exclamation_mark_still_makes_a_known_command(
    typed: str, word: str
) -> None:
    # phones put one there; « ! super » stays an exclamation
    parsed = parse_command(typed, COMMANDS)
    assert parsed is not None and parsed.word == word


@pytest.mark.parametrize("separator", ["\n", "\t", "\u00a0"])
def test_a_command_followed_by_another_kind_of_space_is_still_the_command(separator: str) -> None:
    # e.g. "!aide" then Shift+Enter and a word, or a non-breaking space from a phone keyboard.
    assert parse_command(f"!aide{separator}merci", COMMANDS) == ParsedCommand("aide", "merci")


# --- help ------------------------------------------------------------------------------------


def test_an_agent_sees_only_the_agent_commands_in_french() -> None:
    body = body_of(help_reply(Role.AGENT, "fr", WITH_RESTRICTED))

    assert body.startswith(FR["help.title"].strip("*"))
    assert FR["help.section.agent"] in body
    assert "!aide" in body
    assert FR["help.section.manager"] not in body
    assert FR["help.section.admin"] not in body
    assert "!rapport" not in body
    assert "!exporter" not in body
    assert FR["help.footer"] in body


def test_an_agent_help_in_english_uses_the_english_spellings() -> None:
    body = body_of(help_reply(Role.AGENT, "en", WITH_RESTRICTED))

    assert body.startswith(EN["help.title"].strip("*"))
    assert "!help" in body
    assert "!aide" not in body
    assert EN["help.section.manager"] not in body
    assert EN["help.section.admin"] not in body
    assert "!report" not in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_manager_sees_agent_and_manager_commands_but_not_admin_ones(language: Language) -> None:
    catalogue = CATALOGUES[language]
    body = body_of(help_reply(Role.MANAGER, language, WITH_RESTRICTED))

    assert catalogue["help.section.agent"] in body
    assert catalogue["help.section.manager"] in body
    assert REPORT.spelled(language) in body
    assert catalogue["help.section.admin"] not in body
    assert EXPORT.spelled(language) not in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_admin_sees_every_command_grouped_by_role(language: Language) -> None:
    catalogue = CATALOGUES[language]
    body = body_of(help_reply(Role.ADMIN, language, WITH_RESTRICTED))

    sections = [
        body.index(catalogue[f"help.section.{name}"]) for name in ("agent", "manager", "admin")
    ]
    assert sections == sorted(sections)
    assert body.index(REPORT.spelled(language)) > sections[1]
    assert body.index(EXPORT.spelled(language)) > sections[2]
    assert f"{EXPORT.spelled(language)} <campagne>" in body


def test_a_role_with_no_command_of_its_own_gets_no_empty_section() -> None:
    without_manager_commands = tuple(c for c in COMMANDS if c.role != Role.MANAGER)
    body = body_of(help_reply(Role.ADMIN, "fr", (*without_manager_commands, EXPORT)))

    assert FR["help.section.manager"] not in body
    assert FR["help.section.admin"] in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_shows_bold_as_html_and_never_as_stars(language: Language) -> None:
    reply = help_reply(Role.ADMIN, language, WITH_RESTRICTED)

    assert "**" not in body_of(reply)
    assert "**" not in html_of(reply)
    assert "<strong>" in html_of(reply)
    assert "&lt;campagne&gt;" in html_of(reply)


# --- accents, and the feedback command's names -----------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("!évaluer", "evaluer"),
        ("!Évaluer", "evaluer"),
        ("!ÉVALUER", "evaluer"),
        ("!EVALUER", "evaluer"),
        ("!e\u0301valuer", "evaluer"),  # é typed as e and a combining accent
        ("!èvaluer", "evaluer"),  # the wrong accent is still the command
        ("!mesréponses", "mesreponses"),
        ("!MesRéponses", "mesreponses"),
        ("!confidentialité", "confidentialite"),
        ("!déploiement statut", "deploiement"),
        ("!étape 2 fait", "etape"),
        ("!Étape 2 fait", "etape"),
        ("!mesdonnées", "mesdonnees"),
        ("!avis la visio coupe", "avis"),
        ("!retour la visio coupe", "avis"),  # the former name, kept
        ("!feedback the video cuts", "avis"),
        ("!Rétour x", "avis"),
    ],
)
def test_a_command_is_found_whatever_its_case_and_accents(typed: str, name: str) -> None:
    parsed = parse_command(typed, COMMANDS)
    assert parsed is not None

    resolution = resolve(parsed, Role.ADMIN, "fr", COMMANDS)

    assert isinstance(resolution, Matched)
    assert resolution.command.name == name
    assert resolution.args == typed.partition(" ")[2]


@pytest.mark.parametrize(
    ("typed", "name", "args"),
    [
        ("!mes réponses", "mesreponses", ""),
        ("!Mes Réponses", "mesreponses", ""),
        ("!mes reponses", "mesreponses", ""),
        ("!mes données", "mesdonnees", ""),
        ("!my answers", "mesreponses", ""),
        ("!mes   réponses  ", "mesreponses", ""),
    ],
)
def test_a_command_written_in_two_words_is_the_command(typed: str, name: str, args: str) -> None:
    parsed = parse_command(typed, COMMANDS)
    assert parsed is not None

    resolution = resolve(parsed, Role.AGENT, "fr", COMMANDS)

    assert isinstance(resolution, Matched)
    assert (resolution.command.name, resolution.args) == (name, args)


@pytest.mark.parametrize("typed", ["!mes", "!mes amis", "!modifier agenda", "!aide mes réponses"])
def test_only_two_words_that_make_a_command_are_joined(typed: str) -> None:
    parsed = parse_command(typed, COMMANDS)
    assert parsed is not None

    assert parsed.word == typed[1:].split()[0].lower()


def test_the_french_help_shows_the_accented_spellings_and_the_english_one_the_english() -> None:
    french = body_of(help_reply(Role.ADMIN, "fr", COMMANDS))
    english = body_of(help_reply(Role.ADMIN, "en", COMMANDS))

    for spelled in ["!évaluer", "!mesréponses", "!confidentialité", "!mesdonnées", "!avis"]:
        assert f"• {spelled}" in french
    assert "• !déploiement statut | nouveau [suite] <JJ/MM/AAAA> | annuler" in french
    assert "• !étape <n> fait | <n> date JJ/MM/AAAA" in french
    assert "!evaluer" not in french and "!retour" not in french
    assert "avec ou sans accents" in french
    for spelled in ["!evaluate", "!myanswers", "!privacy", "!mydata", "!feedback <your message>"]:
        assert f"• {spelled}" in english
    assert "• !rollout status | new [suite] <YYYY-MM-DD> | cancel" in english


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("!évalue", "!évaluer"),
        ("!evalue", "!évaluer"),
        ("!mesréponse", "!mesréponses"),
        ("!MESREPONSE", "!mesréponses"),
        ("!confidentialités", "!confidentialité"),
        ("!etapes", "!étape"),
        ("!avs", "!avis"),
        ("!retours", "!avis"),
    ],
)
def test_a_typo_suggests_the_accented_spelling_whatever_accents_were_typed(
    typed: str, suggested: str
) -> None:
    reply = only(route(typed, Sender(Role.ADMIN, "fr"), COMMANDS, direct=True))

    assert f"Vouliez-vous dire {suggested}{NNBSP}?" in body_of(reply)


def test_a_typo_in_english_suggests_the_english_spelling_of_an_accented_command() -> None:
    reply = only(route("!evalute", AGENT_EN, COMMANDS, direct=True))

    assert "Did you mean !evaluate?" in body_of(reply)


# --- unknown commands ------------------------------------------------------------------------


def test_a_typo_suggests_the_closest_command_and_points_to_the_help() -> None:
    reply = only(route("!aid", AGENT_FR, COMMANDS, direct=True))

    assert body_of(reply) == (
        f"Je ne connais pas la commande !aid. Vouliez-vous dire !aide{NNBSP}?\n"
        "Tapez !aide pour la liste des commandes."
    )


def test_a_typo_in_english_suggests_the_english_spelling() -> None:
    reply = only(route("!hlep", AGENT_EN, COMMANDS, direct=True))

    assert "Did you mean !help?" in body_of(reply)
    assert "Type !help" in body_of(reply)


def test_an_english_typo_from_a_french_speaker_suggests_the_french_spelling() -> None:
    reply = only(route("!hepl", AGENT_FR, COMMANDS, direct=True))

    assert f"Vouliez-vous dire !aide{NNBSP}?" in body_of(reply)


def test_an_unknown_command_with_nothing_close_only_points_to_the_help() -> None:
    reply = only(route("!xyzzy", AGENT_FR, COMMANDS, direct=True))

    assert "!xyzzy" in body_of(reply)
    assert "Vouliez-vous dire" not in body_of(reply)
    assert "Tapez !aide pour la liste des commandes." in body_of(reply)


def test_an_agent_is_never_suggested_a_command_they_may_not_use() -> None:
    resolution = resolve(ParsedCommand("exporte", ""), Role.AGENT, "fr", WITH_RESTRICTED)

    assert isinstance(resolution, Refused)
    assert "!exporter" not in body_of(only(resolution.replies))


def test_an_admin_is_suggested_an_admin_command() -> None:
    resolution = resolve(ParsedCommand("exporte", ""), Role.ADMIN, "fr", WITH_RESTRICTED)

    assert isinstance(resolution, Refused)
    assert f"Vouliez-vous dire !exporter{NNBSP}?" in body_of(only(resolution.replies))


def test_a_very_long_unknown_command_is_not_echoed_in_full() -> None:
    reply = only(route("!" + "x" * 5000, AGENT_FR, COMMANDS, direct=True))

    assert "!" + "x" * 40 in body_of(reply)
    assert "x" * 41 not in body_of(reply)


def test_a_typed_script_tag_comes_back_escaped_in_the_html() -> None:
    reply = only(route("!<script>alert(1)</script>", AGENT_FR, COMMANDS, direct=True))
    html = html_of(reply)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert _OUR_TAGS.sub("", html).count("<") == 0


def test_typed_ampersands_and_tags_are_escaped_in_the_html() -> None:
    html = html_of(only(route("!a&b<img/src=x>", AGENT_EN, COMMANDS, direct=True)))

    assert "a&amp;b&lt;img/src=x&gt;" in html
    assert "<img" not in html


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "command", "word", "plural"),
    [
        (Role.AGENT, EXPORT, "exporter", "administrateurs"),
        (Role.MANAGER, EXPORT, "export", "administrateurs"),
        (Role.AGENT, REPORT, "rapport", "encadrants"),
    ],
)
def test_a_command_above_the_sender_role_is_politely_refused(
    role: Role, command: Command, word: str, plural: str
) -> None:
    resolution = resolve(ParsedCommand(word, ""), role, "fr", WITH_RESTRICTED)

    assert isinstance(resolution, Refused)
    body = body_of(only(resolution.replies))
    assert body == (
        f"Désolé, la commande {command.spelled('fr')} est réservée aux {plural}. "
        "Tapez !aide pour voir les commandes qui vous sont ouvertes."
    )


def test_a_refusal_in_english_names_the_role_and_the_help_command() -> None:
    resolution = resolve(ParsedCommand("export", ""), Role.AGENT, "en", WITH_RESTRICTED)

    assert isinstance(resolution, Refused)
    assert body_of(only(resolution.replies)) == (
        "Sorry, the command !export is for administrators only. "
        "Type !help to see the commands open to you."
    )


@pytest.mark.parametrize("role", [Role.ADMIN])
@pytest.mark.parametrize("word", ["exporter", "export"])
def test_a_command_at_the_sender_role_is_matched_with_its_arguments(role: Role, word: str) -> None:
    resolution = resolve(ParsedCommand(word, "printemps 2025"), role, "fr", WITH_RESTRICTED)

    assert resolution == Matched(EXPORT, "printemps 2025")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("word", ["aide", "help"])
def test_everyone_may_ask_for_help_in_either_spelling(role: Role, word: str) -> None:
    assert resolve(ParsedCommand(word, ""), role, "fr", COMMANDS) == Matched(COMMANDS[0], "")


# --- router ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_free_text_in_a_direct_conversation_goes_to_the_dialog(language: Language) -> None:
    routed = route(
        "Bonjour, ça marche comment ?", Sender(Role.AGENT, language), COMMANDS, direct=True
    )

    assert routed == FreeText("Bonjour, ça marche comment ?")


def test_a_command_the_sender_may_use_is_handed_to_the_bot() -> None:
    routed = route("!modifier agenda", AGENT_FR, COMMANDS, direct=True)

    assert isinstance(routed, Matched)
    assert routed.command.name == "modifier"
    assert routed.args == "agenda"


def test_an_agent_asking_for_an_admin_command_is_refused_politely() -> None:
    reply = only(route("!campagne ouvrir Test", AGENT_FR, COMMANDS, direct=True))

    assert "réservée aux administrateurs" in body_of(reply)


@pytest.mark.parametrize("message", ["Bonjour à tous", "!aid", "!xyz", "!", "", "!!aide"])
def test_in_a_group_room_the_bot_stays_quiet_except_for_help(message: str) -> None:
    assert route(message, AGENT_FR, COMMANDS, direct=False) == ()


@pytest.mark.parametrize(
    ("message", "sender"),
    [("!aide", AGENT_FR), ("!AIDE", AGENT_FR), ("!help", AGENT_EN), ("!help", AGENT_FR)],
)
def test_help_is_answered_in_a_group_room(message: str, sender: Sender) -> None:
    replies = route(message, sender, COMMANDS, direct=False)

    assert replies == (help_reply(sender.role, sender.language, COMMANDS),)


@pytest.mark.parametrize("direct", [True, False])
@pytest.mark.parametrize("role", list(Role))
def test_help_matches_the_sender_role_in_any_room(direct: bool, role: Role) -> None:
    assert route("!aide", Sender(role, "fr"), COMMANDS, direct=direct) == (
        help_reply(role, "fr", COMMANDS),
    )


MANAGER_FR = Sender(Role.MANAGER, "fr")
# Two manager commands, the first declared for the management room too.
ROOMED = Command("bilan", "summary", Role.MANAGER, "cmd.aide", in_management_room=True)
DM_ONLY = Command("synthese", "digest", Role.MANAGER, "cmd.aide", french="synthèse")
ROOMED_COMMANDS = (ROOMED, DM_ONLY)


@pytest.mark.parametrize("message", ["!bilan mars", "!SUMMARY mars", "!Bilan  mars"])
def test_a_command_declared_for_the_management_room_runs_there(message: str) -> None:
    routed = route(message, MANAGER_FR, ROOMED_COMMANDS, direct=False, management=True)

    assert routed == Matched(ROOMED, "mars")


def test_a_command_declared_for_the_management_room_is_refused_in_another_room() -> None:
    reply = only(route("!summary", MANAGER_FR, ROOMED_COMMANDS, direct=False))

    assert body_of(reply) == (
        "La commande !bilan n'est disponible qu'en conversation privée avec moi ou dans le "
        "salon des encadrants."
    )


@pytest.mark.parametrize("management", [True, False])
def test_a_command_not_declared_for_the_management_room_is_silent_in_group_rooms(
    management: bool,
) -> None:
    assert route("!synthese", MANAGER_FR, ROOMED_COMMANDS, direct=False,
                 management=management) == ()  # fmt: skip
    assert isinstance(route("!synthèse", MANAGER_FR, ROOMED_COMMANDS, direct=True), Matched)


def test_the_report_and_the_choice_are_the_management_room_commands() -> None:
    assert [c.name for c in COMMANDS if c.in_management_room] == ["rapport", "choix"]


def test_an_unknown_command_in_a_direct_conversation_gets_an_explanation() -> None:
    reply = only(route("!sondage", AGENT_FR, COMMANDS, direct=True))

    assert "Je ne connais pas la commande !sondage." in body_of(reply)


def test_replies_are_notices_so_that_other_bots_do_not_answer_them() -> None:
    for reply in route("!aide", AGENT_FR, COMMANDS, direct=True) + route(
        "!bonjour", AGENT_FR, COMMANDS, direct=True
    ):
        assert reply.content()["msgtype"] == "m.notice"
        assert reply.content()["format"] == "org.matrix.custom.html"


def test_a_reply_has_a_plain_body_and_an_html_body() -> None:
    content = Reply("**Titre**\nligne & <suite>").content()

    assert content["body"] == "Titre\nligne & <suite>"
    assert content["formatted_body"] == "<strong>Titre</strong><br>ligne &amp; &lt;suite&gt;"


def test_a_reply_can_be_sent_as_plain_text() -> None:
    assert Reply("x", notice=False).content()["msgtype"] == "m.text"


# --- catalogue -------------------------------------------------------------------------------


def placeholders(sentence: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(sentence) if field is not None}


def test_both_languages_have_the_same_sentences() -> None:
    assert set(FR) == set(EN)
    assert set(CATALOGUES) == set(LANGUAGES)


@pytest.mark.parametrize("key", sorted(FR))
def test_a_sentence_has_the_same_placeholders_in_both_languages(key: str) -> None:
    assert placeholders(FR[key]) == placeholders(EN[key])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_command_help_text_exists_in_every_language(language: Language) -> None:
    for command in COMMANDS:
        assert text(language, command.help_key)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_role_has_a_help_section_title(language: Language) -> None:
    for role in Role:
        assert text(language, f"help.section.{role.name.lower()}")


# --- whatever is typed -----------------------------------------------------------------------

typed_messages = st.one_of(
    st.text(),
    st.text().map(lambda rest: "!" + rest),
    st.sampled_from(["!aide", "!help", "!AIDE  x", "!aid", "!**", "!{}", "!{command}", "! "]),
)


@settings(database=None, max_examples=300, deadline=None)
@given(
    message=typed_messages,
    role=st.sampled_from(list(Role)),
    language=st.sampled_from(LANGUAGES),
    direct=st.booleans(),
)
def test_any_message_gets_well_formed_replies_or_none(
    message: str, role: Role, language: Language, direct: bool
) -> None:
    routed = route(message, Sender(role, language), COMMANDS, direct=direct)

    if isinstance(routed, Matched | FreeText):
        assert direct  # only a direct conversation hands anything on
        return
    if direct:
        assert len(routed) >= 1
    for reply in routed:
        assert isinstance(reply, Reply)
        content = reply.content()
        assert content["body"].strip()
        assert content["msgtype"] == "m.notice"
        assert "<" not in _OUR_TAGS.sub("", content["formatted_body"])
