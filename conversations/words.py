"""Every word or set phrase an agent may type that the pure logic recognises, by meaning.

One place to read (and extend) what the bot understands: « oui », « RAS », « nsp »,
« retour », « sept », « bonjour », the words of a tool's name that are not the name…
Each set is written as agents type it once normalised (`survey.normalise`: lower case, no
accents, ’ as '), and each says which parser reads it. The parsers keep only the shape of
a sentence (regular expressions such as « entre 6 et 7 » or « on n'en a pas »), not lists.

Sets that look alike are kept apart on purpose: a set answers one question (`PLAIN_YES`,
what a bare yes/no parser takes, is narrower than `YES`, the agent's yes in a dialog), and
merging two would change what is understood.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The words of a long list written as text, to keep such lists readable."""
    return frozenset(text.split())


# --------------------------------------------------------------------- yes, no, maybe

# What `parsing.parse_yes_no` takes: the plain words only.
PLAIN_YES = frozenset(
    {"oui", "o", "yes", "y", "ouais", "bien sur", "evidemment", "absolument", "ok"}
)
PLAIN_NO = frozenset({"non", "n", "no", "nope", "pas du tout", "pas vraiment"})

# The agent's yes and no in the dialog (`phrases.yes_or_no`), as a whole message.
YES = frozenset(
    {
        "oui", "o", "yes", "y", "ouais", "ouai", "oui oui", "bien sur", "evidemment",
        "absolument", "ok", "d'accord", "tout a fait", "exactement", "certainement", "carrement",
        "oui tout a fait", "oui bien sur", "oui volontiers", "volontiers", "yep", "yeah", "sure",
        "voila", "oui c'est ca", "c'est ca", "c'est bien ca", "oui c'est bien ca", "affirmatif",
        "ok pour moi", "oui c'est celui-la", "c'est celui-la", "tout a fait ca", "oui voila",
    }
)  # fmt: skip
NO = frozenset(
    {
        "non", "n", "no", "nope", "nan", "pas du tout", "pas vraiment", "non merci",
        "absolument pas", "certainement pas", "surtout pas", "not really", "non pas du tout",
        "pas besoin", "pas utile", "pas necessaire", "inutile", "no need", "ce n'est pas ca",
        "non ce n'est pas ca", "pas ca", "pas pour l'instant", "pas pour le moment",
        "on s'en passe", "on s'en passe tres bien", "on s'en passe bien", "pas forcement",
        "ca ne servirait a rien", "non pas vraiment", "non pas besoin", "non, pas besoin",
    }
)  # fmt: skip
# What may follow « oui » without being a reason (« oui absolument », « oui ce serait
# bien »); alone, it is a yes to « would a tool be useful? » (`phrases.read_need`).
YES_EMPHATIC = frozenset(
    {
        "absolument", "bien sur", "carrement", "tout a fait", "volontiers", "evidemment",
        "ce serait bien", "ce serait utile", "ca serait bien", "ca serait utile", "merci",
        "avec plaisir", "certainement", "surement", "clairement", "oui", "sans doute",
        "ce serait pratique", "ca serait pratique", "ca pourrait etre utile",
    }
)  # fmt: skip
MAYBE = frozenset(
    {
        "peut-etre", "peut etre", "je ne sais pas", "je sais pas", "sais pas", "nsp",
        "sans avis", "pas d'avis", "bof", "maybe", "not sure", "don't know", "i don't know",
        "ca depend", "pourquoi pas", "je ne sais pas trop", "je sais pas trop", "a voir",
        "aucune idee", "jsp", "je n'en sais rien", "j'en sais rien", "pas d'idee",
    }
)  # fmt: skip
# The first word of « oui, pour les congés » and what it answers (`phrases.read_need`);
# "no" is tried last.
YES_NO_OPENINGS: tuple[tuple[str, bool], ...] = (
    ("oui", True), ("ouais", True), ("yes", True), ("non", False), ("nan", False), ("no", False),
)  # fmt: skip
# « oui parfois »: the yes that opens a vague answer to « a problem? » (`phrases`).
YES_OPENINGS = ("oui", "ouais", "yes")
# What a vague yes goes on with: how often, not what (« oui souvent », « oui il y a »).
VAGUE = word_set(
    """
    parfois souvent quelquefois un peu de temps en plusieurs quelques uns certains bien sur
    evidemment oui toujours rarement il y a en effet forcement
    """
)

# --------------------------------------------------------------------- validating the summary

CONFIRMATIONS = frozenset(
    {
        "valider", "valide", "je valide", "oui je valide", "ok pour moi", "c bon", "c'est ok",
        "c tout bon", "c'est tout bon", "tout bon", "ok tout est bon", "c'est nickel",
        "tout est ok", "ok c'est bon", "c'est parfait", "tout est correct", "nickel",
        "oui", "ok", "confirmer", "je confirme",
        "c'est bon", "d'accord", "parfait", "yes", "confirm", "c'est juste", "tout est juste",
        "tout est bon", "c'est correct", "correct", "oui c'est bon", "oui valider", "ok valider",
        "valide merci", "envoyer", "terminer",
    }
)  # fmt: skip
# A sentence confirms with one of these verbs (« bon je valide alors »)…
CONFIRM_VERBS = frozenset({"valide", "valider", "confirme", "confirmer"})
# …unless one of these undoes it (« je ne valide pas », « valider ou corriger ? »).
CONFIRM_UNDONE = frozenset({"pas", "ne", "non", "n'", "plus", "corriger", "modifier", "?"})

# --------------------------------------------------------------------- nothing to report

# « Quel problème rencontrez-vous ? » — « RAS » (`phrases.says_nothing`).
NOTHING_TO_REPORT = frozenset(
    {
        "rien", "ras", "r.a.s", "r a s", "rien a signaler", "rien de special",
        "rien de particulier",
        "rien a dire", "rien a redire", "rien de plus", "aucun", "aucune", "aucun probleme",
        "aucun souci", "aucuns soucis", "aucune difficulte", "pas de probleme",
        "pas de probleme particulier", "pas de souci", "pas de soucis", "pas de difficulte",
        "pas vraiment", "pas de remarque", "aucune remarque", "non", "non rien", "nan",
        "non aucun", "non aucun probleme", "non pas de probleme", "non ras", "tout va bien",
        "ca va", "ca marche bien", "ca fonctionne bien", "il marche bien", "il fonctionne bien",
        "impeccable", "parfait", "nickel", "r", "-", "nothing", "none", "no", "nope",
        "no problem", "no problems", "no issue", "no issues", "all good", "nothing to report",
        "nothing special", "n/a", "rien du tout", "rien de rien", "aucun probleme particulier",
        "pas de pb", "pas de pbs", "aucun pb", "nan rien", "tout roule", "ca roule",
        "rien de particulier a signaler", "je sais pas", "je ne sais pas", "sais pas", "nsp",
        "aucune idee", "pas d'idee", "rien a ajouter", "pas de remarque particuliere",
        "jsp", "jsais pas", "chais pas", "j'sais pas", "rien a signaler de particulier",
    }
)  # fmt: skip
# What may follow « rien », « non »: « non, ça marche bien », « RAS pour l'instant ».
ALL_GOOD = frozenset(
    {
        "ca marche bien", "ca marche", "ca fonctionne", "ca fonctionne bien", "il marche bien",
        "il fonctionne bien", "tout va bien", "tout roule", "ca va", "pour l'instant",
        "pour le moment", "a priori", "merci", "pour moi", "de mon cote", "rien de particulier",
        "c'est bien", "c'est parfait", "ca me va", "globalement", "dans l'ensemble",
    }
)  # fmt: skip
# Dropped from the end of « RAS pour l'instant » before it is read.
FOR_NOW_ENDINGS = (" pour l'instant", " pour le moment", " a priori", " merci")
# « non », « nan » opening « non, aucun souci ».
NO_OPENINGS = ("non ", "nan ")

# --------------------------------------------------------------------- don't know

# A whole message that gives no opinion, for one rating (`parsing`, `ratings`).
DONT_KNOW = frozenset(
    {
        "nsp", "ns", "?", "je ne sais pas", "ne sais pas", "sais pas", "je sais pas",
        "sans avis", "pas d'avis", "aucune idee", "idk", "dont know", "don't know",
        "i don't know", "no opinion", "n/a",
    }
)  # fmt: skip
# The short forms of it (`ratings`): « nsp », « jsp », « nc ».
DONT_KNOW_SHORT = frozenset(
    {"nsp", "ns", "sans avis", "idk", "dk", "nc", "jsp", "jsais pas", "chais pas", "j'sais pas"}
)
# How « je sais pas, c'est la DSI qui paye » opens: no opinion, then why (`ratings`).
DONT_KNOW_OPENINGS = (
    "je sais pas", "je ne sais pas", "j'en sais rien", "j'en sais pas", "aucune idee",
    "je connais pas", "je ne connais pas", "pas d'avis", "sans avis", "nsp", "sais pas",
    "je n'en sais rien", "je n'ai pas d'avis", "no idea", "i don't know",
)  # fmt: skip

# --------------------------------------------------------------------- numbers

# A rating spelt out, as the whole answer (`parsing.parse_rating`): 0 to 10.
NUMBERS: dict[str, int] = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
# A number spelt out inside a sentence (`ratings`): also « quinze sur vingt ».
RATING_NUMBERS: dict[str, int] = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15,
    "vingt": 20, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# Words that say how the agent feels about a rating, not what it is: they are dropped.
APPRAISAL = word_set(
    """
    je j' j dirais dirai dis dit disons mettrais mettrai mets met donne donnerais donnerai
    note ma mon notes c' c'est ca cela est serait sera environ a peu pres on va dire pense
    crois trouve plutot bof bien tres pas mal moyen moyenne correct correcte ok okay bon
    bonne super nul nulle top genre voila hmm euh ben bah franchement honnetement vraiment
    assez quand meme alors oui merci un une d' i i'd say would give maybe about around
    it's its is good bad fine great poor average so well pour moi perso personnellement
    sur dix over out of the my rating et and puis donc gratuit gratuite payant cher chere
    pratique efficace simple facile complique securise fiable rapide lent nickel parfait
    excellent mauvais mediocre passable moyennement plutot globalement franchement vu
    """
)
# « 2 fois par semaine », « 10 personnes »: the number counts something.
UNITS = word_set(
    """
    fois jour jours heure heures h min minute minutes semaine semaines mois an ans annee
    annees personne personnes agent agents reunion reunions euro euros % eur postes
    utilisateurs licences licence ko mo go times days hours weeks months years people users
    """
)
# Words that open a remark about the rating just given (« 0 ça marche jamais »).
REMARK_OPENINGS = word_set(
    """
    ca c c' c'est il elle on ils trop pas jamais toujours mais car parce vu sauf surtout
    tres assez plutot hyper super vraiment bien mal souvent rarement heberge heberges
    """
)

# --------------------------------------------------------------------- moving in the dialog

# A whole message that moves the dialog rather than answers (`dialog`, `feedback`).
KEYWORDS = {
    "retour": "back",
    "back": "back",
    "precedent": "back",
    "revenir": "back",
    "question precedente": "back",
    "retour en arriere": "back",
    "passer": "skip",
    "skip": "skip",
    "suivant": "skip",
    "je passe": "skip",
    "pause": "pause",
    "stop": "pause",
    "plus tard": "pause",
    "later": "pause",
    "aide": "help",
    "help": "help",
    "?": "help",
    "je ne comprends pas": "help",
    "je comprends pas": "help",
    "comment faire": "help",
}

# --------------------------------------------------------------------- greetings, thanks

GREETINGS = frozenset(
    {
        "bonjour", "bonsoir", "salut", "coucou", "hello", "hi", "hey", "bonjour harmonie",
        "re", "rebonjour", "re bonjour", "bjr", "slt", "good morning",
    }
)  # fmt: skip
# What may follow a greeting that says nothing more (« bonjour Harmonie », « bonjour à tous »).
GREETING_TAILS = frozenset({"harmonie", "a vous", "a toi", "madame", "monsieur", "a tous", "!"})
THANKS = frozenset({"merci", "merci beaucoup", "thanks", "thank you", "ok merci", "super merci"})
# A polite ending dropped before an answer is read (« oui merci »), tried in this order.
POLITE_ENDINGS = (" merci", ", merci", " merci beaucoup", " thanks")

# --------------------------------------------------------------------- English or French

# Two of these and none of `FRENCH_MARKERS`: the agent writes in English (`phrases`).
ENGLISH_MARKERS = word_set(
    """
    the is are i i'm you we they what which how why it this that my your our please use using
    used don't do does not tool tools answer question understand know hello hi thanks
    would could can should there their with have has mostly only just
    """
)
FRENCH_MARKERS = word_set(
    """
    le la les je j' tu vous nous il elle est sont un une des du de et ou que qui quoi pas ne
    mon ma mes votre c'est ce cette avec pour sur dans oui non merci bonjour
    """
)

# --------------------------------------------------------------------- which tools

# « Quel outil utilisez-vous ? » — none (`tool_answer`).
NO_TOOL = frozenset(
    {
        "aucun", "aucune", "aucun outil", "rien", "none", "no tool", "non", "pas d'outil",
        "je n'en utilise pas", "je n'en utilise aucun", "on n'en a pas", "nous n'en avons pas",
        "pas de logiciel", "je n'utilise rien", "je n'utilise aucun outil", "nothing",
        "i don't use any", "no", "nope", "aucun outil de ce type", "pas besoin",
        "rien du tout", "aucun du tout",
    }
)  # fmt: skip
# The one-word none the dialog takes at a tool's own question (`dialog`).
NO_TOOL_WORDS = ("aucun", "none")
# « autre », alone: a tool that is not in the list, name to come.
OTHER_TOOL = frozenset(
    {"autre", "autres", "other", "un autre", "autre outil", "another", "another one"}
)
# What can follow « aucun »: whether one would be useful (« aucun, pas besoin »).
NEEDED = frozenset(
    {"oui", "yes", "ce serait utile", "ca serait utile", "il en faudrait un", "utile",
     "besoin", "j'en aurais besoin", "on en aurait besoin", "ca manque", "mais ce serait utile",
     "mais j'en aurais besoin", "would be useful", "useful"}
)  # fmt: skip
NOT_NEEDED = frozenset(
    {"non", "no", "pas besoin", "pas utile", "pas necessaire", "inutile", "ca ne sert a rien",
     "pas la peine", "je n'en ai pas besoin", "on n'en a pas besoin", "not needed",
     "no need", "not useful"}
)  # fmt: skip
# The yes that opens « aucun, oui pour les congés ».
NEEDED_OPENINGS = ("oui", "yes")
# Words that make a phrase a sentence rather than a tool's name (« je ne sais pas »).
SENTENCE_WORDS = word_set(
    """
    pas ne sais sait comprends comprend quoi comment pourquoi question aide bonjour merci ok
    moi valider valide d'accord
    salut oui non quel quelle quels est sont suis veux voulez peux pouvez faut what how
    why don't know help hello thanks
    """
)
# Articles and pronouns: a phrase made only of these names no tool.
ARTICLES = word_set(
    """
    le la les un une des du au aux mon ma mes son sa ses ce cet cette on il elle nous vous
    je tu ils elles y en ne
    """
)

# --------------------------------------------------------------------- the pilot trial

# « Quels modules avez-vous essayés ? » — every one of them, as a whole message
# (`trial`, after `phrases.bare`).
TRIED_ALL = frozenset(
    {
        "tous", "tout", "toutes", "tous les modules", "tous les modules de la liste",
        "j'ai tout essaye", "j'ai tout teste", "tout essaye", "tout teste", "tous essayes",
        "tous testes", "la totalite", "all", "all of them", "everything", "all modules",
        "i tried them all", "i tried everything",
    }
)  # fmt: skip
# The same question — none of them (`trial`): the ratings are skipped, the comment asked.
TRIED_NONE = frozenset(
    {
        "aucun", "aucune", "rien", "aucun module", "pas essaye", "pas teste", "rien essaye",
        "rien teste", "aucun essaye", "je n'ai pas essaye", "je n'ai rien essaye",
        "je n'ai pas teste", "je n'ai rien teste", "j'ai pas essaye", "j'ai rien essaye",
        "pas eu le temps", "je n'ai pas eu le temps", "non", "none", "nothing", "not tried",
        "none of them", "i did not try", "i didn't try", "i haven't tried", "no time",
    }
)  # fmt: skip
# Words before the modules' names that do not change them (`trial`): « j'ai essayé la
# visio », « les modules 1 et 3 »; read with `FILLER`.
TRIED_LEAD = word_set(
    """
    ai avons avez as essaye essayes essayee essayees teste testes testee testees
    seulement uniquement juste surtout module modules numero numeros n° tried tested have
    has only just number numbers
    """
)

# --------------------------------------------------------------------- names in a list

# Words around a name that do not change it: « j'utilise surtout Teams », « le service RH ».
FILLER = word_set(
    """
    j' j je utilise utilises utilisons utilisent utiliser on nous vous ils a avons avez ont
    surtout principalement plutot essentiellement souvent parfois beaucoup aussi
    le la les l' du de des d' un une au aux en c' c'est est c ca cela voila
    i use we uses using mostly mainly mostly the a an mainly usually also
    suis travaille travaillons travail bosse service direction pole dans chez
    """
)
# Small words left out of a name's initials (« Direction générale des services »: DGS).
NAME_STOP_WORDS = frozenset(
    {"de", "des", "du", "la", "le", "les", "l", "d", "et", "en", "a", "au", "aux"}
)
# Abbreviations of services every collectivité uses, and the words of the service's name
# they stand for (« DGS » is the Direction générale des services).
SERVICE_ABBREVIATIONS: dict[str, str] = {
    "dgs": "direction generale", "dg": "direction generale", "drh": "ressources humaines",
    "grh": "ressources humaines", "personnel": "ressources humaines",
    "dsi": "systemes d'information", "informatique": "systemes d'information",
    "si": "systemes d'information", "st": "services techniques", "ctm": "services techniques",
    "technique": "services techniques", "compta": "finances", "comptabilite": "finances",
    "ccas": "action sociale", "social": "action sociale", "pm": "police municipale",
    "police": "police municipale", "ec": "etat civil",
}  # fmt: skip

# --------------------------------------------------------------------- dates in commands

MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
# A weekday written before a day (« lundi 15/03 »): dropped.
WEEKDAY_NAMES = frozenset(
    {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)  # fmt: skip


# --------------------------------------------------------------------- command arguments
# Read by the handlers in bot/handlers/ after the command word.

# `!oublier confirmer` (bot/handlers/privacy.py).
ERASE_CONFIRM = frozenset({"confirmer", "confirme", "confirm", "oui", "yes"})
# `!relances non|oui` (bot/handlers/profile.py).
REMINDERS_OFF = frozenset({"non", "no", "off", "stop"})
REMINDERS_ON = frozenset({"oui", "yes", "on"})
# `!absent non`: back before the day given (bot/handlers/profile.py).
BACK_FROM_ABSENCE = frozenset({"non", "no", "fini", "back"})
# `!étape 2 fait`, `!étape 2 date 17/03` (bot/handlers/rollout.py).
STEP_DONE = frozenset({"fait", "faite", "done", "termine", "terminee"})  # normalised
STEP_MOVE = frozenset({"date", "decaler", "move"})  # normalised
# `!essai ouvrir|statut|fermer` (bot/handlers/trial.py), and what joins the suites named
# after `ouvrir` besides commas (« alpha, beta et gamma »).
TRIAL_OPEN = frozenset({"ouvrir", "open"})
TRIAL_STATUS = frozenset({"statut", "status", "etat"})
TRIAL_CLOSE = frozenset({"fermer", "close", "clore"})
TRIAL_AND = frozenset({"et", "and"})
# `!rapport retours` and the report's file formats (bot/handlers/report.py).
FEEDBACK_REPORT = frozenset({"retours", "retour", "feedback"})
CHOICE_REPORT = frozenset({"choix", "choice"})  # `!rapport choix`, normalised
# `!rapport comparaison`: the commune among its structure's (bot/handlers/comparison.py).
BENCHMARK_REPORT = frozenset({"comparaison", "comparison"})  # normalised
REPORT_FORMATS: dict[str, str] = {
    "csv": "csv",
    "ods": "ods",
    "graphique": "png",
    "chart": "png",
    "png": "png",
}
# `!choix besoins|comparer|retenir` (bot/handlers/choice.py), normalised.
CHOICE_NEEDS = frozenset({"besoins", "besoin", "needs", "need"})
CHOICE_COMPARE = frozenset({"comparer", "comparaison", "compare", "comparison"})
CHOICE_RETAIN = frozenset({"retenir", "retiens", "choisir", "retain", "choose"})
