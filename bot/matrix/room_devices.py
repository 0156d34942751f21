"""Which devices of a DM partner could read the bot's last messages there.

A device is named by the Curve25519 key its Megolm sessions are bound to: a decrypted
event always carries it, while the device id of an encrypted event is unauthenticated
and newer clients leave it out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.matrix.client import HarmonieClient
from storage import RoomView, Session


def sender_key(event: Any) -> str | None:
    """The Curve25519 key of the device that sent a decrypted event; None otherwise."""
    device_key = getattr(event, "sender_key", None) if getattr(event, "decrypted", False) else None
    return device_key if isinstance(device_key, str) and device_key else None


async def unseen_device(
    session: Session, room_id: str, event: Any, now: datetime, view: RoomView | None = None
) -> bool:
    """Whether the device that sent `event` may not have read the bot's latest message in
    this room (where the current question is): it did not hold that message's room key (a
    phone logged in since), or, when the holders of that key are not known, it never wrote
    here before. A device that held the key read the question, even if it is new here:
    an agent's first answer is not met with « a new device? ». Records that it wrote.
    Always False for an unencrypted event: every device reads those. `view`: the room as
    the caller already read it (`RoomDeviceRepository.view`), to save a read."""
    device_key = sender_key(event)
    if device_key is None:
        return False
    if view is None:
        view = await session.room_devices.view(room_id, device_key)
    first = not view.wrote_before
    if first:
        await session.room_devices.record_writer(room_id, event.sender, device_key, now)
    if view.key_holders is None:
        return first
    return device_key not in view.key_holders


def key_holders(client: HarmonieClient, room_id: str) -> tuple[str, list[str]] | None:
    """In an encrypted DM, the bot's current Megolm session there and the Curve25519 keys
    of the other member's devices it was shared with; None elsewhere. Read right after a
    send, it says which devices received the key of that message."""
    room = client.rooms.get(room_id)
    if client.olm is None or room is None or not room.encrypted:
        return None
    others = [user_id for user_id in room.users if user_id != client.user_id]
    session = client.olm.outbound_group_sessions.get(room_id)
    if len(others) != 1 or session is None:
        return None
    devices = client.device_store[others[0]]
    keys = [
        devices[device_id].curve25519
        for user_id, device_id in session.users_shared_with
        if user_id == others[0] and device_id in devices
    ]
    return str(session.id), keys
