"""`!rapport choix` through the message handler, with a real database: the pilots' figures
once the trial is closed and only for groups large enough, the files, and who may read it."""

from __future__ import annotations

import csv
import io
from typing import Any

from conversations.formatting import Attachment
from tests.unit.bot.handlers.driver import ADMIN, ALICE, said
from tests.unit.bot.handlers.test_choice import FIVE, MARIE, PLAN, Choosing
from tests.unit.bot.handlers.test_choice import make_bot as make_bot  # noqa: F401 (fixture)

# (simplicité, efficacité, sécurité perçue) of each pilot, on Alpha's visioconference.
ALPHA = [(8, 7, 9), (7, 7, 8), (9, 8, 9), (6, 7, 7), (8, 6, 8)]


async def trial_answered(bot: Choosing, pilots: list[str], *, close: bool = True) -> int:
    """A trial of Alpha and Bêta; each pilot rated Alpha's visio, none tried Bêta."""
    now = bot.clock.now()
    async with bot.db.transaction() as session:
        trial = await session.trials.open(["alpha", "beta"], ADMIN, None, now, plan=PLAN)
        for user_id, marks in zip(pilots, ALPHA, strict=False):
            agent = await session.agents.get_or_create(user_id, now)
            await session.trials.ensure_pilot(trial.id, agent.id)
            await session.trials.mark_invited(trial.id, agent.id, f"!dm-{agent.id}:x", now)
            rows = list(zip(["visioconference"] * 3, ["simplicite", "efficacite", "securite"],
                            marks, strict=True))  # fmt: skip
            await session.trials.save_suite(trial.id, agent.id, "alpha", rows, None, now)
        if close:
            await session.trials.close(trial.id, now)
    return trial.id


async def test_a_closed_trial_shows_the_pilots_figures_and_the_recommendation(
    make_bot: Any,
) -> None:
    bot = await (await make_bot()).answered()
    await trial_answered(bot, FIVE)

    shown = said(await bot.say(MARIE, "!rapport choix"))

    assert shown.startswith("Choix de la suite — essai n° 1")
    assert "Suite recommandée : Suite Alpha (fictive)" in shown
    assert "prise en main 7,6/10 par 5 pilotes" in shown  # (8 + 7 + 9 + 6 + 8) / 5
    assert "Suite Gamma" not in shown  # not on trial


async def test_an_open_trial_keeps_its_figures_for_its_close(make_bot: Any) -> None:
    bot = await (await make_bot()).answered()
    await trial_answered(bot, FIVE, close=False)

    shown = said(await bot.say(MARIE, "!rapport choix"))

    assert "Essai n° 1 en cours : les avis des pilotes paraîtront à sa clôture" in shown
    assert "7,6" not in shown and "par 5 pilotes" not in shown


async def test_a_pilot_group_under_the_threshold_shows_no_figure(make_bot: Any) -> None:
    bot = await (await make_bot()).answered()
    await trial_answered(bot, FIVE[:4])  # four pilots, the threshold is five

    shown = said(await bot.say(MARIE, "!rapport choix"))

    assert "par 4 pilotes" not in shown
    assert not any(figure in shown for figure in ("7,5/10", "7,0/10", "8,5/10"))


async def test_the_files_and_who_may_read_them(make_bot: Any) -> None:
    bot = await (await make_bot()).answered()
    await trial_answered(bot, FIVE)

    [table] = await bot.say(MARIE, "!rapport choix csv")
    [chart] = await bot.say(MARIE, "!rapport choix graphique")
    [sheet] = await bot.say(MARIE, "!rapport choix ods")
    wrong = said(await bot.say(MARIE, "!rapport choix pdf"))
    agent = said(await bot.say(ALICE, "!rapport choix"))

    assert isinstance(table, Attachment) and table.filename == "rapport-choix-1.csv"
    rows = list(csv.reader(io.StringIO(table.data.decode("utf-8-sig")), delimiter=";"))
    assert any(row and row[0] == "Suite Alpha (fictive)" for row in rows)
    assert isinstance(chart, Attachment) and chart.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert isinstance(sheet, Attachment) and sheet.data[:2] == b"PK"
    assert wrong == "Utilisation : !rapport choix [csv | ods | graphique]"
    assert "réservée aux encadrants" in agent
