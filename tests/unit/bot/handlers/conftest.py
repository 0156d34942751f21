"""The handler tests' fixtures (a module that defines its own of the same name uses that)."""

from tests.unit.bot.handlers.driver import bot, campaign_bot, make_bot

__all__ = ["bot", "campaign_bot", "make_bot"]
