"""Direct rooms: created encrypted, and recorded in `m.direct` without losing other entries."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote

from nio import AsyncClient, RoomCreateError, RoomCreateResponse, RoomPreset

log = logging.getLogger(__name__)


class DirectRoomError(RuntimeError):
    """A direct room could not be created; the message names the homeserver's error."""


async def create_direct_room(client: AsyncClient, user_id: str, *, encrypted: bool = True) -> str:
    """A new DM with `user_id`, end-to-end encrypted from its first event."""
    initial_state = []
    if encrypted:
        initial_state.append(
            {
                "type": "m.room.encryption",
                "state_key": "",
                "content": {"algorithm": "m.megolm.v1.aes-sha2"},
            }
        )
    response = await client.room_create(
        is_direct=True,
        preset=RoomPreset.trusted_private_chat,
        invite=[user_id],
        initial_state=initial_state,
    )
    if isinstance(response, RoomCreateError) or not isinstance(response, RoomCreateResponse):
        raise DirectRoomError(f"room creation refused: {getattr(response, 'status_code', '')}")
    room_id: str = response.room_id
    await mark_direct(client, user_id, room_id)
    return room_id


async def mark_direct(client: AsyncClient, user_id: str, room_id: str) -> None:
    """Add the room to our `m.direct` account data: read, merge, write back, never overwrite."""
    path = f"/_matrix/client/v3/user/{quote(client.user_id)}/account_data/m.direct"
    current = await _get_json(client, path)
    rooms = current.get(user_id)
    rooms = list(rooms) if isinstance(rooms, list) else []
    if room_id in rooms:
        return
    current[user_id] = [*rooms, room_id]
    response = await client.send("PUT", path, json.dumps(current), headers=_headers(client))
    async with response:
        if response.status != 200:
            log.warning("could not update m.direct (HTTP %s)", response.status)


async def _get_json(client: AsyncClient, path: str) -> dict[str, Any]:
    response = await client.send("GET", path, headers=_headers(client))
    async with response:
        if response.status == 404:
            return {}
        if response.status != 200:
            log.warning("could not read m.direct (HTTP %s)", response.status)
            return {}
        body = await response.json()
    return body if isinstance(body, dict) else {}


def _headers(client: AsyncClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {client.access_token}", "Content-Type": "application/json"}


def existing_direct_room(client: AsyncClient, user_id: str) -> str | None:
    """A room holding just the bot and this user (joined or invited), if one exists:
    after a crash between creating a DM and recording it, it is reused, not made twice."""
    wanted = {client.user_id, user_id}
    for room_id, room in client.rooms.items():
        if set(room.users) == wanted:
            return str(room_id)
    return None
