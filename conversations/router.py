"""Where a message goes, given who sent it and where: pure, no I/O.

A command the sender may use comes back as `Matched` for the bot to run; text that is
not a command, in a direct conversation, comes back as `FreeText` for the dialog that owns
it; everything else (help, refusals, silence in shared rooms) is answered here. `!aide`
is declared here because it is handled here; the other commands come as data.
"""

from __future__ import annotations

from dataclasses import dataclass

from .commands import Command, Matched, Role, find_command, help_reply, parse_command, resolve
from .formatting import Reply
from .texts import Language, text

HELP = Command("aide", "help", Role.AGENT, "cmd.aide")


@dataclass(frozen=True)
class Sender:
    role: Role
    language: Language


@dataclass(frozen=True)
class FreeText:
    body: str


Route = tuple[Reply, ...] | Matched | FreeText


def route(
    message: str,
    sender: Sender,
    commands: tuple[Command, ...],
    *,
    direct: bool,
    management: bool = False,
) -> Route:
    """Outside a direct conversation the bot answers only `!aide` (so that it never talks
    over the members of a group room, or over other bots' commands) and the commands
    declared `in_management_room` (`!rapport`, `!choix`), which it runs only in the
    management room and politely refuses anywhere else. `commands` includes `HELP`, first,
    as `!aide` lists them in order."""
    parsed = parse_command(message, commands)
    if parsed is None:
        return FreeText(message) if direct else ()
    resolution = resolve(parsed, sender.role, sender.language, commands)
    if isinstance(resolution, Matched) and resolution.command.name == HELP.name:
        return (help_reply(sender.role, sender.language, commands),)
    if not direct:
        named = find_command(parsed.word, commands)
        if named is None or not named.in_management_room:
            return ()
        if isinstance(resolution, Matched) and not management:
            shown = named.spelled(sender.language)
            return (Reply(text(sender.language, "wrong_room", command=shown)),)
    if isinstance(resolution, Matched):
        return resolution
    return resolution.replies
