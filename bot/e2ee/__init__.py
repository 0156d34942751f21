"""End-to-end encryption beyond matrix-nio: cross-signing, the bot's identity, room-key sharing."""
