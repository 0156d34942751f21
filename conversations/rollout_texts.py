"""What the bot says about the rollout and its feedback surveys, in French and English.

Merged into the catalogues of `conversations.texts`; kept apart only for length.
"""

from __future__ import annotations

ROLLOUT_FR: dict[str, str] = {
    "cmd.deploiement": "crée ou affiche le plan de déploiement de la suite choisie",
    "cmd.etape": "marque une étape du déploiement comme faite, ou la décale",
    "cmd.formation": "ajoute une séance de formation (les agents sont prévenus la veille)",
    "cmd.avis": "transmet un problème ou une idée sur les nouveaux outils, à tout moment",
    "step.1": "associer les encadrants (groupe de travail)",
    "step.2": "communiquer",
    "step.3": "former les agents (demi-journées)",
    "step.4": "lancer des projets concrets sur la plateforme",
    "step.5": "recueillir les retours des agents",
    "rollout.usage": (
        "Utilisation :\n"
        "• **!déploiement nouveau <suite> <date>** : crée le plan, la date étant le "
        "jour du lancement (par exemple **!déploiement nouveau Suite Numérique 15/03/2027**) ;\n"
        "• **!déploiement statut** : affiche le plan ;\n"
        "• **!déploiement annuler** : annule le plan en cours."
    ),
    "rollout.admins_only": (
        "Désolé, seuls les administrateurs peuvent créer ou annuler un plan de déploiement. "
        "**!déploiement statut** vous montre le plan en cours."
    ),
    "rollout.already": (
        "Un plan de déploiement est déjà en cours : {suite}, lancement le {start}. "
        "Pour le remplacer, annulez-le d'abord avec **!déploiement annuler**."
    ),
    "rollout.bad_date": (
        "Je n'ai pas compris la date de lancement. Écrivez-la à la fin, par exemple "
        "**!déploiement nouveau Suite Numérique 15/03/2027**."
    ),
    "rollout.past_date": "La date de lancement ne peut pas être passée ({start}).",
    "rollout.no_suite": (
        "Indiquez le nom de la suite avant la date, par exemple "
        "**!déploiement nouveau Suite Numérique 15/03/2027**."
    ),
    "rollout.created": (
        "Plan de déploiement créé : **{suite}**, lancement le **{start}**.\n{steps}\n"
        "Les responsables seront prévenus {days:jour ouvré|jours ouvrés} avant chaque étape "
        "et le jour même ; une étape non faite à sa date est signalée aux administrateurs.\n"
        "Enquêtes de retour aux agents : {waves}."
    ),
    "rollout.none": (
        "Aucun plan de déploiement n'est en cours. Un administrateur peut en créer un avec "
        "**!déploiement nouveau <suite> <date>**, par exemple "
        "**!déploiement nouveau Suite Numérique 15/03/2027**."
    ),
    "rollout.status": (
        "**Déploiement de {suite}** — lancement le {start}\n{steps}\n\n"
        "**Formations** : {trainings}\n**Enquêtes de retour** : {waves}"
    ),
    "rollout.step_line": "{number}. {name} — {date} — {state} — responsables : {owners}",
    "rollout.step.done": "✅ faite le {date}",
    "rollout.step.todo": "à faire",
    "rollout.step.late": "⚠️ en retard",
    "rollout.nobody": "aucun (à configurer)",
    "rollout.no_training": (
        "aucune pour l'instant (par exemple **!formation 16/03/2027 14h00 salle du conseil**)"
    ),
    "rollout.training_line": "{date} à {time}{place}",
    "rollout.place": ", {place}",
    "rollout.wave_sent": "{date} (envoyée à {count:agent|agents})",
    "rollout.wave_planned": "{date}",
    "rollout.then_every": "puis tous les {days:jour|jours}",
    "rollout.then_quarterly": "puis chaque trimestre",
    "rollout.cancelled": (
        "Le plan de déploiement de {suite} est annulé : plus aucun rappel ni enquête ne "
        "sera envoyé pour lui. Les retours déjà reçus restent dans le rapport."
    ),
    "step.usage": (
        "Utilisation : **!étape <numéro> fait** pour marquer une étape comme faite, ou "
        "**!étape <numéro> date <date>** pour la décaler (numéro de 1 à 5), par exemple "
        "**!étape 2 date 15/03/2027**."
    ),
    "step.not_owner": (
        "Désolé, seuls les responsables de l'étape {number} ({owners}) et les "
        "administrateurs peuvent la modifier."
    ),
    "step.done": "Merci ! L'étape {number} « {name} » est marquée comme faite.",
    "step.already_done": "L'étape {number} « {name} » était déjà marquée comme faite.",
    "step.moved": (
        "L'étape {number} « {name} » est décalée au **{date}**. Les rappels suivront cette "
        "nouvelle date."
    ),
    "step.bad_date": (
        "Je n'ai pas compris la date : écrivez-la par exemple **15/03/2027** (ou **15/03**)."
    ),
    "step.past_date": "La nouvelle date ne peut pas être passée.",
    "step.moved_to_working_day": " (le {typed} n'est pas un jour ouvré)",
    "training.usage": (
        "Utilisation : **!formation <date> <heure> [lieu]**, par exemple "
        "**!formation 16/03/2027 14h00 salle du conseil**."
    ),
    "training.not_allowed": (
        "Désolé, seuls les responsables de l'étape 3 (formation) et les administrateurs "
        "peuvent ajouter une séance."
    ),
    "training.past": "Cette séance serait dans le passé : vérifiez la date et l'heure.",
    "time.impossible": (
        "L'heure {time} n'existe pas : écrivez-la par exemple **14h30**, **14h** ou **14:30**."
    ),
    "training.added": (
        "Séance de formation ajoutée : **{date} à {time}**{place}. Les agents en seront "
        "prévenus le {reminder}."
    ),
    "remind.owner": (
        "Rappel — déploiement de **{suite}** : l'étape {number} « {name} » est prévue "
        "**{when}**. Vous en êtes responsable. Une fois faite, tapez **!étape {number} fait** ; "
        "pour la décaler : **!étape {number} date JJ/MM/AAAA**."
    ),
    "remind.today": "aujourd'hui ({date})",
    "remind.on": "le {date}",
    "escalate": (
        "Déploiement de **{suite}** : l'étape {number} « {name} » était prévue le {date} et "
        "n'est pas marquée comme faite. Responsables : {owners}.\n"
        "Pour la marquer faite : **!étape {number} fait** ; pour la décaler : "
        "**!étape {number} date JJ/MM/AAAA**."
    ),
    "training.reminder": (
        "Rappel : une formation à **{suite}** a lieu le **{date} à {time}**{place}. "
        "Une demi-journée pour prendre en main les nouveaux outils : nous comptons sur vous !"
    ),
    "missed": (
        "Harmonie était arrêté quand ces envois programmés étaient dus ; ils sont trop anciens "
        "et n'ont **pas** été envoyés :\n{items}\nVous pouvez relancer vous-même les personnes "
        "concernées si besoin."
    ),
    "missed.remind": "• rappel de l'étape {number} aux responsables (prévu le {date})",
    "missed.escalate": "• alerte sur l'étape {number} en retard (prévue le {date})",
    "missed.training": "• rappel de la formation du {training} aux agents (prévu le {date})",
    "missed.wave": "• enquête de retour n° {number} aux agents (prévue le {date})",
    "feedback.intro": (
        "Bonjour ! Cela fait {days:jour|jours} que le déploiement de **{suite}** a commencé. "
        "Votre avis nous aide à l'améliorer : {count:note rapide|notes rapides} et une question, "
        "moins d'une minute. Vos réponses sont anonymes dans les rapports "
        "(**!confidentialité**)."
    ),
    "feedback.q.idea": (
        "**Un problème ou une idée à remonter sur {suite} ?** Quelques mots, ou **rien**."
    ),
    "feedback.thanks": (
        "Merci ! Votre retour sur {suite} est enregistré. À tout moment, **!avis** suivi "
        "de votre message me transmet un problème ou une idée."
    ),
    "feedback.already_done": (
        "Vous avez déjà répondu à cette enquête, merci ! Pour ajouter quelque chose : "
        "**!avis** suivi de votre message."
    ),
    "feedback.pause": (
        "C'est noté, vos réponses sont gardées. Reprenez quand vous voulez en répondant "
        "simplement à la dernière question."
    ),
    "feedback.help.rating": (
        "Donnez une note entière de 0 (très mauvais) à 10 (excellent), **nsp** si vous ne "
        "savez pas, **passer** pour ne pas noter, ou toutes les notes d'un coup séparées par "
        "des espaces. **retour** revient à la note précédente."
    ),
    "feedback.help.idea": (
        "Décrivez en quelques mots un problème rencontré ou une idée d'amélioration, ou "
        "écrivez **rien**."
    ),
    "feedback.help.done": "Votre retour est enregistré.",
    "avis.usage": (
        "Écrivez votre message après la commande, par exemple : **!avis l'agenda partagé ne "
        "s'affiche pas sur mon téléphone**.\n"
        "(Pour revenir à la question précédente de l'évaluation, écrivez **retour**, sans "
        "point d'exclamation.)"
    ),
    "avis.thanks": (
        "Merci, votre retour est transmis à l'équipe du déploiement. Il apparaîtra sans "
        "votre nom dans les rapports."
    ),
    "report.rollout.title": "Retours sur {suite} — déploiement lancé le {start}",
    "report.rollout.usage": (
        "Pour les retours sur le déploiement : **!rapport retours**, ou **!rapport retours "
        "csv** / **!rapport retours ods** pour un fichier."
    ),
    "report.rollout.none": (
        "Aucun plan de déploiement n'a encore été créé : il n'y a pas de retours à afficher."
    ),
}

ROLLOUT_EN: dict[str, str] = {
    "cmd.deploiement": "creates or shows the rollout plan of the chosen suite",
    "cmd.etape": "marks a rollout step as done, or moves it",
    "cmd.formation": "adds a training session (agents are told the working day before)",
    "cmd.avis": "passes on a problem or an idea about the new tools, at any time",
    "step.1": "involve the managers (working group)",
    "step.2": "communicate",
    "step.3": "train the agents (half-day sessions)",
    "step.4": "launch concrete projects on the platform",
    "step.5": "collect the agents' feedback",
    "rollout.usage": (
        "Usage:\n"
        "• **!rollout new <suite> <date>**: creates the plan, the date being the "
        "launch day (for instance **!rollout new Suite Numérique 2027-03-15**);\n"
        "• **!rollout status**: shows the plan;\n"
        "• **!rollout cancel**: cancels the current plan."
    ),
    "rollout.admins_only": (
        "Sorry, only administrators can create or cancel a rollout plan. "
        "**!rollout status** shows you the current plan."
    ),
    "rollout.already": (
        "A rollout plan is already in progress: {suite}, launching on {start}. "
        "To replace it, cancel it first with **!rollout cancel**."
    ),
    "rollout.bad_date": (
        "I did not understand the launch date. Put it at the end, as YYYY-MM-DD, for "
        "instance **!rollout new Suite Numérique 2027-03-15**."
    ),
    "rollout.past_date": "The launch date cannot be in the past ({start}).",
    "rollout.no_suite": (
        "Give the suite's name before the date, for instance "
        "**!rollout new Suite Numérique 2027-03-15**."
    ),
    "rollout.created": (
        "Rollout plan created: **{suite}**, launching on **{start}**.\n{steps}\n"
        "Owners will be reminded {days:working day|working days} before each step and on the "
        "day; a "
        "step not done by its date is reported to the administrators.\n"
        "Feedback surveys to the agents: {waves}."
    ),
    "rollout.none": (
        "No rollout plan is in progress. An administrator can create one with "
        "**!rollout new <suite> <date>**, for instance "
        "**!rollout new Suite Numérique 2027-03-15**."
    ),
    "rollout.status": (
        "**Rollout of {suite}** — launching on {start}\n{steps}\n\n"
        "**Training sessions**: {trainings}\n**Feedback surveys**: {waves}"
    ),
    "rollout.step_line": "{number}. {name} — {date} — {state} — owners: {owners}",
    "rollout.step.done": "✅ done on {date}",
    "rollout.step.todo": "to do",
    "rollout.step.late": "⚠️ late",
    "rollout.nobody": "nobody (to be configured)",
    "rollout.no_training": "none yet (for instance **!training 2027-03-16 14:00 council room**)",
    "rollout.training_line": "{date} at {time}{place}",
    "rollout.place": ", {place}",
    "rollout.wave_sent": "{date} (sent to {count:agent|agents})",
    "rollout.wave_planned": "{date}",
    "rollout.then_every": "then every {days:day|days}",
    "rollout.then_quarterly": "then every quarter",
    "rollout.cancelled": (
        "The rollout plan of {suite} is cancelled: no more reminders or surveys will be "
        "sent for it. The feedback already received stays in the report."
    ),
    "step.usage": (
        "Usage: **!step <number> done** to mark a step as done, or "
        "**!step <number> date <date>** to move it (number from 1 to 5), for instance "
        "**!step 2 date 2027-03-15**."
    ),
    "step.not_owner": (
        "Sorry, only the owners of step {number} ({owners}) and the administrators can change it."
    ),
    "step.done": "Thank you! Step {number} “{name}” is marked as done.",
    "step.already_done": "Step {number} “{name}” was already marked as done.",
    "step.moved": (
        "Step {number} “{name}” is moved to **{date}**. Reminders will follow the new date."
    ),
    "step.bad_date": (
        "I did not understand the date: write it as **2027-03-15**, or day first as **15/03/2027**."
    ),
    "step.past_date": "The new date cannot be in the past.",
    "step.moved_to_working_day": " ({typed} is not a working day)",
    "training.usage": (
        "Usage: **!training <date> <time> [place]**, for instance "
        "**!training 2027-03-16 14:00 council room**."
    ),
    "training.not_allowed": (
        "Sorry, only the owners of step 3 (training) and the administrators can add a session."
    ),
    "training.past": "This session would be in the past: please check the date and time.",
    "time.impossible": "There is no {time}: write the time as **14:30**, or **14h30**.",
    "training.added": (
        "Training session added: **{date} at {time}**{place}. The agents will be told on "
        "{reminder}."
    ),
    "remind.owner": (
        "Reminder — rollout of **{suite}**: step {number} “{name}” is due **{when}**. You "
        "own it. Once done, type **!step {number} done**; to move it: "
        "**!step {number} date YYYY-MM-DD**."
    ),
    "remind.today": "today ({date})",
    "remind.on": "on {date}",
    "escalate": (
        "Rollout of **{suite}**: step {number} “{name}” was due on {date} and is not marked "
        "as done. Owners: {owners}.\n"
        "To mark it done: **!step {number} done**; to move it: "
        "**!step {number} date YYYY-MM-DD**."
    ),
    "training.reminder": (
        "Reminder: a training session on **{suite}** takes place on **{date} at {time}**"
        "{place}. Half a day to get to grips with the new tools: we are counting on you!"
    ),
    "missed": (
        "Harmonie was stopped when these scheduled messages were due; they are too old and "
        "were **not** sent:\n{items}\nYou may contact the people concerned yourself if needed."
    ),
    "missed.remind": "• reminder of step {number} to its owners (due on {date})",
    "missed.escalate": "• alert on late step {number} (due on {date})",
    "missed.training": "• reminder of the {training} training session to agents (due {date})",
    "missed.wave": "• feedback survey no. {number} to the agents (due on {date})",
    "feedback.intro": (
        "Hello! The rollout of **{suite}** started {days:day|days} ago. Your opinion helps us "
        "improve it: {count:quick rating|quick ratings} and one question, under a minute. Your "
        "answers are "
        "anonymous in the reports (**!privacy**)."
    ),
    "feedback.q.idea": (
        "**A problem or an idea to pass on about {suite}?** A few words, or **nothing**."
    ),
    "feedback.thanks": (
        "Thank you! Your feedback on {suite} is saved. At any time, **!feedback** followed by "
        "your message passes a problem or an idea on to me."
    ),
    "feedback.already_done": (
        "You have already answered this survey, thank you! To add something: **!feedback** "
        "followed by your message."
    ),
    "feedback.pause": (
        "Noted, your answers are kept. Carry on whenever you like by answering the last question."
    ),
    "feedback.help.rating": (
        "Give a whole rating from 0 (very poor) to 10 (excellent), **nsp** if you do not "
        "know, **skip** to leave it out, or all the ratings at once separated by spaces. "
        "**back** returns to the previous rating."
    ),
    "feedback.help.idea": (
        "Describe in a few words a problem you met or an idea for improvement, or type **nothing**."
    ),
    "feedback.help.done": "Your feedback is saved.",
    "avis.usage": (
        "Write your message after the command, for instance: **!feedback the shared calendar "
        "does not show on my phone**.\n"
        "(To go back to the previous question of the evaluation, type **back**, without an "
        "exclamation mark.)"
    ),
    "avis.thanks": (
        "Thank you, your feedback is passed on to the rollout team. It will appear without "
        "your name in the reports."
    ),
    "report.rollout.title": "Feedback on {suite} — rollout launched on {start}",
    "report.rollout.usage": (
        "For the rollout feedback: **!report feedback**, or **!report feedback csv** / "
        "**!report feedback ods** for a file."
    ),
    "report.rollout.none": "No rollout plan has been created yet: there is no feedback to show.",
}
