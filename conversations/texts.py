"""Every sentence the bot says, one catalogue per language (French first).

Texts are Markdown-light: `**bold**` and line breaks only, turned into HTML by
`conversations.formatting`. Placeholders use str.format names, with two inline forms:

- a count and the words that agree with it: `{count:agent invité|agents invités}` gives
  "1 agent invité", "3 agents invités" (French: 0 and 1 take the singular; English: 1 only).
  Any int passed to `text` can be used so; `Fewer(threshold)` stands for a count withheld
  for anonymity ("moins de 5 agents invités");
- the organisation's name with its article, in French: `{organisation}` "la Commune de
  Saint-Exemple", `{organisation:de}` "de la Commune…" / "du Département…" / "d'Orléans",
  `{organisation:à}` "au Havre", and capitalised at the start of a sentence: `{organisation:Le}`,
  `{organisation:De}`, `{organisation:À}` (see `Named`). English shows the name as it is.

French typography is applied once, to the French templates (`french_typography`): they are
written with ordinary spaces before `; : ! ?` and inside « », which become narrow no-break
spaces (U+202F, `NNBSP`), so that the source stays readable and no sentence can miss one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .dialog_texts import DIALOG_EN, DIALOG_FR
from .privacy_texts import PRIVACY_EN, PRIVACY_FR
from .rollout_texts import ROLLOUT_EN, ROLLOUT_FR

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")

NNBSP = "\u202f"  # espace fine insécable: before ; : ! ? and inside « » in French
NBSP = "\u00a0"  # espace insécable: after "n°"

FR: dict[str, str] = {
    "welcome": (
        "Bonjour ! Je suis **Harmonie**, l'assistant {organisation:de} pour faire le point "
        "sur nos outils de travail à distance et de collaboration.\n"
        "Tapez **!aide** pour voir ce que je sais faire."
    ),
    "help.title": "**Commandes disponibles**",
    "help.footer": (
        "Vous pouvez écrire les commandes en minuscules ou en majuscules, avec ou sans accents."
    ),
    "help.section.agent": "Pour tous les agents",
    "help.section.manager": "Pour les encadrants",
    "help.section.admin": "Pour les administrateurs",
    "cmd.aide": "affiche cette aide",
    "unknown_command": (
        "Je ne connais pas la commande **{command}**.{suggestion}\n"
        "Tapez **!aide** pour la liste des commandes."
    ),
    "unknown_command.suggestion": " Vouliez-vous dire **{suggestion}** ?",
    "not_allowed": (
        "Désolé, la commande **{command}** est réservée aux {role_plural}. "
        "Tapez **!aide** pour voir les commandes qui vous sont ouvertes."
    ),
    "role.manager.plural": "encadrants",
    "role.admin.plural": "administrateurs",
    "undecryptable": (
        "Je n'ai pas pu lire votre dernier message : il est chiffré avec une clé que je "
        "n'ai pas reçue. Pourriez-vous l'envoyer à nouveau ? Merci !"
    ),
    "storage_unavailable": (
        "Désolé, je n'arrive pas à enregistrer votre message pour le moment. Rien n'est "
        "perdu : je le traiterai de moi-même dans quelques minutes, inutile de le renvoyer. "
        "Merci de patienter avant d'écrire la suite."
    ),
    "internal_error": (
        "Désolé, un problème technique m'empêche de traiter votre message. "
        "L'équipe informatique a été prévenue ; merci de réessayer plus tard."
    ),
    "edit_ignored": (
        "Je ne tiens pas compte des messages modifiés : votre réponse d'origine est "
        "conservée. Pour la corriger, écrivez **retour** pendant l'évaluation, ou "
        "**!modifier** suivi de la catégorie."
    ),
    "attachment_unreadable": (
        "Je ne lis que les messages écrits : je ne peux pas ouvrir les fichiers, les "
        "images ni les messages vocaux. Répondez-moi par écrit, s'il vous plaît."
    ),
    "cmd.evaluer": "commence ou reprend l'évaluation de vos outils",
    "cmd.mesreponses": "affiche vos réponses",
    "cmd.modifier": "corrige vos réponses pour une catégorie",
    "cmd.langue": "change la langue de mes messages",
    "cmd.campagne": "ouvre, ferme ou suit une campagne d'évaluation",
    "cmd.rapport": "le rapport d'une campagne : classement, manques, problèmes, fichiers",
    "report.wrong_room": (
        "Le rapport n'est disponible qu'en conversation privée avec moi ou dans le salon des "
        "encadrants."
    ),
    "report.no_campaign": "Aucune campagne n'a encore été ouverte : il n'y a pas de rapport.",
    "report.unknown_campaign": "Je ne connais pas la campagne n° {value}.",
    "report.campaigns": "Campagnes : {campaigns}.",
    "report.campaign_item": "n° {id} « {title} » ({state})",
    "report.unknown_category": (
        "Je ne connais pas la catégorie « {value} ». Catégories : {choices}."
    ),
    "report.unknown_service": "Je ne connais pas le service « {value} ». Services : {choices}.",
    "report.title": "Rapport — campagne n° {id} « {title} »{scope}",
    "report.scope.category": " — {category}",
    "report.scope.service": " — service {service}",
    "report.file": "Voici le fichier {filename}.",
    "language.changed": "C'est noté : je vous écrirai désormais en français.",
    "language.invalid": "Écrivez **!langue fr** ou **!langue en**.",
    "campaign.none": (
        "Aucune évaluation n'est ouverte en ce moment : je vous écrirai dès qu'une campagne "
        "commencera."
    ),
    "campaign.start_hint": (
        "Une évaluation de nos outils est ouverte. Tapez **!évaluer** pour commencer."
    ),
    "campaign.closed": (
        "La campagne « {title} » est close : les réponses ne peuvent plus être modifiées. "
        "Merci de votre participation !"
    ),
    "campaign.invitation": (
        "Bonjour ! {organisation:Le} lance une évaluation de ses outils collaboratifs : "
        "« {title} ».{deadline}"
    ),
    "campaign.deadline": " Vous avez jusqu'au {date} pour répondre.",
    "campaign.opened": (
        "Campagne n° {id} « {title} » ouverte.{deadline} "
        "{count:agent va être invité|agents vont être invités}, à raison d'environ un par "
        "seconde. Suivez-la avec **!campagne statut**."
    ),
    "campaign.already_open": (
        "La campagne n° {id} « {title} » est déjà ouverte. Fermez-la d'abord avec "
        "**!campagne fermer**."
    ),
    "campaign.usage": (
        "Utilisation : **!campagne ouvrir <titre> [jusqu'au <date>]** (par exemple "
        "**!campagne ouvrir Outils 2027 jusqu'au 31/01/2027**), **!campagne fermer** ou "
        "**!campagne statut**."
    ),
    "campaign.bad_date": (
        "Je n'ai pas compris la date de clôture : écrivez-la à la fin, par exemple "
        "**!campagne ouvrir Outils 2027 jusqu'au 31/01/2027** (ou **jusqu'au 31/01**)."
    ),
    "campaign.past_date": "La date de clôture ne peut pas être passée ({date}).",
    "campaign.no_title": "Donnez un titre à la campagne : **!campagne ouvrir Outils 2027**.",
    "campaign.nothing_open": "Aucune campagne n'est ouverte.",
    "campaign.closed_now": (
        "Campagne n° {id} « {title} » fermée : "
        "{finished:évaluation terminée|évaluations terminées} sur "
        "{invited:agent invité|agents invités}."
    ),
    "campaign.status": (
        "**Campagne n° {id} « {title} »** ({state})\n"
        "{invited:agent invité|agents invités} : {started:a commencé|ont commencé}, "
        "{finished:a terminé|ont terminé}.\n{services}"
    ),
    "campaign.status.open": "ouverte",
    "count.fewer": "moins de {threshold}",
    "campaign.status.closed": "close",
    "campaign.status.service": (
        "• {service} : {invited:invité|invités}, {started:a commencé|ont commencé}, "
        "{finished:a terminé|ont terminé}"
    ),
    "campaign.status.small": "• {service} : moins de {threshold:personne|personnes}",
    "campaign.status.masked": (
        "• {service} : non communiqué, pour qu'un petit service ne se déduise pas du total"
    ),
    "campaign.status.no_service": "service non indiqué",
    "answers.none": "Vous n'avez encore répondu à aucune évaluation.",
    "answers.title": "**Vos réponses — {title}**",
    "modify.not_open": (
        "Aucune campagne n'est ouverte : les réponses ne peuvent plus être modifiées."
    ),
    "modify.not_started": "Vous n'avez pas encore commencé : tapez **!évaluer**.",
    "modify.which": (
        "Quelle catégorie ? Écrivez **!modifier** suivi de son numéro ou de son nom :\n{choices}"
    ),
    "cmd.relances": "active ou arrête mes rappels",
    "cmd.absent": "suspend mes rappels pendant votre absence",
    "reminder": (
        "Petit rappel : votre évaluation « {title} » n'est pas terminée ({done}/{total} "
        "catégories).{deadline} Tapez **!évaluer** pour reprendre là où vous en étiez : "
        "quelques minutes suffisent.\n"
        "(**!relances non** pour ne plus recevoir de rappel, **!absent jusqu'au JJ/MM** "
        "pendant une absence.)"
    ),
    "reminders.off": "C'est noté : je ne vous enverrai plus de rappel.",
    "reminders.on": "C'est noté : je vous rappellerai l'évaluation si elle n'est pas terminée.",
    "reminders.usage": (
        "Écrivez **!relances non** pour arrêter les rappels, **!relances oui** pour les reprendre."
    ),
    "absent.noted": "Bonne absence ! Je ne vous enverrai pas de rappel jusqu'au {date} inclus.",
    "absent.cleared": "C'est noté : votre absence est terminée.",
    "absent.usage": (
        "Écrivez **!absent jusqu'au** suivi du dernier jour de votre absence (par exemple "
        "**!absent jusqu'au 15/01** ou **!absent jusqu'au 15/01/2027**), ou **!absent non** à "
        "votre retour."
    ),
    "absent.past": (
        "Le {date} est déjà passé : indiquez le dernier jour de votre absence, par exemple "
        "**!absent jusqu'au 15/01**."
    ),
    "date.impossible": (
        "Le {day} n'existe pas : vérifiez le jour et le mois (le jour d'abord, par exemple "
        "**15/01/2027**)."
    ),
    "dialog.notice": (
        "**Évaluation de nos outils collaboratifs**\n"
        "Pour chacune des {count} catégories d'outils, je vous demande lequel vous utilisez, "
        "puis quatre notes de 0 à 10. Comptez environ cinq minutes. **!mesréponses** vous "
        "montre vos réponses à tout moment.\n"
        "À tout moment : **retour**, **passer**, **pause**, **aide**."
    ),
    "dialog.resumed": "Reprenons là où nous en étions.",
    "dialog.reask": (
        "Vous m'écrivez peut-être depuis un nouvel appareil, qui n'a pas pu lire mes "
        "derniers messages : voici la question en cours. (**!confidentialité** : ce que je "
        "fais de vos réponses.)"
    ),
    "dialog.pause": (
        "C'est noté, vos réponses sont enregistrées. Reprenez quand vous voulez avec **!évaluer**."
    ),
    "dialog.paused": "Votre évaluation est en pause. Tapez **!évaluer** pour la reprendre.",
    "dialog.done": (
        "**Merci !** Vos réponses sont enregistrées. Vous pouvez les revoir avec "
        "**!mesréponses** et corriger une catégorie avec **!modifier** suivi de son nom, "
        "tant que la campagne est ouverte."
    ),
    "dialog.already_done": (
        "Vous avez déjà terminé l'évaluation, merci ! Pour revoir vos réponses : "
        "**!mesréponses** ; pour en corriger une catégorie : **!modifier** suivi de son nom."
    ),
    "dialog.first_question": "C'est la première question : impossible de revenir en arrière.",
    "dialog.ratings_noted": "Noté : {marks}.",
    "q.header": "**{number}/{total} — {category}**",
    "q.service": (
        "Pour commencer (facultatif) : **dans quel service travaillez-vous ?**\n{choices}\n"
        "Répondez par le numéro, ou **passer**."
    ),
    "q.tool": (
        "**Quel outil utilisez-vous ?**\n{choices}\n"
        "Répondez par le numéro ou le nom ; pour un autre outil : **autre** suivi de son nom."
    ),
    "q.tool.other": "autre (précisez le nom)",
    "q.tool.none": "aucun",
    "q.rating": (
        "{tool} — **{criterion}** ({number}/{count}) : **votre note de 0 à 10 ?** "
        "(**nsp** si vous ne savez pas)"
    ),
    "q.rating.fast": "Astuce : toutes les notes d'un coup, dans l'ordre {criteria} : **{example}**",
    "q.need": "Vous n'utilisez pas d'outil de ce type. **Vous serait-il utile ?** (oui / non)",
    "q.need_why": "**Pourquoi ?** Quelques mots suffisent (ou **passer**).",
    "q.problem": ("**Quel problème rencontrez-vous avec {tool} ?** Quelques mots, ou **rien**."),
    "q.confirm": (
        "**Récapitulatif de vos réponses**\n{summary}\n\n"
        "Tout est juste ? Écrivez **valider**. Pour corriger : **retour**, ou **!modifier** "
        "suivi du nom ou du numéro de la catégorie."
    ),
    "summary.service": "Service : {service}",
    "summary.skipped": "passée",
    "summary.unanswered": "pas encore répondu",
    "summary.need.yes": "aucun outil — un outil serait utile",
    "summary.need.no": "aucun outil — pas nécessaire",
    "summary.need.unknown": "aucun outil",
    "summary.problem": "problème : « {problem} »",
    "error.rating": (
        "Je n'ai pas compris cette note. Donnez un nombre entier de 0 à 10 (par exemple **7** "
        "ou **7/10**), **nsp** si vous ne savez pas, ou toutes les notes d'un coup."
    ),
    "error.rating_range": "La note doit être comprise entre **0** et **10**.",
    "error.rating_integer": "Merci de donner un nombre entier, sans virgule (par exemple **7**).",
    "error.yes_no": "Répondez simplement par **oui** ou **non**.",
    "error.choice_range": (
        "Ce numéro n'est pas dans la liste : choisissez entre **1** et **{count}**."
    ),
    "error.service": (
        "Je ne trouve pas ce service. Répondez par son numéro (1 à {count}), ou **passer**."
    ),
    "error.other_needs_name": (
        "Précisez le nom de l'outil après « autre », par exemple : **autre Mattermost**."
    ),
    "error.tool": (
        "Je ne trouve pas cet outil dans la liste. Répondez par un numéro, par le nom d'un "
        "outil de la liste, par **autre** suivi du nom de votre outil, ou par **aucun**."
    ),
    "error.confirm": (
        "Écrivez **valider** pour enregistrer vos réponses, ou **retour** pour revenir à la "
        "dernière question."
    ),
    "error.cannot_skip": "Cette étape ne peut pas être passée : écrivez **valider** ou **retour**.",
    "error.empty": "Votre message est vide : écrivez quelques mots, ou **passer**.",
    "help.dialog": (
        "{step_help}\n"
        "Mots utiles : **retour** (question précédente), **passer** (sauter la question), "
        "**pause** (reprendre plus tard avec !évaluer)."
    ),
    "help.step.service": "Donnez le numéro de votre service dans la liste, ou **passer**.",
    "help.step.tool": (
        "Donnez le numéro ou le nom de l'outil que vous utilisez le plus, **autre** suivi "
        "de son nom s'il n'est pas dans la liste, ou **aucun**."
    ),
    "help.step.rating": (
        "Donnez une note entière de 0 (très mauvais) à 10 (excellent), **nsp** si vous ne "
        "savez pas, ou toutes les notes d'un coup séparées par des espaces."
    ),
    "help.step.need": "Répondez **oui** si un tel outil vous aiderait, sinon **non**.",
    "help.step.need_why": "Expliquez en quelques mots à quoi il vous servirait, ou **passer**.",
    "help.step.problem": ("Décrivez la principale difficulté avec cet outil, ou écrivez **rien**."),
    "help.step.confirm": "Écrivez **valider** si le récapitulatif est juste.",
    "help.step.done": "Votre évaluation est terminée.",
}

EN: dict[str, str] = {
    "welcome": (
        "Hello! I am **Harmonie**, {organisation}'s assistant for reviewing our remote-work "
        "and collaboration tools.\nType **!help** to see what I can do."
    ),
    "help.title": "**Available commands**",
    "help.footer": "Commands can be typed in lower or upper case.",
    "help.section.agent": "For every agent",
    "help.section.manager": "For managers",
    "help.section.admin": "For administrators",
    "cmd.aide": "shows this help",
    "unknown_command": (
        "I do not know the command **{command}**.{suggestion}\n"
        "Type **!help** for the list of commands."
    ),
    "unknown_command.suggestion": " Did you mean **{suggestion}**?",
    "not_allowed": (
        "Sorry, the command **{command}** is for {role_plural} only. "
        "Type **!help** to see the commands open to you."
    ),
    "role.manager.plural": "managers",
    "role.admin.plural": "administrators",
    "undecryptable": (
        "I could not read your last message: it is encrypted with a key I did not "
        "receive. Could you send it again? Thank you!"
    ),
    "storage_unavailable": (
        "Sorry, I cannot save your message right now. Nothing is lost: I will handle it "
        "myself in a few minutes, no need to send it again. Please wait before writing "
        "what comes next."
    ),
    "internal_error": (
        "Sorry, a technical problem prevents me from handling your message. The IT team "
        "has been told; please try again later."
    ),
    "edit_ignored": (
        "I do not take edited messages into account: your original answer is kept. To "
        "correct it, type **back** during the evaluation, or **!modifier** followed by "
        "the category."
    ),
    "attachment_unreadable": (
        "I can only read written messages: I cannot open files, images or voice "
        "messages. Please answer me in writing."
    ),
    "cmd.evaluer": "starts or resumes the evaluation of your tools",
    "cmd.mesreponses": "shows your answers",
    "cmd.modifier": "corrects your answers for one category",
    "cmd.langue": "changes the language of my messages",
    "cmd.campagne": "opens, closes or follows an evaluation campaign",
    "cmd.rapport": "a campaign's report: ranking, gaps, problems, files",
    "report.wrong_room": (
        "The report is only available in a private conversation with me or in the managers' room."
    ),
    "report.no_campaign": "No campaign has been opened yet: there is no report.",
    "report.unknown_campaign": "I do not know campaign no. {value}.",
    "report.campaigns": "Campaigns: {campaigns}.",
    "report.campaign_item": "no. {id} “{title}” ({state})",
    "report.unknown_category": "I do not know the category “{value}”. Categories: {choices}.",
    "report.unknown_service": "I do not know the department “{value}”. Departments: {choices}.",
    "report.title": "Report — campaign no. {id} “{title}”{scope}",
    "report.scope.category": " — {category}",
    "report.scope.service": " — department {service}",
    "report.file": "Here is the file {filename}.",
    "language.changed": "Noted: I will write to you in English from now on.",
    "language.invalid": "Type **!language fr** or **!language en**.",
    "campaign.none": "No evaluation is open at the moment: I will write as soon as one starts.",
    "campaign.start_hint": "An evaluation of our tools is open. Type **!evaluate** to begin.",
    "campaign.closed": (
        "The campaign “{title}” is closed: answers can no longer be changed. Thank you!"
    ),
    "campaign.invitation": (
        "Hello! {organisation} is reviewing its collaboration tools: “{title}”.{deadline}"
    ),
    "campaign.deadline": " You have until {date} to answer.",
    "campaign.opened": (
        "Campaign no. {id} “{title}” is open.{deadline} {count:agent|agents} will be "
        "invited, about one per second. Follow it with **!campaign status**."
    ),
    "campaign.already_open": (
        "Campaign no. {id} “{title}” is already open. Close it first with **!campaign close**."
    ),
    "campaign.usage": (
        "Usage: **!campaign open <title> [until <date>]** (for instance **!campaign open "
        "Tools 2027 until 2027-01-31**), **!campaign close** or **!campaign status**."
    ),
    "campaign.bad_date": (
        "I did not understand the closing date: put it at the end, for instance "
        "**!campaign open Tools 2027 until 2027-01-31** (or **until 31/01**, day first)."
    ),
    "campaign.past_date": "The closing date cannot be in the past ({date}).",
    "campaign.no_title": "Give the campaign a title: **!campaign open Tools 2027**.",
    "campaign.nothing_open": "No campaign is open.",
    "campaign.closed_now": (
        "Campaign no. {id} “{title}” closed: {finished:evaluation|evaluations} finished "
        "out of {invited:agent|agents} invited."
    ),
    "campaign.status": (
        "**Campaign no. {id} “{title}”** ({state})\n"
        "{invited:agent|agents} invited: {started} started, {finished} finished.\n{services}"
    ),
    "campaign.status.open": "open",
    "count.fewer": "fewer than {threshold}",
    "campaign.status.closed": "closed",
    "campaign.status.service": (
        "• {service}: {invited} invited, {started} started, {finished} finished"
    ),
    "campaign.status.small": "• {service}: fewer than {threshold:person|people}",
    "campaign.status.masked": (
        "• {service}: withheld, so that a small department cannot be deduced from the total"
    ),
    "campaign.status.no_service": "department not given",
    "answers.none": "You have not answered any evaluation yet.",
    "answers.title": "**Your answers — {title}**",
    "modify.not_open": "No campaign is open: answers can no longer be changed.",
    "modify.not_started": "You have not started yet: type **!evaluate**.",
    "modify.which": "Which category? Type **!modifier** followed by its number or name:\n{choices}",
    "cmd.relances": "turns my reminders on or off",
    "cmd.absent": "pauses my reminders while you are away",
    "reminder": (
        "A short reminder: your evaluation “{title}” is not finished ({done}/{total} "
        "categories).{deadline} Type **!evaluate** to carry on where you were: a few minutes "
        "are enough.\n"
        "(**!reminders off** to stop reminders, **!away until YYYY-MM-DD** while away.)"
    ),
    "reminders.off": "Noted: I will not send you reminders any more.",
    "reminders.on": "Noted: I will remind you of the evaluation if it is not finished.",
    "reminders.usage": (
        "Type **!reminders off** to stop reminders, **!reminders on** to resume them."
    ),
    "absent.noted": "Have a good time away! No reminder until {date} included.",
    "absent.cleared": "Noted: you are no longer marked as away.",
    "absent.usage": (
        "Type **!away until** and the last day of your absence (for instance **!away until "
        "2027-01-15**, or **!away until 15/01**, day first), or **!away back** when you are back."
    ),
    "absent.past": (
        "{date} has already passed: give the last day of your absence, for instance "
        "**!away until 2027-01-15**."
    ),
    "date.impossible": (
        "There is no {day}: check the day and the month (day first, for instance "
        "**15/01/2027**, or **2027-01-15**)."
    ),
    "dialog.notice": (
        "**Review of our collaboration tools**\n"
        "For each of the {count} kinds of tools, I will ask which one you use, then four "
        "ratings from 0 to 10. It takes about five minutes. **!mesreponses** shows your "
        "answers at any time.\n"
        "At any time: **back**, **skip**, **pause**, **help**."
    ),
    "dialog.resumed": "Let us carry on where we left off.",
    "dialog.reask": (
        "You may be writing from a new device, which could not read my last messages: "
        "here is the current question. (**!privacy**: what I do with your answers.)"
    ),
    "dialog.pause": "Noted, your answers are saved. Resume whenever you like with **!evaluer**.",
    "dialog.paused": "Your evaluation is paused. Type **!evaluer** to resume it.",
    "dialog.done": (
        "**Thank you!** Your answers are saved. See them again with **!mesreponses** and "
        "correct a category with **!modifier** followed by its name while the campaign is open."
    ),
    "dialog.already_done": (
        "You have already finished the evaluation, thank you! To see your answers again: "
        "**!mesreponses**; to correct a category: **!modifier** followed by its name."
    ),
    "dialog.first_question": "This is the first question: there is nothing to go back to.",
    "dialog.ratings_noted": "Noted: {marks}.",
    "q.header": "**{number}/{total} — {category}**",
    "q.service": (
        "To begin with (optional): **which department do you work in?**\n{choices}\n"
        "Answer with the number, or **skip**."
    ),
    "q.tool": (
        "**Which tool do you use?**\n{choices}\n"
        "Answer with the number or the name; for another tool: **other** and its name."
    ),
    "q.tool.other": "other (give its name)",
    "q.tool.none": "none",
    "q.rating": (
        "{tool} — **{criterion}** ({number}/{count}): **your rating from 0 to 10?** "
        "(**nsp** if you do not know)"
    ),
    "q.rating.fast": "Tip: all the ratings at once, in the order {criteria}: **{example}**",
    "q.need": "You use no tool of this kind. **Would one be useful to you?** (yes / no)",
    "q.need_why": "**Why?** A few words are enough (or **skip**).",
    "q.problem": "**What problem do you have with {tool}?** A few words, or **nothing**.",
    "q.confirm": (
        "**Summary of your answers**\n{summary}\n\n"
        "Is everything right? Type **confirm**. To correct: **back**, or **!modifier** "
        "followed by the name or number of the category."
    ),
    "summary.service": "Department: {service}",
    "summary.skipped": "skipped",
    "summary.unanswered": "not answered yet",
    "summary.need.yes": "no tool — one would be useful",
    "summary.need.no": "no tool — not needed",
    "summary.need.unknown": "no tool",
    "summary.problem": "problem: “{problem}”",
    "error.rating": (
        "I did not understand this rating. Give a whole number from 0 to 10 (for instance "
        "**7** or **7/10**), **nsp** if you do not know, or all the ratings at once."
    ),
    "error.rating_range": "The rating must be between **0** and **10**.",
    "error.rating_integer": "Please give a whole number, without decimals (for instance **7**).",
    "error.yes_no": "Simply answer **yes** or **no**.",
    "error.choice_range": "This number is not in the list: choose between **1** and **{count}**.",
    "error.service": (
        "I cannot find this department. Answer with its number (1 to {count}), or **skip**."
    ),
    "error.other_needs_name": (
        "Give the name of the tool after “other”, for instance: **other Mattermost**."
    ),
    "error.tool": (
        "I cannot find this tool in the list. Answer with a number, the name of a tool in "
        "the list, **other** followed by the name of your tool, or **none**."
    ),
    "error.confirm": "Type **confirm** to save your answers, or **back** to the last question.",
    "error.cannot_skip": "This step cannot be skipped: type **confirm** or **back**.",
    "error.empty": "Your message is empty: write a few words, or **skip**.",
    "help.dialog": (
        "{step_help}\n"
        "Useful words: **back** (previous question), **skip** (skip the question), "
        "**pause** (resume later with !evaluer)."
    ),
    "help.step.service": "Give the number of your department in the list, or **skip**.",
    "help.step.tool": (
        "Give the number or name of the tool you use most, **other** followed by its name "
        "if it is not in the list, or **none**."
    ),
    "help.step.rating": (
        "Give a whole rating from 0 (very poor) to 10 (excellent), **nsp** if you do not "
        "know, or all the ratings at once separated by spaces."
    ),
    "help.step.need": "Answer **yes** if such a tool would help you, otherwise **no**.",
    "help.step.need_why": "Say in a few words what you would use it for, or **skip**.",
    "help.step.problem": "Describe the main difficulty with this tool, or type **nothing**.",
    "help.step.confirm": "Type **confirm** if the summary is right.",
    "help.step.done": "Your evaluation is finished.",
}

FR |= ROLLOUT_FR | PRIVACY_FR | DIALOG_FR
EN |= ROLLOUT_EN | PRIVACY_EN | DIALOG_EN


# --------------------------------------------------------------------- French typography

# Sentence punctuation is followed by a space, the end, or what closes a phrase: "!aide" (a
# command), "14:30" (a time), "https://" (a URL) and "{n:…}" (a placeholder) are not.
_PUNCTUATION = re.compile(r"[ \u00a0\u202f]?([;:!?])(?=$|[\s*)»”\".,…])")
_OPENING = re.compile(r"«[ \u00a0\u202f]?")
_CLOSING = re.compile(r"[ \u00a0\u202f]?»")
_NUMERO = re.compile(r"\bn° ")


def french_typography(template: str) -> str:
    """A French sentence as it is printed: a narrow no-break space before ; : ! ? and inside
    « », a no-break space after "n°", so that a phone never breaks the line there."""
    spaced = _PUNCTUATION.sub(NNBSP + r"\1", template)
    spaced = _OPENING.sub("«" + NNBSP, spaced)
    spaced = _CLOSING.sub(NNBSP + "»", spaced)
    return _NUMERO.sub("n°" + NBSP, spaced)


FR = {key: french_typography(sentence) for key, sentence in FR.items()}
CATALOGUES: dict[Language, dict[str, str]] = {"fr": FR, "en": EN}


# --------------------------------------------------------------------- counts that agree


def singular(count: int, language: Language) -> bool:
    """French says "0 agent", "1 agent"; English "0 agents", "1 agent"."""
    return abs(count) < 2 if language == "fr" else count == 1


@dataclass(frozen=True)
class Fewer:
    """A count withheld for anonymity: shown as "moins de 5", agreeing as 5 would."""

    threshold: int


@dataclass(frozen=True)
class _Count:
    """An int as a placeholder: `{n}` the number, `{n:mot|mots}` the number and its words
    (a quantity: 12 500 grouped by thousands)."""

    count: int
    withheld: str | None  # "moins de 5" instead of the number
    language: Language

    def __format__(self, spec: str) -> str:
        if "|" not in spec:
            return self.withheld or format(self.count, spec)
        one, _, other = spec.partition("|")
        shown = self.withheld or _grouped(self.count, self.language)
        return f"{shown} {one if singular(self.count, self.language) else other}"


def _grouped(count: int, language: Language) -> str:
    """12500 as "12 500" in French (narrow no-break space), "12,500" in English; four
    digits stay together in French ("1000 agents")."""
    if language == "fr":
        return f"{count:,}".replace(",", NNBSP) if abs(count) >= 10_000 else str(count)
    return f"{count:,}"


# --------------------------------------------------------------------- names with an article

Article = Literal["le", "la", "l'", "les", ""]  # "": none (a place name)

# The first word of an organisation's name, and the article French puts before it.
_ARTICLE_OF: dict[str, Article] = {
    **dict.fromkeys(
        ("commune", "ville", "mairie", "region", "metropole", "communaute", "collectivite",
         "municipalite", "prefecture", "province", "direction"),
        "la",
    ),
    **dict.fromkeys(
        ("departement", "conseil", "syndicat", "centre", "pays", "territoire", "district",
         "groupement", "pole", "service", "ministere", "secretariat"),
        "le",
    ),
    **dict.fromkeys(
        ("agglomeration", "eurometropole", "etablissement", "intercommunalite", "hotel",
         "office", "agence", "union", "ecole", "universite"),
        "l'",
    ),
}  # fmt: skip
_CONTRACTED = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}
_OWN_ARTICLE = re.compile(r"^(le|la|les) (?=\S)|^(l['’])(?=\w)", re.IGNORECASE)
_VOWELS = frozenset("aeiouy")  # "de" becomes "d'" before them (not before h: h aspiré)


def _folded(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def guess_article(name: str) -> Article:
    """The article French puts before a collectivité's name, from its first word:
    "Commune de …" la, "Département …" le, "Agglomération …" l'; none for a place name
    ("Lyon") or a name that carries its own ("Le Havre")."""
    first = re.split(r"[\s'’-]", name.strip(), maxsplit=1)[0]
    return _ARTICLE_OF.get(_folded(first), "")


@dataclass(frozen=True)
class Named:
    """A proper name and the article French puts before it ("la Commune de Saint-Exemple")."""

    name: str
    article: Article = ""

    @classmethod
    def of(cls, name: str, article: Article | None = None) -> Named:
        """`article` as configured, else guessed from the name's first word."""
        return cls(name, guess_article(name) if article is None else article)

    def french(self, preposition: Literal["", "de", "à"] = "") -> str:
        """ "la Commune de X", "de la Commune de X", "du Département", "au Havre", "d'Orléans"."""
        article, name = self.article, self.name.strip()
        if not article:
            own = _OWN_ARTICLE.match(name)  # Le Havre, La Rochelle, Les Mureaux, L'Haÿ
            if own and own.group(1):
                contracted = _CONTRACTED.get((preposition, own.group(1).lower()))
                if contracted:
                    return f"{contracted} {name[own.end() :]}"
            if preposition == "de" and not own and _folded(name[:1]) in _VOWELS:
                return f"d'{name}"
            return f"{preposition} {name}" if preposition else name
        if preposition and (preposition, article) in _CONTRACTED:
            return f"{_CONTRACTED[(preposition, article)]} {name}"
        phrase = f"{article}{name}" if article == "l'" else f"{article} {name}"
        return f"{preposition} {phrase}" if preposition else phrase


@dataclass(frozen=True)
class _NamedIn:
    named: Named
    language: Language

    def __format__(self, spec: str) -> str:
        if self.language != "fr":
            return self.named.name
        preposition = _PREPOSITIONS.get(spec.lower())
        if preposition is None:
            raise ValueError(f"unknown form of a name: {spec!r} (le, de, à; Le, De, À)")
        shown = self.named.french(preposition)
        return shown[:1].upper() + shown[1:] if spec[:1].isupper() else shown


_PREPOSITIONS: dict[str, Literal["", "de", "à"]] = {"": "", "le": "", "de": "de", "à": "à"}


# --------------------------------------------------------------------- filling a sentence


def _value(value: object, language: Language) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _Count(value, None, language)
    if isinstance(value, Fewer):
        shown = text(language, "count.fewer", threshold=value.threshold)
        return _Count(value.threshold, shown, language)
    if isinstance(value, Named):
        return _NamedIn(value, language)
    return value


def text(language: Language, key: str, **values: object) -> str:
    """The sentence `key` in `language`, with its placeholders filled."""
    filled = {name: _value(value, language) for name, value in values.items()}
    return CATALOGUES[language][key].format(**filled)


def preferred(stored: str | None, default: Language) -> Language:
    """A person's chosen language if the bot speaks it, else the organisation's."""
    for language in LANGUAGES:
        if stored == language:
            return language
    return default


def typed(value: str) -> str:
    """Something a user typed, defused so that its `**` cannot turn into bold markup."""
    return value.replace("**", "*\u200b*")
