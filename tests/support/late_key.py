"""A client that sends a message before its room key (or never sends the key): what a slow
or broken client does to the bot. Test-only, so it lives here and not in the demo."""

from __future__ import annotations

import asyncio
import uuid

from nio import Api, RoomSendResponse

from bot.demo.simulated import SimulatedAgent, SimulatedAgentError


async def send_with_late_key(
    agent: SimulatedAgent, room_id: str, body: str, key_after: float | None
) -> str:
    """Send a message in a new Megolm session whose key goes out `key_after` seconds
    later (or never): what a slow or broken client does to the bot."""
    olm = agent.client.olm
    assert olm is not None
    olm.outbound_group_sessions.pop(room_id, None)
    olm.create_outbound_group_session(room_id)
    session = olm.outbound_group_sessions[room_id]
    # A key shared later must still open this message (index 0): freeze the exported
    # key at its current ratchet position before encrypting.
    first_key = session.session_key
    session.__class__ = type(
        "LateKeySession", (type(session),), {"session_key": property(lambda _: first_key)}
    )
    session.shared = True  # let nio encrypt before any key was sent
    payload = olm.group_encrypt(
        room_id, {"type": "m.room.message", "content": {"msgtype": "m.text", "body": body}}
    )
    session.shared = False
    method, path, data = Api.room_send(
        agent.client.access_token, room_id, "m.room.encrypted", payload, str(uuid.uuid4())
    )
    answer = await agent.client._send(RoomSendResponse, method, path, data, (room_id,))
    if not isinstance(answer, RoomSendResponse):
        raise SimulatedAgentError(f"{agent.user_id} could not send: {answer}")
    if key_after is not None:
        await asyncio.sleep(key_after)
        await agent.client.share_group_session(room_id, ignore_unverified_devices=True)
    return str(answer.event_id)
