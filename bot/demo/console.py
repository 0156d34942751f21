"""What the person running `harmonie demo` reads: one language (French), in the order things
happen, without log lines (they go to the demo's log file, named once at the start).

The demo's own sentences use plain spaces; the bot's messages are quoted as sent (with
their narrow no-break spaces).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

ROLES = {
    "admin": "administrateur",
    "manager": "encadrante",
    "agent": "vous (agent)",
    "simulated": "agent simulé",
}


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
