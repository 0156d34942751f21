"""What the evaluation dialog says, in French and English: questions, acknowledgements
(each says what was recorded), readings offered back, and the reasons for a refusal.

Merged into the catalogues of `conversations.texts` (these keys win); kept apart only
for length.
"""

from __future__ import annotations

DIALOG_FR: dict[str, str] = {
    "dialog.notice": (
        "**Évaluation de nos outils collaboratifs**\n"
        "Pour chacune des {count} catégories d'outils, je vous demande lesquels vous utilisez "
        "(jusqu'à trois), puis quatre notes de 0 à 10 pour chacun. Comptez environ cinq "
        "minutes. **!mesréponses** vous montre vos réponses à tout moment.\n"
        "À tout moment : **retour**, **passer**, **pause**, **aide**."
    ),
    "dialog.greeting": "Bonjour ! Nous en sommes à cette question :",
    "dialog.thanks": "Avec plaisir ! Nous en sommes à cette question :",
    "dialog.english_hint": "Vous pouvez aussi me répondre en anglais : **!langue en**.",
    "dialog.modify": "Vous répondez pour la catégorie **{category}**.",
    "dialog.modify_kept": (
        "Vous corrigez la catégorie **{category}**. Votre réponse actuelle reste enregistrée "
        "tant que la nouvelle n'est pas complète (**passer** la garde telle quelle)."
    ),
    "dialog.modify_first": (
        "C'est la première question de cette correction. Votre réponse enregistrée reste "
        "valable : écrivez **passer** pour la garder telle quelle."
    ),
    "ack.noted": "C'est noté.",
    "answers.continue": "Pour continuer l'évaluation :",
    "ack.kept": "Votre réponse est gardée telle quelle.",
    "ack.service": "Noté : service **{service}**.",
    "ack.no_service": "Noté : service non indiqué.",
    "ack.tools": "Noté : {tools}.",
    "ack.no_tool": "Noté : aucun outil.",
    "ack.need_yes": "Un tel outil vous serait utile.",
    "ack.need_no": "Pas besoin d'un tel outil.",
    "ack.need_unknown": "Sans avis sur le besoin.",
    "ack.why": "Raison : « {why} ».",
    "ack.ratings": "Notes {of_tool} : {marks}.",
    "ack.rating": "Noté : {criterion} {mark}.",
    "ack.problem": "Problème : « {problem} ».",
    "ack.no_problem": "Aucun problème signalé.",
    "ack.remark_not_kept": (
        "(Je n'enregistre que la note ici : vous pourrez décrire un problème juste après "
        "les notes.)"
    ),
    "ack.skipped": "Catégorie passée.",
    "offer.service": "Vouliez-vous dire le service **{name}** ? (oui / non)",
    "offer.spelling": "Vouliez-vous dire **{names}** ? (oui / non)",
    "offer.other": (
        "**{names}** n'est pas dans ma liste : je l'enregistre comme autre outil ? (oui / non)"
    ),
    "offer.refused": "D'accord.",
    "q.tool": (
        "**Quels outils utilisez-vous ?** (jusqu'à trois)\n{choices}\n"
        "Répondez par les numéros ou les noms (**{example}**) ; pour un outil absent "
        "de la liste : **autre** suivi de son nom."
    ),
    "q.tool.fast": (
        "Plus rapide : l'outil et ses quatre notes en un message, par exemple **{example}**, "
        "suivi si besoin du problème rencontré. Les notes, dans l'ordre :\n{scales}"
    ),
    "q.tool.fast_short": "Plus rapide : **{example}** (outil, notes, problème éventuel).",
    "q.other": "**Quel autre outil utilisez-vous ?** Écrivez son nom.",
    "q.scale": "({scale})",
    "q.rating": (
        "{tool} — **{criterion}** ({number}/{count}) : **votre note de 0 à 10 ?** "
        "(**nsp** si vous ne savez pas)"
    ),
    "summary.tool": "{tool} : {marks}",
    "summary.unanswered": "pas encore répondu",
    "error.rating": (
        "Je n'ai pas compris cette note. Donnez un nombre de 0 à 10 (par exemple **7**, "
        "**7/10** ou **7,5**), **nsp** si vous ne savez pas, ou toutes les notes d'un coup."
    ),
    "error.rating_half": (
        "Je garde les notes entières ou les demi-points : **7** ou **7,5**, par exemple."
    ),
    "error.rating_between": (
        "Donnez une seule note : **6,5** si vous hésitez entre 6 et 7, par exemple."
    ),
    "error.rating_sentence": (
        "Je n'ai pas trouvé de note dans votre message. Donnez seulement un nombre de 0 à 10 "
        "(par exemple **7**), ou **nsp**."
    ),
    "error.rating_then_problem": (
        "Donnez seulement la note ici : le problème vous sera demandé juste après les notes."
    ),
    "error.rating_missing_one": (
        "Il manque une note : {given} sur {count}. Donnez les {count} notes dans l'ordre, "
        "ou une seule pour la question posée."
    ),
    "error.rating_missing": (
        "Il manque {missing} notes : {given} sur {count}. Donnez les {count} notes dans "
        "l'ordre, ou une seule pour la question posée."
    ),
    "error.rating_too_many": (
        "J'ai lu {given} notes, il en faut {count} : une par critère, dans l'ordre."
    ),
    "error.fast_no_tool": (
        "Dites d'abord quel outil vous notez, par exemple **Teams 8 6 9 7**, ou son numéro."
    ),
    "error.fast_missing": (
        "Il manque des notes : {given} sur {count}. Écrivez l'outil suivi de ses {count} "
        "notes (par exemple **Teams 8 6 9 7**), ou seulement son nom."
    ),
    "error.fast_too_many": (
        "J'ai lu {given} notes, il en faut {count} par outil (par exemple **Teams 8 6 9 7**)."
    ),
    "error.tool_ambiguous": "Lequel : {choices} ? Écrivez le nom complet ou son numéro.",
    "error.none_with_others": (
        "« aucun » ne peut pas accompagner d'autres outils : écrivez **aucun** seul, ou les "
        "outils que vous utilisez."
    ),
    "error.too_many_tools": (
        "Citez au plus {count} outils : ceux que vous utilisez le plus pour cet usage."
    ),
    "error.service_ambiguous": "Lequel : {choices} ? Répondez par son numéro.",
    "error.problem_which": "Lequel ? Décrivez-le en quelques mots.",
    "error.problem_is_rating": (
        "Les notes {of_tool} sont enregistrées ({marks}). Décrivez ici le problème en quelques "
        "mots, ou écrivez **rien**. Pour corriger une note : **retour**."
    ),
    "help.step.tool": (
        "Donnez les numéros ou les noms des outils que vous utilisez (trois au plus), "
        "**autre** suivi du nom d'un outil absent de la liste, ou **aucun**. Plus rapide : "
        "l'outil et ses notes en un message (**Teams 8 6 9 7**)."
    ),
    "help.step.other": "Écrivez le nom de l'outil que vous utilisez, ou **passer**.",
    "feedback.now": "Une courte enquête sur **{suite}** vous attend :",
    "feedback.postponed": (
        "(Votre enquête sur **{suite}** attendra la fin de l'évaluation, ou sa mise en pause.)"
    ),
    "feedback.after_evaluation": (
        "Bonjour ! Une courte enquête sur **{suite}** vous attend. Je vous la poserai dès que "
        "vous aurez terminé l'évaluation en cours, ou si vous la mettez en pause (**pause**) : "
        "une seule conversation à la fois, pour ne pas mélanger vos réponses."
    ),
    "help.step.rating": (
        "Donnez une note de 0 (très mauvais) à 10 (excellent), demi-points acceptés (7,5), "
        "**nsp** si vous ne savez pas, ou toutes les notes d'un coup séparées par des espaces."
    ),
}

DIALOG_EN: dict[str, str] = {
    "dialog.notice": (
        "**Review of our collaboration tools**\n"
        "For each of the {count} kinds of tools, I will ask which ones you use (up to "
        "three), then four ratings from 0 to 10 for each. It takes about five minutes. "
        "**!mesreponses** shows your answers at any time.\n"
        "At any time: **back**, **skip**, **pause**, **help**."
    ),
    "dialog.greeting": "Hello! Here is where we are:",
    "dialog.thanks": "You are welcome! Here is where we are:",
    "dialog.english_hint": "You can talk to me in English: type **!langue en**.",
    "dialog.modify": "You are answering for the category **{category}**.",
    "dialog.modify_kept": (
        "You are correcting the category **{category}**. Your current answer stays saved "
        "until the new one is complete (**skip** keeps it as it is)."
    ),
    "dialog.modify_first": (
        "This is the first question of this correction. Your saved answer still stands: "
        "type **skip** to keep it as it is."
    ),
    "ack.noted": "Noted.",
    "answers.continue": "To carry on with the evaluation:",
    "ack.kept": "Your answer is kept as it was.",
    "ack.service": "Noted: department **{service}**.",
    "ack.no_service": "Noted: department not given.",
    "ack.tools": "Noted: {tools}.",
    "ack.no_tool": "Noted: no tool.",
    "ack.need_yes": "Such a tool would be useful to you.",
    "ack.need_no": "No need for such a tool.",
    "ack.need_unknown": "No opinion on the need.",
    "ack.why": "Reason: “{why}”.",
    "ack.ratings": "Ratings {of_tool}: {marks}.",
    "ack.rating": "Noted: {criterion} {mark}.",
    "ack.problem": "Problem: “{problem}”.",
    "ack.no_problem": "No problem reported.",
    "ack.remark_not_kept": (
        "(I only record the rating here: you can describe a problem right after the ratings.)"
    ),
    "ack.skipped": "Category skipped.",
    "offer.service": "Did you mean the department **{name}**? (yes / no)",
    "offer.spelling": "Did you mean **{names}**? (yes / no)",
    "offer.other": "**{names}** is not in my list: shall I record it as another tool? (yes / no)",
    "offer.refused": "All right.",
    "q.tool": (
        "**Which tools do you use?** (up to three)\n{choices}\n"
        "Answer with the numbers or the names (**{example}**); for a tool not in "
        "the list: **other** and its name."
    ),
    "q.tool.fast": (
        "Quicker: the tool and its four ratings in one message, for instance **{example}**, "
        "followed if need be by the problem you have with it. The ratings, in order:\n{scales}"
    ),
    "q.tool.fast_short": "Quicker: **{example}** (tool, ratings, any problem).",
    "q.other": "**Which other tool do you use?** Type its name.",
    "q.scale": "({scale})",
    "q.rating": (
        "{tool} — **{criterion}** ({number}/{count}): **your rating from 0 to 10?** "
        "(**n/a** if you do not know)"
    ),
    "summary.tool": "{tool}: {marks}",
    "summary.unanswered": "not answered yet",
    "error.rating": (
        "I did not understand this rating. Give a number from 0 to 10 (for instance **7**, "
        "**7/10** or **7.5**), **n/a** if you do not know, or all the ratings at once."
    ),
    "error.rating_half": "I keep whole or half points: **7** or **7.5**, for instance.",
    "error.rating_between": "Give one rating: **6.5** if you hesitate between 6 and 7, say.",
    "error.rating_sentence": (
        "I found no rating in your message. Give just a number from 0 to 10 (for instance "
        "**7**), or **n/a**."
    ),
    "error.rating_then_problem": (
        "Give just the rating here: I will ask about problems right after the ratings."
    ),
    "error.rating_missing_one": (
        "One rating is missing: {given} out of {count}. Give the {count} ratings in order, "
        "or one for the question asked."
    ),
    "error.rating_missing": (
        "{missing} ratings are missing: {given} out of {count}. Give the {count} ratings in "
        "order, or one for the question asked."
    ),
    "error.rating_too_many": "I read {given} ratings; {count} are needed, one per criterion.",
    "error.fast_no_tool": (
        "First say which tool you are rating, for instance **Teams 8 6 9 7**, or its number."
    ),
    "error.fast_missing": (
        "Some ratings are missing: {given} out of {count}. Type the tool followed by its "
        "{count} ratings (for instance **Teams 8 6 9 7**), or just its name."
    ),
    "error.fast_too_many": (
        "I read {given} ratings; {count} per tool are needed (for instance **Teams 8 6 9 7**)."
    ),
    "error.tool_ambiguous": "Which one: {choices}? Type the full name or its number.",
    "error.none_with_others": (
        "“none” cannot come with other tools: type **none** alone, or the tools you use."
    ),
    "error.too_many_tools": "Name {count} tools at most: the ones you use most for this.",
    "error.service_ambiguous": "Which one: {choices}? Answer with its number.",
    "error.problem_which": "Which one? Describe it in a few words.",
    "error.problem_is_rating": (
        "The ratings {of_tool} are saved ({marks}). Describe the problem here in a few words, "
        "or type **nothing**. To correct a rating: **back**."
    ),
    "help.step.tool": (
        "Give the numbers or names of the tools you use (three at most), **other** followed "
        "by the name of a tool not in the list, or **none**. Quicker: the tool and its "
        "ratings in one message (**Teams 8 6 9 7**)."
    ),
    "help.step.other": "Type the name of the tool you use, or **skip**.",
    "feedback.now": "A short survey about **{suite}** is waiting for you:",
    "feedback.postponed": (
        "(Your survey about **{suite}** will wait until the evaluation is finished or paused.)"
    ),
    "feedback.after_evaluation": (
        "Hello! A short survey about **{suite}** is waiting for you. I will ask it as soon as "
        "you have finished the evaluation in progress, or if you pause it (**pause**): one "
        "conversation at a time, so that your answers are not mixed up."
    ),
    "help.step.rating": (
        "Give a rating from 0 (very poor) to 10 (excellent), half points accepted (7.5), "
        "**n/a** if you do not know, or all the ratings at once separated by spaces."
    ),
}
