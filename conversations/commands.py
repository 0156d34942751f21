"""What a command is, and how a message names one: pure matching over declared commands.

Each command is declared next to its handler (bot/handlers/, with `@command`); the bot
passes the declarations here as data, and parsing and `!aide` are derived from them, so
the help can never drift from what the bot accepts. A command is recognised whatever its
case and its accents (`!évaluer`, `!EVALUER`, `!evaluer`), in French, in English, or by an
older name kept as an alias.
Executing a command is the bot's business; deciding what was asked, and whether the sender
may ask it, is pure and lives here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import IntEnum

from .formatting import Reply
from .survey import normalise
from .texts import Language, text, typed


class Role(IntEnum):
    """Ordered: a manager may do what an agent may, an admin what a manager may."""

    AGENT = 0
    MANAGER = 1
    ADMIN = 2


@dataclass(frozen=True)
class Command:
    name: str  # French, without accents: how the bot knows the command
    english: str  # the English spelling, accepted in every language
    role: Role
    help_key: str
    usage: str = ""
    french: str = ""  # the French spelling as shown, with its accents; `name` if the same
    aliases: tuple[str, ...] = ()  # other names still accepted (an older name)
    usage_en: str = ""  # the arguments in English; `usage` if the same
    # Also run in the management room (and politely refused in other group rooms), as
    # `!rapport`; every other command is for a direct conversation only.
    in_management_room: bool = False

    def spelled(self, language: Language) -> str:
        return f"!{(self.french or self.name) if language == 'fr' else self.english}"

    def arguments(self, language: Language) -> str:
        return (self.usage_en or self.usage) if language == "en" else self.usage

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every accepted word, as compared: lower case, without accents."""
        return tuple(normalise(word) for word in (self.name, self.english, *self.aliases))


_ROLE_PLURAL = {Role.MANAGER: "role.manager.plural", Role.ADMIN: "role.admin.plural"}


@dataclass(frozen=True)
class ParsedCommand:
    word: str  # lower-cased, without "!"
    args: str


@dataclass(frozen=True)
class Matched:
    command: Command
    args: str


@dataclass(frozen=True)
class Refused:
    """Unknown or not allowed: the replies explain what to do instead."""

    replies: tuple[Reply, ...]


def parse_command(body: str, commands: tuple[Command, ...]) -> ParsedCommand | None:
    """`!Aide  foo` -> ParsedCommand("aide", "foo"); anything else -> None. A command
    written in two words, as French spells it (`!mes réponses`, `!mes données`), is one."""
    stripped = body.strip()
    if not stripped.startswith("!") or len(stripped) < 2:
        return None
    if stripped[1] == "!":
        return None
    parts = stripped[1:].split(maxsplit=1)  # any whitespace: newline, tab, NBSP
    if stripped[1].isspace() and (not parts or find_command(parts[0].lower(), commands) is None):
        return None  # « ! » then words: a command only if a phone put a space after the « ! »
    word, args = parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""
    if args and find_command(word, commands) is None:
        second, *after = args.split(maxsplit=1)
        if find_command(word + second, commands) is not None:
            return ParsedCommand(word + second.lower(), after[0].strip() if after else "")
    return ParsedCommand(word, args)


def find_command(word: str, commands: tuple[Command, ...]) -> Command | None:
    """The command `word` names, whatever its case and accents."""
    wanted = normalise(word)
    for command in commands:
        if wanted in command.spellings:
            return command
    return None


def resolve(
    parsed: ParsedCommand,
    role: Role,
    language: Language,
    commands: tuple[Command, ...],
) -> Matched | Refused:
    """Which command was asked for, if the sender may use it."""
    command = find_command(parsed.word, commands)
    if command is None:
        return Refused((_unknown(parsed.word, role, language, commands),))
    if role < command.role:
        plural = text(language, _ROLE_PLURAL[command.role])
        return Refused(
            (
                Reply(
                    text(
                        language,
                        "not_allowed",
                        command=command.spelled(language),
                        role_plural=plural,
                    )
                ),
            )
        )
    return Matched(command, parsed.args)


def help_reply(role: Role, language: Language, commands: tuple[Command, ...]) -> Reply:
    """The commands open to `role`, grouped by the role that needs them."""
    lines = [text(language, "help.title")]
    for section in Role:
        if section > role:
            break
        entries = [c for c in commands if c.role == section]
        if not entries:
            continue
        lines.append("")
        lines.append(text(language, f"help.section.{section.name.lower()}"))
        for command in entries:
            arguments = command.arguments(language)
            usage = f" {arguments}" if arguments else ""
            lines.append(
                f"• **{command.spelled(language)}{usage}** — {text(language, command.help_key)}"
            )
    lines.append("")
    lines.append(text(language, "help.footer"))
    return Reply("\n".join(lines))


def _unknown(word: str, role: Role, language: Language, commands: tuple[Command, ...]) -> Reply:
    allowed = [c for c in commands if c.role <= role]
    spellings = {spelling: c for c in allowed for spelling in c.spellings}
    close = difflib.get_close_matches(normalise(word), list(spellings), n=1, cutoff=0.6)
    suggestion = ""
    if close:
        spelled = spellings[close[0]].spelled(language)
        suggestion = text(language, "unknown_command.suggestion", suggestion=spelled)
    shown = "!" + word[:40]
    return Reply(text(language, "unknown_command", command=typed(shown), suggestion=suggestion))
