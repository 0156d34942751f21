"""What an agent actually wrote, read from a Matrix message event's content.

Pure functions: an edit is recognised as one (the bot answers it, never re-reads it as
a new answer), reply fallbacks are removed, and anything that is not text (images,
files, reactions) is not a message to parse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEXT_MSGTYPES = frozenset({"m.text", "m.emote"})
ATTACHMENT_MSGTYPES = frozenset({"m.image", "m.file", "m.audio", "m.video"})
MAX_TEXT_LENGTH = 4000


@dataclass(frozen=True)
class IncomingText:
    body: str
    edit_of: str | None = None  # the event an edit replaces


def read_text(content: dict[str, Any]) -> IncomingText | None:
    """The text to parse, or None when the event carries no agent text."""
    relates = content.get("m.relates_to")
    edit_of = None
    if isinstance(relates, dict) and relates.get("rel_type") == "m.replace":
        new_content = content.get("m.new_content")
        if not isinstance(new_content, dict):
            return None
        edit_of = relates.get("event_id") if isinstance(relates.get("event_id"), str) else None
        content = new_content
        relates = None
    if _msgtype(content) not in TEXT_MSGTYPES:
        return None
    body = content.get("body")
    if not isinstance(body, str):
        return None
    if isinstance(relates, dict) and isinstance(relates.get("m.in_reply_to"), dict):
        body = strip_reply_fallback(body)
    return IncomingText(body.strip()[:MAX_TEXT_LENGTH].strip(), edit_of)


def is_attachment(content: dict[str, Any]) -> bool:
    """A file, image, voice note or video: something the bot cannot read, but that a
    person sent expecting an answer."""
    return _msgtype(content) in ATTACHMENT_MSGTYPES


def _msgtype(content: dict[str, Any]) -> str | None:
    """The msgtype if it is a string: anything else (a list…) is no known type."""
    msgtype = content.get("msgtype")
    return msgtype if isinstance(msgtype, str) else None


def strip_reply_fallback(body: str) -> str:
    """Drop the leading `> quoted` lines (and the blank line after) of a reply."""
    lines = body.split("\n")
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    if index == 0:
        return body
    if index < len(lines) and lines[index] == "":
        index += 1
    return "\n".join(lines[index:])
