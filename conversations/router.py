"""Where a message goes, given who sent it and where: pure, no I/O.

A command the sender may use comes back as `Matched` for the bot to run; text that is
not a command, in a direct conversation, comes back as `FreeText` for the evaluation
dialog; everything else (help, refusals, silence in shared rooms) is answered here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .commands import Matched, Role, help_reply, parse_command, resolve
from .formatting import Reply
from .texts import Language


@dataclass(frozen=True)
class Sender:
    role: Role
    language: Language


@dataclass(frozen=True)
class FreeText:
    body: str


Route = tuple[Reply, ...] | Matched | FreeText


def route(message: str, sender: Sender, *, direct: bool) -> Route:
    """Outside a direct conversation the bot answers only `!aide`, so that it never talks
    over the members of a group room (or over other bots' commands)."""
    parsed = parse_command(message)
    if parsed is None:
        return FreeText(message) if direct else ()
    resolution = resolve(parsed, sender.role, sender.language)
    is_help = isinstance(resolution, Matched) and resolution.command.name == "aide"
    if is_help:
        return (help_reply(sender.role, sender.language),)
    if not direct:
        return ()
    if isinstance(resolution, Matched):
        return resolution
    return resolution.replies
