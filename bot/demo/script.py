"""What the demo's simulated agents type (pure, seeded): varied, realistic evaluations
(`evaluation_messages`), and the pilot trial's questionnaire of phase 2 (`trial_messages`)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from conversations.survey import DEFAULT_CATEGORIES, Survey
from conversations.trial_plan import TRIAL_CRITERIA, TrialPlan, TrialSuite

# What the simulated agents complain about. A person judging the product reads these in the
# report, so each is said only of tools it fits: no hosting outside the EU for Tchap, no slow
# network for a paper register. Tools of a catalogue of one's own get no complaint.
PAPER = frozenset({"Cahier papier"})
FILES = frozenset({"Tableur partagé", "Dossiers réseau partagés"})  # on the town hall's server
PERSONAL_MESSENGERS = frozenset({"WhatsApp", "Signal"})  # everyone has them on their phone
PHONE_APPS = PERSONAL_MESSENGERS | {"Tchap", "Sondage Tchap"}  # made for the phone
SOFTWARE = frozenset(t for c in DEFAULT_CATEGORIES for t in c.tools) - PAPER
HOSTED_OUTSIDE_EU = frozenset({
    "Zoom", "Google Meet", "Google Agenda", "Google Forms", "Google Tasks", "Google Drive",
    "WhatsApp", "Slack", "Trello", "Asana",
})  # fmt: skip
AMERICAN = HOSTED_OUTSIDE_EU | frozenset({
    "Microsoft Teams", "Outlook / Exchange", "Microsoft Forms", "Microsoft Planner",
    "Microsoft To Do", "SharePoint",
})  # fmt: skip
PAID_PER_USER = (AMERICAN - {"WhatsApp", "Trello"}) | {"Monday"}  # free versions too limited
CLOSED_TO_OUTSIDERS = frozenset({
    "Tchap", "Visio Tchap", "Microsoft Teams", "Outlook / Exchange", "Rocket.Chat", "Zimbra",
    "BlueMind", "GRR", "SharePoint", "Alfresco", "Dossiers réseau partagés",
})  # fmt: skip


@dataclass(frozen=True)
class Complaint:
    text: str
    tools: frozenset[str]
    categories: frozenset[str] | None = None  # None: in any category


COMPLAINTS = (
    Complaint("le son coupe en pleine réunion", SOFTWARE, frozenset({"visioconference"})),
    Complaint("l'image se fige dès qu'on est nombreux", SOFTWARE, frozenset({"visioconference"})),
    Complaint("les partenaires extérieurs ne peuvent pas se connecter", CLOSED_TO_OUTSIDERS),
    Complaint("lent sur le réseau de la mairie", SOFTWARE - PHONE_APPS),
    Complaint("pas de formation, on se débrouille", SOFTWARE - PERSONAL_MESSENGERS),
    Complaint("trop de comptes et de mots de passe", SOFTWARE - FILES - PERSONAL_MESSENGERS),
    Complaint("licence trop chère pour toute l'équipe", PAID_PER_USER),
    Complaint("données hébergées hors de l'Union européenne", HOSTED_OUTSIDE_EU),
    Complaint("éditeur américain, nos données tombent sous le Cloud Act", AMERICAN),
    Complaint("difficile à utiliser sur téléphone", SOFTWARE - PHONE_APPS),
    Complaint("les élus ne l'ont pas installé", frozenset({"Tchap", "Visio Tchap"})),
    Complaint("mélange messages personnels et professionnels", PERSONAL_MESSENGERS),
    Complaint("trop de publicités dans la version gratuite", frozenset({"Doodle"})),
    Complaint("plusieurs versions du fichier circulent", FILES),
    Complaint("inaccessible en télétravail", frozenset({"Dossiers réseau partagés"})),
    Complaint("il faut passer à l'accueil pour réserver", PAPER),
    Complaint("on découvre les doubles réservations le jour même", PAPER),
)

# Why an agent without a tool would want one, by category.
NEEDS = {
    "visioconference": ("pour les réunions avec les agents en télétravail",),
    "messagerie": ("pour prévenir vite toute l'équipe",),
    "agenda": ("pour voir les disponibilités des collègues", "pour partager les plannings"),
    "questionnaire": ("pour recueillir l'avis des usagers",),
    "sondage": ("pour choisir une date de réunion",),
    "gestion_projet": ("pour suivre les projets de la commune",),
    "reservation": ("pour réserver les véhicules de service", "pour réserver les salles"),
    "planification": ("pour partager les plannings d'astreinte",),
    "ged": ("pour archiver et retrouver les documents",),
}


def complaints_about(category: str, tool: str) -> tuple[str, ...]:
    """Every complaint a simulated agent may make about `tool` in `category`."""
    return tuple(
        c.text
        for c in COMPLAINTS
        if tool in c.tools and (c.categories is None or category in c.categories)
    )


# How strongly agents feel about some tools: a mean per criterion around which they rate.
FLAVOUR = {
    "Zoom": (7, 5, 4, 7),
    "Microsoft Teams": (7, 4, 6, 6),
    "WhatsApp": (8, 9, 2, 9),
    "Tchap": (7, 9, 9, 6),
    "Visio Tchap": (6, 9, 9, 5),
    "Google Forms": (7, 8, 3, 8),
    "Doodle": (8, 7, 4, 8),
    "Framadate": (7, 9, 8, 6),
    "Trello": (7, 6, 5, 7),
    "Nextcloud": (6, 8, 8, 5),
}


def evaluation_messages(
    survey: Survey, rng: random.Random, habits: Mapping[str, str] | None = None
) -> list[str]:
    """What one agent types, from the first question to `valider`. `habits`: the one tool
    of each category that a commune equipped all its agents with (a category left out: it
    has none); without them, the mix of a collectivité where each service chose its own."""
    messages: list[str] = []
    if survey.services:
        messages.append(str(rng.randint(1, len(survey.services))))
    criteria = len(survey.criteria)
    for category in survey.categories:
        if habits is not None:
            equipped = habits.get(category.key)
            without = equipped is None
        else:
            equipped, without = None, rng.random() < 0.12 or not category.tools
        if without:
            messages.append("aucun")
            needed = rng.random() < 0.6
            messages.append("oui" if needed else "non")
            if needed:
                needs = NEEDS.get(category.key, ())
                messages.append(rng.choice(needs) if needs and rng.random() < 0.7 else "passer")
            continue
        if equipped is not None:
            tools = [equipped]
        else:
            # a few tools dominate, as in any collectivité where each service chose its own;
            # one agent in four uses a second tool for the same job
            weights = [1.0 / (rank + 1) for rank in range(len(category.tools))]
            tools = [rng.choices(category.tools, weights)[0]]
            if rng.random() < 0.25 and len(category.tools) > 1:
                second = rng.choice([t for t in category.tools if t != tools[0]])
                tools.append(second)
        problems = [_problem(category.key, tool, rng) for tool in tools]
        marks = [_marks(tool, criteria, rng) for tool in tools]
        if rng.random() < 0.4:
            # the fast path: each tool, its ratings and its problem in one message
            groups = [f"{t} {m} {p}" for t, m, p in zip(tools, marks, problems, strict=True)]
            messages.append(" ; ".join(groups))
            continue
        named = [t if rng.random() < 0.5 else str(category.tools.index(t) + 1) for t in tools]
        messages.append(" et ".join(named))
        for mark, problem in zip(marks, problems, strict=True):
            messages.append(mark)
            messages.append(problem)
    messages.append("valider")
    return messages


def _problem(category: str, tool: str, rng: random.Random) -> str:
    """One agent in three or so has something to say about a tool, fitting that tool."""
    complaints = complaints_about(category, tool)
    return rng.choice(complaints) if complaints and rng.random() < 0.35 else "rien"


def _marks(tool: str, criteria: int, rng: random.Random) -> str:
    """The ratings of one tool, around how agents feel about it, all in one message."""
    means = FLAVOUR.get(tool, (6,) * criteria)
    marks = []
    for index in range(criteria):
        if rng.random() < 0.05:
            marks.append("nsp")
        else:
            mean = means[index % len(means)]
            marks.append(str(max(0, min(10, round(rng.gauss(mean, 1.5))))))
    return " ".join(marks)


# --- the pilot trial (phase 2) -----------------------------------------------------------------

# How pilots feel about the example catalogue's suites: a mean per criterion (simplicité de
# prise en main, efficacité, sécurité perçue) around which they rate each module they tried.
# A suite of a catalogue of one's own gets DEFAULT_FEEL.
SUITE_FEEL = {"alpha": (8.0, 7.5, 8.0), "beta": (7.0, 7.0, 6.5)}
DEFAULT_FEEL = (6.5, 6.5, 6.5)

# The modules pilots try first are those of every day; the others, now and then.
TRY_CHANCE = {"visioconference": 0.8, "messagerie": 0.7, "agenda": 0.6, "ged": 0.5}
OTHER_TRY_CHANCE = 0.25

# The first message, written once the suites are tried: it starts the questionnaire.
READY = (
    "Bonjour",
    "Bonjour !",
    "C'est bon, j'ai fini d'essayer",
    "Je suis prêt pour les questions",
)

# What a pilot says of a suite after trying one of its modules: true of any suite, so that
# a catalogue of one's own never reads wrong.
MODULE_REMARKS = {
    "visioconference": (
        "La visio a tenu sans coupure à huit participants.",
        "Le partage d'écran n'est pas facile à trouver.",
    ),
    "messagerie": (
        "La messagerie ressemble à ce qu'on connaît, on s'y retrouve vite.",
        "Les notifications arrivent en retard sur le téléphone.",
    ),
    "agenda": ("L'agenda partagé est clair : on voit tout de suite qui est disponible.",),
    "questionnaire": ("Le formulaire s'est créé en cinq minutes.",),
    "sondage": ("Le sondage de date est simple à envoyer.",),
    "gestion_projet": ("Le tableau des projets demande un temps d'adaptation.",),
    "reservation": ("Réserver une salle est bien plus simple qu'avec le cahier de l'accueil.",),
    "planification": ("Les tâches partagées manquent de rappels.",),
    "ged": (
        "Retrouver un document est rapide, la recherche fonctionne bien.",
        "Le classement des dossiers est à revoir avant d'y mettre nos documents.",
    ),
}
GENERAL_REMARKS = (
    "Tout est au même endroit, c'est plus simple qu'aujourd'hui.",
    "Il faudra une courte formation pour les collègues moins à l'aise.",
)
NOTHING_TO_ADD = ("RAS", "rien à signaler", "passer")
NOT_TRIED = ("aucun", "je n'ai pas essayé", "passer")
NOT_TRIED_REMARK = "Pas eu le temps de l'essayer."


def trial_messages(
    survey: Survey, plan: TrialPlan, rng: random.Random, untried: frozenset[str] = frozenset()
) -> list[str]:
    """What one pilot types, from the message that starts the questionnaire to the last
    suite's comment; `untried`: the keys of suites they found no time to try."""
    messages = [rng.choice(READY)]
    for suite in plan.suites:
        if not suite.modules:  # it covers none of the needs: the comment alone is asked
            messages.append(rng.choice(NOTHING_TO_ADD))
            continue
        if suite.key in untried or rng.random() < 0.08:
            messages.append(rng.choice(NOT_TRIED))
            messages.append(NOT_TRIED_REMARK if rng.random() < 0.5 else "RAS")
            continue
        tried = _tried(suite, rng)
        messages.append(_tried_said(survey, suite, tried, rng))
        feel = SUITE_FEEL.get(suite.key, DEFAULT_FEEL)
        for _ in tried:
            messages.extend(_module_ratings(feel, rng))
        messages.append(_remark(suite, tried, rng))
    return messages


def _tried(suite: TrialSuite, rng: random.Random) -> list[int]:
    """The positions (from 1) of the modules tried: the everyday ones more often, one at
    least."""
    tried = [
        number
        for number, module in enumerate(suite.modules, 1)
        if rng.random() < TRY_CHANCE.get(module.category, OTHER_TRY_CHANCE)
    ]
    return tried or [rng.randint(1, len(suite.modules))]


def _tried_said(survey: Survey, suite: TrialSuite, tried: list[int], rng: random.Random) -> str:
    """The modules tried by their numbers (« 1 3 », « 1, 2 et 4 », « 1-3 »), by their
    names (« Alpha Visio et agenda partagé »), or « tous »."""
    if len(tried) == len(suite.modules) and rng.random() < 0.7:
        return "tous"
    if rng.random() < 0.5:
        numbers = [str(n) for n in tried]
        if len(tried) > 2 and tried == list(range(tried[0], tried[-1] + 1)):
            return f"{tried[0]}-{tried[-1]}"
        if len(numbers) > 1 and rng.random() < 0.5:
            return ", ".join(numbers[:-1]) + " et " + numbers[-1]
        return " ".join(numbers)
    modules = [m.module for m in suite.modules]
    names = []
    for number in tried:
        module = suite.modules[number - 1]
        # a module covering two categories (one agenda for meetings and rooms) is named by
        # its category, or both would be taken
        unique = modules.count(module.module) == 1
        if unique and rng.random() < 0.5:
            names.append(module.module)
        else:
            names.append(survey.category(module.category).name_fr)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " et " + names[-1]


def _module_ratings(feel: tuple[float, ...], rng: random.Random) -> list[str]:
    """The three ratings of one module: all at once (« 8 7 9 », « 7,5 7 8 ») or one at
    a time (« je dirais 8 », « 7 », « nsp »)."""
    marks = []
    for mean in feel[: len(TRIAL_CRITERIA)]:
        if rng.random() < 0.06:
            marks.append("nsp")
            continue
        value = max(0.0, min(10.0, rng.gauss(mean, 1.2)))
        half = rng.random() < 0.15
        rounded = round(value * 2) / 2 if half else float(round(value))
        marks.append(f"{rounded:g}".replace(".", ","))
    if rng.random() < 0.65 and set(marks) != {"nsp"}:  # « nsp nsp nsp » reads as one
        return [" ".join(marks)]
    first = marks[0]
    lead = f"je dirais {first}" if first != "nsp" and rng.random() < 0.5 else first
    return [lead, *marks[1:]]


def _remark(suite: TrialSuite, tried: list[int], rng: random.Random) -> str:
    """A comment on the suite: about a module tried, in general, or nothing to add."""
    chance = rng.random()
    if chance < 0.4:
        return rng.choice(NOTHING_TO_ADD)
    about = [MODULE_REMARKS.get(suite.modules[n - 1].category, ()) for n in tried]
    remarks = [remark for some in about for remark in some]
    if chance < 0.8 and remarks:
        return rng.choice(remarks)
    return rng.choice(GENERAL_REMARKS)
