"""Where a message goes: help, silence in group rooms, and the commands declared on their
handlers (`@command`), collected once for the router and `!aide`."""

from __future__ import annotations

from collections.abc import Sequence

from bot.handlers.command import command, commands_of, declared, lowered
from bot.handlers.context import Context, Outgoing
from bot.handlers.dispatch import COMMANDS, FEATURES
from conversations.commands import Role
from conversations.formatting import Reply
from conversations.router import HELP
from tests.unit.bot.handlers.driver import (
    ADMIN,
    AGENT_COMMANDS,
    ALICE,
    ONE_CATEGORY,
    Bot,
    said,
)


class _Echo:
    """A feature of two commands, declared as the handlers declare theirs."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    @command("repeter", "repeat", Role.AGENT, french="répéter", parse=lowered)
    async def repeat(self, context: Context, args: str) -> Sequence[Outgoing]:
        self.seen.append(args)
        return [Reply(args)]

    def helper(self) -> None:  # not a command
        pass

    @command("purger", "purge", Role.ADMIN, usage="<n>", aliases=("vider",))
    async def purge(self, context: Context, args: str) -> Sequence[Outgoing]:
        return []


async def test_a_declared_command_runs_its_handler_with_its_arguments_read() -> None:
    echo = _Echo()
    repeat, purge = declared(echo)
    assert repeat.command.spelled("fr") == "!répéter" and repeat.command.help_key == "cmd.repeter"
    assert purge.command.role is Role.ADMIN and purge.command.spellings == (
        "purger",
        "purge",
        "vider",
    )
    context = Context(None, None, None, Role.AGENT, "fr")  # type: ignore[arg-type]
    assert await repeat(context, "  Bonjour ") == [Reply("bonjour")]
    assert echo.seen == ["bonjour"]


def test_the_commands_of_a_class_are_its_declarations_in_order() -> None:
    assert [c.name for c in commands_of(_Echo)] == ["repeter", "purger"]


def test_help_lists_every_command_once_in_todays_order() -> None:
    assert COMMANDS[0] is HELP
    names = [c.name for c in COMMANDS]
    assert names == [
        "aide",
        "evaluer",
        "mesreponses",
        "modifier",
        "langue",
        "relances",
        "absent",
        "rapport",
        "choix",
        "deploiement",
        "etape",
        "formation",
        "avis",
        "confidentialite",
        "mesdonnees",
        "oublier",
        "campagne",
        "essai",
    ]
    spellings = [s for c in COMMANDS for s in c.spellings]
    assert len(spellings) == len(set(spellings))


def test_every_feature_declares_at_least_one_command() -> None:
    for feature in FEATURES:
        assert commands_of(feature), feature


# --- help, and silence in group rooms ----------------------------------------------------------


async def test_help_in_a_dm_lists_the_agent_commands_but_not_the_campaign_command(
    bot: Bot,
) -> None:
    replies = await bot.say(ALICE, "!aide")

    assert len(replies) == 1
    shown = said(replies)
    assert "Commandes disponibles" in shown
    for word in AGENT_COMMANDS:
        assert word in shown
    assert "!campagne" not in shown


async def test_help_for_an_administrator_also_lists_the_campaign_command(bot: Bot) -> None:
    shown = said(await bot.say(ADMIN, "!aide"))

    assert "Pour les administrateurs" in shown
    assert "!campagne ouvrir <titre> [jusqu'au JJ/MM/AAAA] | fermer | statut" in shown
    for word in AGENT_COMMANDS:
        assert word in shown


async def test_in_a_group_room_only_help_gets_an_answer(bot: Bot) -> None:
    help_replies = await bot.say(ALICE, "!aide", direct=False)

    assert "!évaluer" in said(help_replies)
    assert "!campagne" not in said(help_replies)
    for body in ["!evaluer", "bonjour à tous", "!langue en", "!campagne ouvrir X", "!inconnu"]:
        assert await bot.say(ALICE, body, direct=False) == [], body
    assert await bot.say(ADMIN, "!campagne ouvrir Outils 2027", direct=False) == []


async def test_messages_in_a_group_room_write_nothing(bot: Bot) -> None:
    for body in ["!aide", "!evaluer", "bonjour", "!relances non"]:
        await bot.say(ALICE, body, direct=False)
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027", direct=False)

    assert await bot.agent(ALICE) is None
    assert await bot.agent(ADMIN) is None
    assert await bot.campaign() is None
    assert bot.campaigns_opened == 0


# --- which dialog owns a message that is not a command ------------------------------------------


async def test_a_yes_after_forget_is_an_answer_not_a_confirmation(campaign_bot: Bot) -> None:
    """Erasure is confirmed by the command only: a free « oui » goes to the evaluation."""
    await campaign_bot.say_all(ALICE, ["!evaluer", *ONE_CATEGORY])
    asked = said(await campaign_bot.say(ALICE, "!oublier"))
    assert "Vous allez effacer" in asked

    answer = said(await campaign_bot.say(ALICE, "oui"))

    assert "C'est fait" not in answer
    assert await campaign_bot.participation(ALICE) is not None
    agent = await campaign_bot.agent(ALICE)
    assert agent is not None
