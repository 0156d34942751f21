"""Turn catalogue texts into Matrix message content: an HTML body and a plain fallback."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Reply:
    """One message to send: plain text with `**bold**` marks; HTML is derived from it."""

    text: str
    notice: bool = True
    html_body: str | None = None  # ready-made HTML (a report's tables), already escaped

    @property
    def plain(self) -> str:
        return _BOLD.sub(r"\1", self.text)

    @property
    def html(self) -> str:
        if self.html_body is not None:
            return self.html_body
        escaped = html.escape(self.text, quote=False)
        return _BOLD.sub(r"<strong>\1</strong>", escaped).replace("\n", "<br>")

    def content(self) -> dict[str, Any]:
        """The `m.room.message` content; notices, so that other bots never answer them."""
        return {
            "msgtype": "m.notice" if self.notice else "m.text",
            "body": self.plain,
            "format": "org.matrix.custom.html",
            "formatted_body": self.html,
        }


@dataclass(frozen=True)
class Attachment:
    """A file to upload to the room (encrypted where the room is), with its caption."""

    filename: str
    mimetype: str
    data: bytes
