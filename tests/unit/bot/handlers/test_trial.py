"""`!essai` for admins (open a pilot trial of candidate suites, follow it, close it), what
it asks the pilots (its plan, from the evaluation's needs) and the invitation a pilot
receives; with a real database and the shipped example catalogue."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.config import parse_config
from bot.wiring import conversations as build_conversations
from conversations.trial_state import load_plan
from storage import Trial
from tests.support.kit import Counter, SettableClock, readable
from tests.unit.bot.handlers.driver import (
    ADMIN,
    AGENTS,
    ALICE,
    BRUNO,
    CHLOE,
    MONDAY_MORNING,
    Bot,
    config_data,
    said,
)
from tests.unit.conftest import OpenDatabase

EXAMPLE = Path(__file__).resolve().parents[4] / "suites.example.toml"
MANAGER = "@marie:example.org"
PILOTS = [ALICE, BRUNO, CHLOE]

# Alice uses a poll tool (Doodle), and needs nothing else: the one need is « sondage ».
ONLY_POLLS = ["aucun", "non"] * 4 + ["1", "8 6 9 7", "rien"] + ["aucun", "non"] * 4 + ["valider"]


class TrialBot(Bot):
    """The handler's driver, with the pilot group the bot would see and its trials."""

    def __init__(self, *args: Any, pilots: list[str], trials_opened: Counter) -> None:
        super().__init__(*args)
        self.pilots = pilots
        self.trials_opened = trials_opened

    async def trial(self) -> Trial | None:
        async with self.db.read() as session:
            return await session.trials.latest()

    async def pilot_ids(self) -> list[int]:
        trial = await self.trial()
        assert trial is not None
        async with self.db.read() as session:
            rows = await session.trials.to_invite(trial.id)
        return [row.agent_id for row in rows]


MakeTrialBot = Callable[..., Awaitable[TrialBot]]


@pytest.fixture
async def make_trial_bot(tmp_path: Path, open_database: OpenDatabase) -> MakeTrialBot:
    async def make(
        pilots: list[str] | None = None,
        *,
        catalogue: bool = True,
        choice: dict[str, Any] | None = None,
        **organisation: Any,
    ) -> TrialBot:
        data = config_data(managers=[MANAGER], **organisation)
        data["choice"] = {"catalogue": str(EXAMPLE)} if catalogue else {}
        data["choice"] |= choice or {}
        config = parse_config(data, source="t.toml", base_dir=tmp_path, environ={})
        db = await open_database()
        clock = SettableClock(MONDAY_MORNING)
        group = list(PILOTS if pilots is None else pilots)
        opened, trials_opened = Counter(), Counter()
        conversations = build_conversations(
            config, clock, lambda: list(AGENTS), opened,
            pilots=lambda: group, trial_opened=trials_opened,
        )  # fmt: skip
        return TrialBot(db, conversations, clock, opened, pilots=group, trials_opened=trials_opened)

    return make


@pytest.fixture
async def bot(make_trial_bot: MakeTrialBot) -> TrialBot:
    return await make_trial_bot()


# --- opening a trial ---------------------------------------------------------------------------


async def test_an_admin_opens_a_trial_of_suites_named_by_key_for_the_pilot_group(
    bot: TrialBot,
) -> None:
    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha, beta"))

    assert "Essai n° 1 ouvert : Suite Alpha (fictive), Suite Bêta (fictive)." in shown
    assert "3 pilotes vont être invités" in shown
    assert "Sans date de fin : chaque pilote répondra aux questions en m'écrivant" in shown
    assert "!essai statut" in shown
    trial = await bot.trial()
    assert trial is not None
    assert (trial.suites, trial.opened_by, trial.closes_on) == (("alpha", "beta"), ADMIN, None)
    assert trial.is_open
    async with bot.db.read() as session:
        expected = sorted([(await session.agents.get(p)).id for p in PILOTS])  # type: ignore[union-attr]
    assert await bot.pilot_ids() == expected  # every pilot has a row, none invited yet
    assert bot.trials_opened.calls == 1
    assert bot.campaigns_opened == 0


async def test_suites_are_named_by_name_with_et_and_any_accents_or_case(bot: TrialBot) -> None:
    shown = said(await bot.say(ADMIN, "!essai ouvrir SUITE BETA et suite Alpha (fictive), gamma"))

    assert "Essai n° 1 ouvert : Suite Bêta (fictive), Suite Alpha (fictive), Suite Gamma" in shown
    trial = await bot.trial()
    assert trial is not None and trial.suites == ("beta", "alpha", "gamma")


async def test_a_suite_named_twice_is_tried_once(bot: TrialBot) -> None:
    await bot.say(ADMIN, "!essai ouvrir alpha, Suite Alpha et beta")

    trial = await bot.trial()
    assert trial is not None and trial.suites == ("alpha", "beta")


async def test_an_end_date_is_stored_and_says_when_the_questions_go_out(bot: TrialBot) -> None:
    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha, beta jusqu'au 29/01/2027"))

    trial = await bot.trial()
    assert trial is not None
    assert (trial.suites, trial.closes_on) == (("alpha", "beta"), date(2027, 1, 29))
    # Friday 29 January: three working days before is Tuesday 26 January.
    assert "Il se termine le 29/01/2027 : les questions partiront le 26/01/2027" in shown


async def test_a_typo_names_the_closest_suite_and_the_catalogue_and_opens_nothing(
    bot: TrialBot,
) -> None:
    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha, betta"))

    assert "Je ne connais pas la suite « betta » : je n'ai pas ouvert l'essai." in shown
    assert "Vouliez-vous dire beta ?" in shown
    assert (
        "Suites du catalogue : alpha (Suite Alpha (fictive)), beta (Suite Bêta (fictive)), "
        "gamma (Suite Gamma (fictive))." in shown
    )
    assert await bot.trial() is None
    assert await bot.agent(ALICE) is None  # no pilot row, no agent row either
    assert bot.trials_opened.calls == 0


async def test_an_unknown_suite_after_et_is_named_alone(bot: TrialBot) -> None:
    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha et zzz"))

    assert "Je ne connais pas la suite « zzz »" in shown
    assert "Vouliez-vous dire" not in shown
    assert await bot.trial() is None


async def test_without_a_catalogue_the_admin_is_told_which_key_to_set(
    make_trial_bot: MakeTrialBot,
) -> None:
    bot = await make_trial_bot(catalogue=False)

    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha, beta"))

    assert "Aucun catalogue de suites candidates n'est configuré" in shown
    assert "section [choice] de la configuration, clé catalogue" in shown
    assert await bot.trial() is None and bot.trials_opened.calls == 0


async def test_without_a_pilot_group_the_admin_is_told_which_keys_to_set(
    make_trial_bot: MakeTrialBot,
) -> None:
    bot = await make_trial_bot(pilots=[])

    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha, beta"))

    assert "Aucun groupe pilote n'est configuré" in shown
    assert "clé pilots" in shown and "pilots_room" in shown
    assert await bot.trial() is None and bot.trials_opened.calls == 0


async def test_a_pilots_room_with_no_member_is_said_so(make_trial_bot: MakeTrialBot) -> None:
    bot = await make_trial_bot(pilots=[], choice={"pilots_room": "!pilotes:example.org"})

    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha"))

    assert "Je ne vois aucun membre dans le salon des pilotes (clé pilots_room" in shown
    assert await bot.trial() is None


async def test_a_second_trial_is_refused_while_one_is_open(bot: TrialBot) -> None:
    await bot.say(ADMIN, "!essai ouvrir alpha, beta")

    shown = said(await bot.say(ADMIN, "!essai ouvrir gamma"))

    assert "L'essai n° 1 (Suite Alpha (fictive), Suite Bêta (fictive)) est déjà ouvert" in shown
    assert "!essai fermer" in shown
    trial = await bot.trial()
    assert trial is not None and (trial.id, trial.suites) == (1, ("alpha", "beta"))
    assert bot.trials_opened.calls == 1


@pytest.mark.parametrize(
    ("body", "explanation"),
    [
        (
            "!essai ouvrir alpha, beta jusqu'au 15/11/2026",
            "La date de fin de l'essai ne peut pas être passée (15/11/2026).",
        ),
        ("!essai ouvrir alpha jusqu'au demain", "Je n'ai pas compris la date de fin"),
        ("!essai ouvrir alpha jusqu'au 31/02/2027", "Le 31/02/2027 n'existe pas"),
        ("!essai ouvrir jusqu'au 31/01/2027", "Utilisation : !essai ouvrir <suite>, <suite>"),
        ("!essai ouvrir", "Utilisation : !essai ouvrir"),
        ("!essai", "Utilisation : !essai ouvrir"),
    ],
)
async def test_a_wrong_date_or_no_suite_opens_nothing_and_says_why(
    bot: TrialBot, body: str, explanation: str
) -> None:
    shown = said(await bot.say(ADMIN, body))

    assert explanation in shown
    assert await bot.trial() is None and bot.trials_opened.calls == 0


@pytest.mark.parametrize("who", [ALICE, MANAGER])
async def test_an_agent_or_a_manager_may_not_open_follow_or_close_a_trial(
    bot: TrialBot, who: str
) -> None:
    for body in ["!essai ouvrir alpha, beta", "!essai statut", "!essai fermer"]:
        shown = said(await bot.say(who, body))
        assert "la commande !essai est réservée aux administrateurs" in shown, body
    assert await bot.trial() is None and bot.trials_opened.calls == 0


async def test_the_help_lists_the_trial_command_for_admins_only(bot: TrialBot) -> None:
    assert "!essai ouvrir <suite>, <suite>[, …] [jusqu'au JJ/MM/AAAA] | statut | fermer" in said(
        await bot.say(ADMIN, "!aide")
    )
    assert "!essai" not in said(await bot.say(MANAGER, "!aide"))


# --- what the pilots are asked: the evaluation's needs ------------------------------------------


async def test_without_a_closed_evaluation_every_category_each_suite_covers_is_asked(
    bot: TrialBot,
) -> None:
    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha, gamma"))

    assert "Aucune campagne close ne dit les besoins" in shown
    plan = await plan_of(bot)
    alpha, gamma = plan.suites
    assert len(alpha.modules) == 9
    assert [(m.category, m.module) for m in gamma.modules] == [
        ("visioconference", "Gamma Video"),
        ("messagerie", "Gamma Chat"),
        ("agenda", "Gamma Calendar"),
        ("gestion_projet", "Gamma Boards"),
        ("ged", "Gamma Files"),
    ]


async def test_the_needs_of_the_last_closed_evaluation_are_what_is_asked(bot: TrialBot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await bot.say_all(ALICE, ["!evaluer", *ONLY_POLLS])
    await bot.say(ADMIN, "!campagne fermer")

    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha, gamma"))

    assert "besoins relevés par la campagne n° 1 « Outils 2027 » : sondage." in shown
    # Gamma has no poll module: the pilots can only comment on it, and the admin hears of it.
    assert "Attention : Suite Gamma (fictive) ne couvre aucun de ces besoins" in shown
    plan = await plan_of(bot)
    assert [(s.key, [(m.category, m.module) for m in s.modules]) for s in plan.suites] == [
        ("alpha", [("sondage", "Alpha Formulaires")]),
        ("gamma", []),
    ]
    assert plan.closes_on is None


async def test_an_evaluation_still_open_does_not_give_the_needs(bot: TrialBot) -> None:
    await bot.say(ADMIN, "!campagne ouvrir Outils 2027")
    await bot.say_all(ALICE, ["!evaluer", *ONLY_POLLS])

    shown = said(await bot.say(ADMIN, "!essai ouvrir alpha"))

    assert "Aucune campagne close ne dit les besoins" in shown
    assert len((await plan_of(bot)).suites[0].modules) == 9


async def plan_of(bot: TrialBot) -> Any:
    trial = await bot.trial()
    assert trial is not None
    return load_plan(trial.plan)  # fixed when the trial opened


# --- following and closing -----------------------------------------------------------------------


async def progress(bot: TrialBot) -> None:
    """Alice and Bruno invited and begun; Bruno finished; Chloé not invited yet."""
    trial = await bot.trial()
    assert trial is not None
    now = bot.clock.now()
    async with bot.db.transaction() as session:
        for user_id in (ALICE, BRUNO):
            agent = await session.agents.get(user_id)
            assert agent is not None
            await session.trials.mark_invited(trial.id, agent.id, f"!dm-{agent.id}:x", now)
            finished = user_id == BRUNO
            await session.trials.save_state(trial.id, agent.id, "{}", finished=finished, now=now)


async def test_status_gives_counts_and_the_end_date_never_names(
    make_trial_bot: MakeTrialBot,
) -> None:
    bot = await make_trial_bot(anonymity_threshold=2)
    await bot.say(ADMIN, "!essai ouvrir alpha, beta jusqu'au 29/01/2027")
    await progress(bot)

    shown = said(await bot.say(ADMIN, "!essai statut"))

    assert "Essai n° 1 (ouvert) : Suite Alpha (fictive), Suite Bêta (fictive)" in shown
    assert "3 pilotes, dont 2 invités : 2 ont commencé à répondre, 1 a terminé." in shown
    assert "Fin de l'essai : le 29/01/2027." in shown
    for person in ("alice", "bruno", "chloe", "@"):
        assert person not in shown.lower()


async def test_status_withholds_who_began_in_a_group_under_the_threshold(bot: TrialBot) -> None:
    await bot.say(ADMIN, "!essai ouvrir alpha")
    await progress(bot)

    shown = said(await bot.say(ADMIN, "!essai statut"))

    assert "3 pilotes, dont 2 invités : moins de 5 ont commencé à répondre, moins de 5 ont" in (
        shown
    )
    assert "Pas de date de fin." in shown


async def test_status_before_any_trial_says_there_is_none(bot: TrialBot) -> None:
    assert "Aucun essai n'a encore été ouvert." in said(await bot.say(ADMIN, "!essai statut"))


async def test_closing_gives_the_counts_and_the_report_to_read(
    make_trial_bot: MakeTrialBot,
) -> None:
    bot = await make_trial_bot(anonymity_threshold=2)
    await bot.say(ADMIN, "!essai ouvrir alpha, beta")
    await progress(bot)

    shown = said(await bot.say(ADMIN, "!essai fermer"))

    assert "Essai n° 1 fermé (Suite Alpha (fictive), Suite Bêta (fictive)) : 1 pilote a " in shown
    assert "terminé sur 3. Le rapport et la recommandation : !rapport choix." in shown
    trial = await bot.trial()
    assert trial is not None and not trial.is_open
    assert "Essai n° 1 (clos)" in said(await bot.say(ADMIN, "!essai statut"))
    assert "Aucun essai n'est ouvert." in said(await bot.say(ADMIN, "!essai fermer"))
    # Closed, a new one may open.
    assert "Essai n° 2 ouvert" in said(await bot.say(ADMIN, "!essai ouvrir gamma"))


async def test_the_english_command_words_work_too(bot: TrialBot) -> None:
    await bot.say(ADMIN, "!trial open alpha and beta until 2027-01-29")
    trial = await bot.trial()
    assert trial is not None and trial.suites == ("alpha", "beta")
    assert trial.closes_on == date(2027, 1, 29)
    assert "(ouvert)" in said(await bot.say(ADMIN, "!essai status"))
    await bot.say(ADMIN, "!trial close")
    trial = await bot.trial()
    assert trial is not None and not trial.is_open


# --- the invitation ------------------------------------------------------------------------------


async def invitation(bot: TrialBot, user_id: str) -> str:
    trial = await bot.trial()
    assert trial is not None
    async with bot.db.transaction() as session:
        agent = await session.agents.get(user_id)
        assert agent is not None
        return readable(
            "\n".join(r.plain for r in await bot.conversations.trials.invite(session, trial, agent))
        )


async def test_the_invitation_says_where_to_try_each_suite_and_when_questions_come(
    bot: TrialBot,
) -> None:
    await bot.say(ADMIN, "!essai ouvrir alpha, beta jusqu'au 29/01/2027")

    shown = await invitation(bot, ALICE)

    assert "Où et comment les essayer :" in shown
    assert "• Suite Alpha (fictive) : https://essai.alpha.example — compte créé par la DSI" in (
        shown
    )
    assert "• Suite Bêta (fictive) : https://essai.beta.example" in shown
    assert "L'essai dure jusqu'au 29/01/2027." in shown  # the dialog's own introduction
    assert (
        "Quelques jours avant la fin de l'essai, le 26/01/2027, je vous écrirai ici pour vous "
        "poser mes questions sur chacune." in shown
    )


async def test_without_an_end_date_the_invitation_asks_the_pilot_to_write_once_done(
    bot: TrialBot,
) -> None:
    await bot.say(ADMIN, "!essai ouvrir gamma")

    shown = await invitation(bot, BRUNO)

    assert "• Suite Gamma (fictive) : https://trial.gamma.example" in shown
    assert "Quand vous les aurez essayées, écrivez-moi ici" in shown
    assert "Quelques jours avant" not in shown and "L'essai dure" not in shown


async def test_a_pilot_who_chose_english_is_invited_in_english(bot: TrialBot) -> None:
    await bot.say(CHLOE, "!langue en")
    await bot.say(ADMIN, "!essai ouvrir alpha")

    shown = await invitation(bot, CHLOE)

    assert "Where and how to try them:" in shown
    assert "Once you have tried them, write to me here" in shown
