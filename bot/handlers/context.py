"""What every handler receives with a message: the message, who sent it, and where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.clock import Clock
from conversations.commands import Role
from conversations.formatting import Attachment, Reply
from conversations.parsing import InvalidAnswer
from conversations.texts import Language, text, typed
from storage import Agent, Session, Whereabouts

Outgoing = Reply | Attachment


@dataclass(frozen=True)
class Incoming:
    sender: str
    room_id: str
    body: str
    direct: bool
    management: bool = False  # the configured management room
    management_level: int | None = None  # the sender's power level there, if a member
    # "edit": an edited message (m.replace); "attachment": a file, image, voice or video.
    kind: Literal["text", "edit", "attachment"] = "text"
    # The sending device may not have been able to read the bot's last messages here: it
    # never wrote in this room before, or the last prompt was encrypted for other devices.
    unseen_device: bool = False


@dataclass(frozen=True)
class Context:
    """One message inside its transaction: the session its effects are written through."""

    session: Session
    incoming: Incoming
    agent: Agent | None  # None until there is something of theirs to keep
    role: Role
    language: Language
    # The agent, the open campaign and their participation, read in one statement with
    # the message (None: read them when needed).
    found: Whereabouts | None = None

    async def ensure_agent(self, clock: Clock) -> Agent:
        if self.agent is not None:
            return self.agent
        return await self.session.agents.get_or_create(self.incoming.sender, clock.now())


def quoted(value: str, limit: int = 60) -> str:
    """What the user typed, shown back in an error: defused and cut short (a 64 KB
    argument is not repeated)."""
    return typed(value if len(value) <= limit else value[:limit] + "…")


def refusal(language: Language, error: InvalidAnswer) -> Reply:
    """A day or a time that does not exist (31/02, 25h), said back as typed."""
    return Reply(text(language, error.key, **error.values))
