"""`@command`: a command declared on the method that handles it, as maubot's
`@command.new` / `@command.argument` do, in a few lines of our own.

The words (French with its accents, English, older aliases), the role, the help key, the
usage and how the arguments are read sit on the handler; `declared()` collects them, in
the order of the class, for the router and `!aide` (conversations/commands.py, pure).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.handlers.context import Context, Outgoing
from conversations.commands import Command, Role

Handler = Callable[[Context, Any], Awaitable[Sequence[Outgoing]]]
_F = TypeVar("_F", bound=Callable[..., Awaitable[Sequence[Outgoing]]])
_MARK = "__harmonie_command__"


def stripped(args: str) -> str:
    return args.strip()


def lowered(args: str) -> str:
    """One word or a choice among words (`oui|non`): compared in lower case."""
    return args.strip().lower()


def raw(args: str) -> str:
    return args


@dataclass(frozen=True)
class Declared:
    """A command and the bound method that runs it, its arguments read by `parse`."""

    command: Command
    run: Handler
    parse: Callable[[str], Any]

    async def __call__(self, context: Context, args: str) -> list[Outgoing]:
        return list(await self.run(context, self.parse(args)))


def command(
    name: str,
    english: str,
    role: Role,
    *,
    french: str = "",
    usage: str = "",
    usage_en: str = "",
    aliases: tuple[str, ...] = (),
    parse: Callable[[str], Any] = stripped,
    in_management_room: bool = False,
) -> Callable[[_F], _F]:
    """`name`: French without accents, how the bot knows the command (and its help key,
    `cmd.<name>`); `french`: as shown, with its accents, if different;
    `in_management_room`: also answered in the management room, not only in a DM."""
    declared = Command(
        name,
        english,
        role,
        f"cmd.{name}",
        usage=usage,
        french=french,
        aliases=aliases,
        usage_en=usage_en,
        in_management_room=in_management_room,
    )

    def mark(method: _F) -> _F:
        setattr(method, _MARK, (declared, parse))
        return method

    return mark


def declared(handler: object) -> tuple[Declared, ...]:
    """The commands `handler`'s class declares, bound to it, in the class's order."""
    found = []
    for attribute, value in vars(type(handler)).items():
        mark = getattr(value, _MARK, None)
        if mark is not None:
            command_, parse = mark
            found.append(Declared(command_, getattr(handler, attribute), parse))
    return tuple(found)


def commands_of(*classes: type) -> tuple[Command, ...]:
    """The commands the classes declare, in order: what `!aide` lists."""
    return tuple(
        getattr(value, _MARK)[0]
        for cls in classes
        for value in vars(cls).values()
        if hasattr(value, _MARK)
    )
