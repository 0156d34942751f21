"""The Matrix adapter: the sync loop, the client, reading events, the outbox sender,
delivery to a person, and direct rooms."""
