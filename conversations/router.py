"""Where a message goes, given who sent it and where: pure, no I/O.

A command the sender may use comes back as `Matched` for the bot to run; text that is
not a command, in a direct conversation, comes back as `FreeText` for the evaluation
dialog; everything else (help, refusals, silence in shared rooms) is answered here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .commands import Matched, Role, help_reply, parse_command, resolve
from .formatting import Reply
from .texts import Language, text


@dataclass(frozen=True)
class Sender:
    role: Role
    language: Language


@dataclass(frozen=True)
class FreeText:
    body: str


Route = tuple[Reply, ...] | Matched | FreeText


REPORT_WORDS = frozenset({"rapport", "report"})


def route(message: str, sender: Sender, *, direct: bool, management: bool = False) -> Route:
    """Outside a direct conversation the bot answers only `!aide` (so that it never talks
    over the members of a group room, or over other bots' commands) and `!rapport`, which
    it runs only in the management room and politely refuses anywhere else."""
    parsed = parse_command(message)
    if parsed is None:
        return FreeText(message) if direct else ()
    resolution = resolve(parsed, sender.role, sender.language)
    is_help = isinstance(resolution, Matched) and resolution.command.name == "aide"
    if is_help:
        return (help_reply(sender.role, sender.language),)
    if not direct:
        if parsed.word not in REPORT_WORDS:
            return ()
        if isinstance(resolution, Matched) and not management:
            return (Reply(text(sender.language, "report.wrong_room")),)
    if isinstance(resolution, Matched):
        return resolution
    return resolution.replies
