"""What the person running `harmonie demo --structure` reads (French, in the order things
happen), and the bot's long answers cut to what tells the story: a commune's report to its
ranking and participation, the staff's comparison to each commune's score and rank."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.demo.console import ROLES, DemoAccount, DemoConsole, bullets, quoted, wrapped
from conversations.texts import Named, text
from scoring.benchmark_render import WITHHELD

if TYPE_CHECKING:
    from bot.demo.structure import People

STAFF_ROLE = "vous (équipe)"
_BY_COMMUNE = " — PAR COMMUNE"  # the title of the staff's table of communes, upper-cased


class StructureConsole(DemoConsole):
    """The structure's story; the stage's own lines (start, stop) are `DemoConsole`'s."""

    def structure_accounts(
        self,
        structure: str,
        staff: DemoAccount,
        communes: Sequence[tuple[str, People]],
        url: str,
        summary: Path,
    ) -> None:
        """The staff's account, then each commune's: its administrator, its manager and its
        simulated agents in one line (their passwords are in the summary)."""
        width = max(len(p.manager.user_id) for _, p in communes)
        rows = [
            f"  {structure}",
            f"    {STAFF_ROLE:<15} {staff.user_id:<{width}}  {staff.password}",
        ]
        for name, people in communes:
            rows.append(f"  {name}")
            rows += [f"    {ROLES[a.role]:<15} {a.user_id:<{width}}  {a.password}"
                     for a in (people.admin, people.manager)]  # fmt: skip
            if people.agents:
                first, last = people.agents[0].user_id, people.agents[-1].user_id
                rows.append(f"    {'agents simulés':<15} {first} … {last.split(':')[0]}")
        self.say(
            f"""
Serveur prêt. Comptes de démonstration (mots de passe de tous dans {summary}) :
{chr(10).join(rows)}

Votre compte, dans l'équipe {Named.of(structure).french("de")} : {staff.user_id}
(mot de passe {staff.password}), sur {url}. La démonstration s'en sert pour lire
le comparatif des communes ; connectez-vous avec un client Matrix quand vous voulez."""
        )

    def configuration(self, path: Path, communes: int, threshold: int, anonymity: int) -> None:
        self.say(
            f"""
Configuration de la structure, ses choix expliqués en commentaires : {path}
(« harmonie check-config --config {path} » la vérifie).
  Un seul bot, un seul processus et une base SQLite servent les {communes} communes, chacune
  avec ses administrateurs, ses encadrants, ses agents et son calendrier
  (Hohwiller-sur-Moder est en Alsace-Moselle). Une structure qui sert beaucoup de communes
  peut les répartir entre plusieurs processus du bot sur une base PostgreSQL ([storage] url,
  voir docs/deployment.md) : ce n'est pas montré ici, c'est testé par
  tests/integration/test_structure.py.
  benchmark_threshold = {threshold} : une note n'est comparée que si au moins {threshold} communes
  l'ont, et un encadrant ne voit la position de sa commune que face à au moins {threshold} autres.
  Le défaut, 5, demanderait cinq communes (six pour la position d'une commune) : trois
  communes ne l'atteignent pas.
  Seuil d'anonymat de chaque commune abaissé à {anonymity} pour la démonstration (5 par défaut).
"""
        )

    def campaigns_open(self, title: str, communes: Sequence[str], agents: int) -> None:
        self.say(
            f"""
Les {len(communes)} communes évaluent leurs outils en même temps. L'administrateur de chacune
écrit au bot, en conversation chiffrée, « !campagne ouvrir {title} » ;
le bot invite les {agents} agents simulés de la commune. Chaque commune a équipé ses agents de ses
propres outils, qu'ils notent à leur façon …"""
        )

    def reports_read(self) -> None:
        self.say(
            "\nChaque administrateur clôt sa campagne (« !campagne fermer ») ; l'encadrante de\n"
            "chaque commune lit son rapport (« !rapport »), ce qui en fige les résultats et les\n"
            "notes que la comparaison lira. Extrait : le classement et la participation."
        )

    def commune_report(self, name: str, report: str) -> None:
        lines = [*ranking(report), participation(report)]
        self.say(f"\n{name} — « !rapport », vu par son encadrante :\n{quoted(chr(10).join(lines))}")

    def positions_read(self, others: int) -> None:
        self.say(
            "\nChaque encadrante demande « !rapport comparaison » : la note de sa commune dans\n"
            f"chaque catégorie, située parmi celles des {others} autres communes, sans qu'aucune\n"
            "soit nommée ni sa note donnée."
        )

    def position(self, name: str, reply: str, threshold: int) -> None:
        """The manager's whole answer but its introduction (told once, above)."""
        intro = text("fr", "benchmark.organisation.intro", threshold=threshold)
        shown = "\n".join(line for line in reply.splitlines() if line != intro)
        self.say(f"\n{name} — « !rapport comparaison », vu par son encadrante :\n{quoted(shown)}")

    def staff_comparison(
        self, structure: str, staff: str, replies: Sequence[str], categories: Sequence[str]
    ) -> None:
        """The first message as it is, then each category's communes in a line."""
        if not replies:
            raise RuntimeError("the structure's staff got no comparison")
        parts = f"en {len(replies)} messages, un par catégorie" if len(replies) > 1 else "ainsi"
        self.say(
            f"""
L'équipe {Named.of(structure).french("de")} demande à son tour
« !rapport comparaison », avec votre compte ({staff}). Le bot lui répond
{parts} : chaque commune nommée, avec ses notes et son rang, et la
répartition des notes. Le premier message :
{quoted(replies[0])}
Et, de chaque catégorie, la note globale de chaque commune et son rang :
{chr(10).join(wrapped(line) for line in standings(replies, categories))}"""
        )

    def structure_next_steps(
        self, url: str, staff: DemoAccount, managers: Sequence[tuple[str, DemoAccount]]
    ) -> None:
        rows = "\n".join(f"  {name} : {m.user_id}\n    (mot de passe {m.password})"
                         for name, m in managers)  # fmt: skip
        self.say(
            f"""
À vous ! Ouvrez un client Matrix (Element Desktop, nheko…), choisissez le serveur
{url} et connectez-vous avec {staff.user_id} (mot de passe {staff.password}).
Votre conversation avec le bot garde le comparatif ; si un message reste illisible, écrivez
« Bonjour ». Pour une seule catégorie : « !rapport comparaison visioconférence ».
Pour voir ce que voit une commune, connectez-vous en encadrante :
{rows}
et écrivez au bot « !rapport » ou « !rapport comparaison ».

Ctrl-C pour tout arrêter."""
        )


def ranking(report: str) -> list[str]:
    """A report's ranking, a line a tool: « visioconférence — Visio Tchap — note globale
    7,4/10 »."""
    rows = []
    for row in _section(report, "CLASSEMENT"):
        category, tool, fields = (row.split(" — ", 2) + ["", ""])[:3]
        score = _field(fields, "Note globale")
        rows.append(f"{category} — {tool} — note globale {score}/10" if score else row)
    return rows


def participation(report: str) -> str:
    """A report's total participation: « participation : Invités : 4 · … »."""
    total = next((row for row in _section(report, "PARTICIPATION") if row.startswith("Total")), "")
    return "participation : " + total.partition(" — ")[2] if total else ""


def standings(replies: Sequence[str], categories: Sequence[str]) -> list[str]:
    """From the staff's comparison, each category's communes, highest first, in a line:
    « Visioconférence — Commune de Kerbihan 7,4 (1 sur 3) · … »; `categories`: their names,
    as the messages' titles give them in capitals."""
    titles = [_capitalised(name) for name in categories]
    named = {f"{title.upper()}{_BY_COMMUNE}": title for title in titles}
    lines = []
    for reply in replies:
        category = None
        communes: list[str] = []
        for line in [*reply.splitlines(), ""]:
            if line in named:
                category, communes = named[line], []
            elif category is not None and line.startswith("• "):
                commune, _, fields = line[2:].partition(" — ")
                score, rank = _field(fields, "Note globale"), _field(fields, "Rang")
                compared = score and score != WITHHELD
                communes.append(f"{commune} {score} ({rank})" if compared else f"{commune} —")
            elif category is not None:
                lines.append(f"{category} — {' · '.join(communes)}")
                category = None
    return lines


def _section(report: str, heading: str) -> list[str]:
    """The rows under a report's heading, without their bullet."""
    after = report.split(f"\n{heading}\n", 1)
    return bullets(after[1].split("\n\n", 1)[0]) if len(after) == 2 else []


def _field(fields: str, label: str) -> str:
    """The value after `label` among « Label : value · Other : value »."""
    for field in fields.split(" · "):
        name, colon, value = field.partition(":")
        if colon and name.strip() == label:
            return value.strip()
    return ""


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]
