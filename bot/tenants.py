"""Whose message it is: the organisation (tenant) that handles a message, from the
configuration first, then from the rooms the bot shares with the sender.

One collectivité: everything is its own, as before. A structure serving several: a
message in an organisation's management room is that organisation's; otherwise the
sender's organisation from the lists of the configuration; otherwise from the rooms that
say who its people are (agents, pilots, management), known at run time only. The
structure's staff talk to the structure itself. Someone in the rooms of two organisations,
or of none, is told so rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from bot.config import Config


@dataclass(frozen=True)
class Routed:
    """Where a message goes: `tenant` for an organisation's handlers; `structure` for the
    staff; `unknown` or `ambiguous` (with the candidate organisations) for a reply that
    says why the bot cannot answer."""

    kind: Literal["tenant", "structure", "unknown", "ambiguous"]
    tenant: str | None = None
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class TenantRooms:
    """The rooms that name an organisation's people, as room IDs (aliases resolved)."""

    management: str | None = None
    agents: str | None = None
    pilots: str | None = None

    def all(self) -> tuple[str, ...]:
        return tuple(room for room in (self.management, self.agents, self.pilots) if room)


class TenantRouter:
    """Routes (room, sender) to a tenant. `members(room_id)`: who is in a room now, as
    the bot's client sees it."""

    def __init__(
        self,
        config: Config,
        rooms: Mapping[str, TenantRooms],
        members: Callable[[str], frozenset[str]],
    ) -> None:
        self._single = None if config.organisations else config.tenant
        self._config = config
        self._rooms = dict(rooms)
        self._members = members
        self._listed = config.people_by_tenant()
        self._management = {
            room.management: tenant for tenant, room in self._rooms.items() if room.management
        }

    def route(self, room_id: str, sender: str) -> Routed:
        if self._single is not None:
            return Routed("tenant", self._single)
        if room_id in self._management:
            return Routed("tenant", self._management[room_id])
        if sender in self._listed:
            return Routed("tenant", self._listed[sender])
        if self._config.is_structure_staff(sender):
            return Routed("structure")
        found = tuple(
            tenant
            for tenant, rooms in self._rooms.items()
            if any(sender in self._members(room) for room in rooms.all())
        )
        if len(found) == 1:
            return Routed("tenant", found[0])
        if found:
            return Routed("ambiguous", candidates=found)
        return Routed("unknown")

    def set_rooms(self, tenant: str, rooms: TenantRooms) -> None:
        """Once aliases are resolved at start-up."""
        self._rooms[tenant] = rooms
        self._management = {
            room.management: key for key, room in self._rooms.items() if room.management
        }
