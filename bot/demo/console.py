"""What the person running `harmonie demo` reads: one language (French), in the order things
happen, without log lines (they go to the demo's log file, named once at the start).

The demo's own sentences use plain spaces; the bot's messages are quoted as sent (with
their narrow no-break spaces).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

ROLES = {
    "admin": "administrateur",
    "manager": "encadrante",
    "agent": "vous (agent)",
    "simulated": "agent simulé",
}

WIDTH = 92  # of the demo's own lines that quote the bot
_LABEL = re.compile(r"^[^:]*?\s:\s")  # « Besoin : » before a table's value


@dataclass(frozen=True)
class DemoAccount:
    role: str  # a key of ROLES
    user_id: str
    password: str


class DemoConsole:
    """The demo's story, told on `out` as it happens (by default whatever `sys.stdout` is
    when a line is told)."""

    def __init__(self, out: TextIO | None = None) -> None:
        self._out = out

    def say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    def starting(self, url: str, log: Path, server_log: Path) -> None:
        self.say(
            f"Démarrage d'un serveur Matrix local (Synapse) sur {url} …\n"
            f"(Journaux techniques : {log} pour le bot, {server_log} pour le serveur.)"
        )

    def accounts(self, accounts: list[DemoAccount], url: str, summary: Path) -> None:
        """Every demo account, and the watcher's invitation to log in now or later."""
        width = max(len(a.user_id) for a in accounts)
        rows = "\n".join(
            f"  {ROLES[a.role]:<14} {a.user_id:<{width}}  {a.password}" for a in accounts
        )
        watcher = next(a for a in accounts if a.role == "agent")
        self.say(
            f"""
Serveur prêt. Comptes de démonstration (aussi dans {summary}) :
  {"rôle":<14} {"identifiant":<{width}}  mot de passe
{rows}

Votre compte d'agent : {watcher.user_id} (mot de passe {watcher.password}),
sur {url}. Connectez-vous dès maintenant avec un client Matrix, ou à la fin
de la démonstration : l'invitation du bot vous parviendra dans les deux cas.
"""
        )

    def bot_starting(self, bot_id: str) -> None:
        self.say(f"Démarrage du bot {bot_id} (connexion, chiffrement de bout en bout) …")

    def ready(self, recovery_key: Path | None) -> None:
        """The bot answers; in production its new recovery key is the one thing to act on."""
        self.say("Harmonie est prêt.")
        if recovery_key is not None:
            self.say(
                "  Le bot a créé son identité vérifiée (signature croisée). Sa clé de\n"
                f"  récupération est dans {recovery_key} :\n"
                "  jetable pour la démonstration ; en production, copiez-la en lieu sûr\n"
                "  (coffre-fort de mots de passe de la DSI), puis supprimez le fichier."
            )

    def self_check(self, help_reply: str) -> None:
        first_line = help_reply.splitlines()[0] if help_reply else ""
        self.say(
            "\nAuto-test : l'administrateur écrit « !aide » en conversation chiffrée.\n"
            f"  Réponse du bot : « {first_line} … »"
        )

    def campaign_opens(self, name: str, agents: int) -> None:
        self.say(
            f"\nL'administrateur ouvre la campagne d'évaluation « {name} » : le bot invite\n"
            f"les agents, dont {agents} agents simulés qui répondent à tout le questionnaire …"
        )

    def agent_done(self, name: str, messages: int) -> None:
        self.say(f"  {name} a terminé son évaluation ({messages} messages).")

    def status(self, status: str) -> None:
        lines = "\n".join(f"  {line}" for line in status.splitlines())
        heading = "\nÉtat de la campagne, vu par l'administrateur (« !campagne statut ») :"
        self.say(f"{heading}\n{lines}")

    def report(self, report: str, threshold: int, config: Path) -> None:
        self.say(
            f"""
Le rapport, tel qu'un encadrant le reçoit avec « !rapport » (seuil d'anonymat abaissé à
{threshold} pour la démonstration ; 5 par défaut) :

{report}

Hors ligne, depuis la base : harmonie report --config {config} --format md
(aussi --format csv, ods ou png avec --output FICHIER)."""
        )

    # --- phase 2, « choisir » (bot.demo.choice)

    def choice_begins(self, catalogue: Path) -> None:
        self.say(
            "\nPhase 2, « choisir » : des besoins relevés par l'évaluation à la suite retenue.\n"
            f"Les suites candidates, fictives, sont décrites dans {catalogue}\n"
            "(une copie de suites.example.toml, le format d'un catalogue : lisez-la)."
        )

    def campaign_closes(self, reply: str) -> None:
        self.say(
            "\nL'administrateur clôt l'évaluation (« !campagne fermer ») : ses résultats sont\n"
            f"définitifs, la phase 2 part de là.\n{quoted(reply)}"
        )

    def needs(self, reply: str) -> None:
        """Each need in a short line: the category, in use or wanted, today's best tool
        and its score (the bot's table, its labels said once)."""
        needs = [_values(line, 3) for line in bullets(reply)]
        rows = "\n".join(wrapped(line) for line in needs)
        self.say(
            f"\nL'encadrante écrit « !choix besoins » : {len(needs)} besoins (catégorie — besoin\n"
            f"· meilleur outil actuel · sa note, la barre qu'une suite doit franchir) :\n{rows}"
        )

    def comparison(self, reply: str) -> None:
        """Each suite: the needs it covers, its yearly cost."""
        rows = []
        for line in bullets(reply):
            name, _, rest = line.partition(" — ")
            fields = rest.split(" · ")
            kept = [f for f in fields if f.startswith(("Besoins couverts", "Coût annuel"))]
            rows.append(wrapped(f"{name} — {' · '.join(kept)}"))
        self.say(
            "\nL'encadrante compare les suites candidates aux besoins (« !choix comparer ») :\n"
            + "\n".join(rows)
        )

    def trial_opens(self, command: str, reply: str) -> None:
        self.say(f"\nL'administrateur ouvre un essai pilote : « {command} »\n{quoted(reply)}")

    def pilots_answer(self, simulated: int, watcher: str) -> None:
        self.say(
            f"""
Le bot invite chaque pilote en conversation chiffrée. Les {simulated} agents simulés essaient
les suites, puis écrivent au bot, qui leur pose ses questions : les modules essayés, trois
notes par module (simplicité de prise en main, efficacité, sécurité perçue), un commentaire.
Vous ({watcher}) faites aussi partie du groupe pilote : l'invitation de l'essai
vous attend dans votre conversation avec le bot. Ici, l'essai ferme dès que les agents
simulés ont répondu, dans quelques secondes : trop tôt, sans doute, pour que vous
répondiez ; la fin de la démonstration dit comment le faire.
Le premier pilote, en détail :"""
        )

    def pilot_says(self, name: str, message: str, answer: str) -> None:
        """One exchange on one line: what the pilot wrote, the gist of the bot's answer."""
        self.say(_short(f"  {name} « {message} » → {answer}"))

    def pilot_done(self, name: str, messages: int) -> None:
        self.say(f"  {name} a répondu au questionnaire de l'essai ({messages} messages).")

    def trial_status(self, reply: str) -> None:
        self.say(f"\nL'administrateur suit l'essai (« !essai statut ») :\n{quoted(reply)}")

    def trial_closed(self, reply: str) -> None:
        self.say(f"L'administrateur ferme l'essai (« !essai fermer ») :\n{quoted(reply)}")

    def recommendation(self, line: str, config: Path) -> None:
        self.say(
            f"""
La recommandation, telle que l'encadrante la lit dans « !rapport choix » (aussi csv, ods
ou graphique) :
{quoted(line)}
Hors ligne, depuis la base : harmonie report --config {config} --choice"""
        )

    def decision(self, command: str, reply: str) -> None:
        self.say(
            "\nL'administrateur retient une suite, avec son motif :\n"
            f"  « {command} »\n{quoted(reply)}"
        )

    def trend(self, trend: str) -> None:
        self.say(
            f"""
Les retours des agents, tels qu'un encadrant les reçoit avec « !rapport retours »
(aussi « !rapport retours csv » ou « ods ») :

{trend}"""
        )

    def next_steps(self, url: str, watcher: DemoAccount) -> None:
        """What to do now: try it by hand, as an agent."""
        self.say(
            f"""
À vous ! Ouvrez un client Matrix (Element Desktop, nheko…), choisissez le serveur
{url} et connectez-vous avec {watcher.user_id} (mot de passe {watcher.password}).
Acceptez l'invitation du bot : son message, la notice de confidentialité et la première
question s'affichent. Votre client, connecté après l'envoi, demande au bot les clés de
ces messages chiffrés et le bot les lui donne ; si l'un d'eux reste illisible
(« clé manquante »), écrivez « Bonjour » : le bot vous renvoie la question en cours.
Répondez ensuite comme un agent, comme vous en avez l'habitude (« je dirais 8 »,
« Tchap et WhatsApp », « RAS »). Astuce : une catégorie en un message, l'outil, ses
quatre notes et un problème éventuel, par exemple « Teams 8 6 9 7 RAS ».

Ctrl-C pour tout arrêter."""
        )

    def next_steps_after_choice(
        self,
        url: str,
        watcher: DemoAccount,
        admin: DemoAccount,
        manager: DemoAccount,
        suite: str,
        trial_command: str,
        *,
        rollout: bool,
    ) -> None:
        """What to do now, once the evaluation and the trial are closed: read phase 2 as the
        manager, and see a trial's questionnaire from inside by opening another one."""
        if rollout:
            waiting = (
                f"Un questionnaire de retours sur {suite} vous y attend : répondez-y comme les\n"
                "agents (« 8 6 9 7 », puis une idée ou « rien »)."
            )
            then = ", une fois vos retours donnés"
        else:
            waiting = "Écrivez-lui : il vous répondra que la campagne d'évaluation est close."
            then = ""
        self.say(
            f"""
À vous ! Ouvrez un client Matrix (Element Desktop, nheko…), choisissez le serveur
{url} et connectez-vous avec {watcher.user_id} (mot de passe {watcher.password}).
Votre conversation avec le bot garde les invitations de l'évaluation et de l'essai, closes.
{waiting}
Pour répondre vous-même au questionnaire d'un essai{then} : connectez-vous en
administrateur ({admin.user_id}, mot de passe {admin.password}), écrivez au bot
« {trial_command} », puis, revenu sur votre compte, écrivez « Bonjour ».
En encadrante ({manager.user_id}, mot de passe {manager.password}) :
« !rapport choix » pour le rapport complet, « !choix » pour la décision.

Ctrl-C pour tout arrêter."""
        )

    def failed(self, error: BaseException, log: Path) -> None:
        """An unexpected error: its kind here, the traceback in the log, for a bug report."""
        self.say(
            f"\nLa démonstration s'arrête sur une erreur inattendue ({type(error).__name__}).\n"
            f"Le détail est dans {log} : joignez ce fichier si vous signalez le problème."
        )

    def stopping(self) -> None:
        self.say("\nArrêt du bot …")

    def stopped(self) -> None:
        self.say("Serveur arrêté. À bientôt !")


def bullets(reply: str) -> list[str]:
    """The rows of a table in a bot's message (« • … »), without their bullet."""
    return [line[2:] for line in reply.splitlines() if line.startswith("• ")]


def _values(row: str, count: int) -> str:
    """A table row cut to the values of its first `count` fields, without their labels
    (« a — B : b · C : c · D : d » → « a — b · c »)."""
    name, _, rest = row.partition(" — ")
    values = [_LABEL.sub("", field, count=1) for field in rest.split(" · ")[:count]]
    return f"{name} — {' · '.join(values)}"


def quoted(reply: str) -> str:
    """A bot's message, indented, its long lines wrapped."""
    return "\n".join(wrapped(line) for line in reply.splitlines() if line.strip())


def wrapped(line: str) -> str:
    """A long line over several, indented (never broken at a narrow no-break space)."""
    return textwrap.fill(line, WIDTH, initial_indent="  ", subsequent_indent="    ",
                         break_long_words=False, break_on_hyphens=False)  # fmt: skip


def _short(line: str) -> str:
    return line if len(line) <= WIDTH else line[: WIDTH - 1] + "…"
