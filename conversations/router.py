"""What to answer to one message, given who sent it and where: pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from .commands import Matched, Role, help_reply, parse_command, resolve
from .formatting import Reply
from .texts import Language, text


@dataclass(frozen=True)
class Sender:
    role: Role
    language: Language


def answer(message: str, sender: Sender, *, direct: bool) -> tuple[Reply, ...]:
    """The replies to `message`; in a shared room the bot answers only `!aide`.

    Outside a direct conversation the bot stays quiet on anything else, so that it never
    talks over the members of a group room (or over other bots' commands).
    """
    parsed = parse_command(message)
    if parsed is None:
        return (Reply(text(sender.language, "free_text")),) if direct else ()
    resolution = resolve(parsed, sender.role, sender.language)
    if not direct:
        if isinstance(resolution, Matched) and resolution.command.name == "aide":
            return (help_reply(sender.role, sender.language),)
        return ()
    if isinstance(resolution, Matched):
        return _run(resolution, sender)
    return resolution.replies


def _run(matched: Matched, sender: Sender) -> tuple[Reply, ...]:
    if matched.command.name == "aide":
        return (help_reply(sender.role, sender.language),)
    raise AssertionError(f"declared command without a handler: {matched.command.name}")
