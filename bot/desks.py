"""Who answers a message: its organisation's handlers, in that organisation's scope; the
structure's desk, for its staff; or a reply saying why the bot cannot tell whose it is.

One collectivité has one desk, as before. A structure's bot serves several organisations
from one process (bot/tenants.py routes each message), each with the handlers built from
its own configuration and a storage session that sees its rows only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Protocol

from bot.config import Config
from bot.handlers.context import Incoming, Outgoing
from bot.handlers.dispatch import Conversations
from bot.tenants import TenantRouter
from conversations.formatting import Reply
from conversations.texts import Language, text
from storage import Session


class StaffDesk(Protocol):
    """What the structure's staff talk to (bot/handlers/structure.py)."""

    async def handle(self, session: Session, incoming: Incoming) -> list[Outgoing]: ...


class Desks:
    """Routes each message to the desk that answers it. `management_level(room, user)`:
    the user's power level in that room, if a member."""

    def __init__(
        self,
        config: Config,
        chats: Mapping[str, Conversations],
        router: TenantRouter,
        management_level: Callable[[str, str], int | None],
        staff: StaffDesk | None = None,
    ) -> None:
        self._config = config
        self._tenants = config.tenants()
        self.chats = dict(chats)
        self.router = router
        self._level = management_level
        self._staff = staff
        # Room IDs of each organisation's management room, once aliases are resolved.
        self.management_rooms: dict[str, str | None] = {
            key: tenant.organisation.management_room for key, tenant in self._tenants.items()
        }

    def language(self, room_id: str, sender: str) -> Language:
        """The language of whoever would answer: for an apology when storage fails."""
        routed = self.router.route(room_id, sender)
        if routed.tenant is not None:
            return self._tenants[routed.tenant].organisation.language
        return self._config.organisation.language

    async def handle(self, session: Session, incoming: Incoming) -> list[Outgoing]:
        routed = self.router.route(incoming.room_id, incoming.sender)
        if routed.kind == "tenant":
            assert routed.tenant is not None
            management = self.management_rooms.get(routed.tenant)
            level = self._level(management, incoming.sender) if management else None
            scoped = dataclasses.replace(
                incoming,
                management=management is not None and incoming.room_id == management,
                management_level=level,
            )
            return await self.chats[routed.tenant].handle(session.scoped(routed.tenant), scoped)
        if not incoming.direct or incoming.kind != "text":
            return []  # a group room, an edit, a file: nothing of the bot's to say
        language = self._config.organisation.language
        if routed.kind == "structure" and self._staff is not None:
            return await self._staff.handle(session, incoming)
        if routed.kind == "ambiguous":
            names = ", ".join(self._tenants[key].organisation.name for key in routed.candidates)
            return [Reply(text(language, "tenant.ambiguous", organisations=names))]
        return [
            Reply(text(language, "tenant.unknown", organisation=self._config.organisation.named))
        ]
