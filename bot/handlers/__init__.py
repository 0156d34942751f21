"""The use cases: what the bot does with one message, one module per feature."""
