"""Every sentence the bot says in French, by key; `conversations.texts` reads it.

One catalogue for the language, so that a translator or a proofreader reads one file: it is
long (over 400 lines) because the bot says many things, and each entry is one sentence.
Written with ordinary spaces before ; : ! ? and inside « »: `french_typography` turns them
into narrow no-break spaces once, when the catalogue is loaded.
"""

FR: dict[str, str] = {
    # --- the bot, its commands, campaigns, reports, reminders
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
    "wrong_room": (
        "La commande **{command}** n'est disponible qu'en conversation privée avec moi ou "
        "dans le salon des encadrants."
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
        "L'équipe informatique a été prévenue ; merci de réessayer plus tard. "
        "Si vous la contactez, donnez-lui cette référence : {reference}."
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
    "report.no_campaign": "Aucune campagne n'a encore été ouverte : il n'y a pas de rapport.",
    "report.unknown_campaign": "Je ne connais pas la campagne n° {value}.",
    "report.campaigns": "Campagnes : {campaigns}.",
    "report.campaign_item": "n° {id} « {title} » ({state})",
    "report.unknown_category": (
        "Je ne connais pas la catégorie « {value} ». Catégories : {choices}."
    ),
    "report.unknown_service": "Je ne connais pas le service « {value} ». Services : {choices}.",
    "report.title": "Rapport — campagne n° {id} « {title} »{scope}",
    "report.choice.title": "Choix de la suite — essai n° {id}",
    "report.choice.title_no_trial": "Choix de la suite — avant tout essai",
    "report.choice.usage": "Utilisation : !rapport choix [csv | ods | graphique]",
    "report.choice.no_trial": (
        "Aucun essai pour l'instant : les suites sont comparées sur les faits seulement. "
        "Pour les faire essayer au groupe pilote : !essai ouvrir <suite>, <suite>."
    ),
    "report.choice.waiting": (
        "Essai n° {id} en cours : les avis des pilotes paraîtront à sa clôture "
        "(publiés au fil des réponses, deux rapports successifs montreraient la réponse "
        "d'une seule personne). D'ici là, les suites sont comparées sur les faits."
    ),
    "report.choice.purged": (
        "Les réponses de l'essai n° {id} ont été effacées le {date} (durée de conservation) : "
        "les suites sont comparées sur les faits seulement."
    ),
    "report.choice.needs_unknown": (
        "Aucune évaluation aux résultats publiés : chaque catégorie compte comme un besoin."
    ),
    "report.choice.agents_unknown": (
        "Nombre d'agents inconnu : les coûts annuels sont donnés pour un agent."
    ),
    "report.scope.category": " — {category}",
    "report.scope.service": " — service {service}",
    "report.file": "Voici le fichier {filename}.",
    "language.changed": "C'est noté : je vous écrirai désormais en français.",
    "language.invalid": "Écrivez **!langue fr** ou **!langue en**.",
    # --- the pilot trial, for admins (!essai), its invitation, questions and reminders
    "cmd.essai": "ouvre, suit ou ferme l'essai des suites candidates par le groupe pilote",
    "trial.admin.usage": (
        "Utilisation : **!essai ouvrir <suite>, <suite> [jusqu'au <date>]** (par exemple "
        "**!essai ouvrir alpha, beta jusqu'au 31/03/2027**), **!essai statut** ou "
        "**!essai fermer**."
    ),
    "trial.admin.no_catalogue": (
        "Aucun catalogue de suites candidates n'est configuré : indiquez son fichier dans la "
        "section **[choice]** de la configuration, clé **catalogue** (au format de "
        "suites.example.toml), puis redémarrez le bot."
    ),
    "trial.admin.no_pilots": (
        "Aucun groupe pilote n'est configuré : dans la section **[choice]** de la "
        "configuration, indiquez les pilotes avec la clé **pilots** (leurs identifiants "
        "Matrix) ou **pilots_room** (un salon dont les membres sont les pilotes), puis "
        "redémarrez le bot."
    ),
    "trial.admin.empty_room": (
        "Je ne vois aucun membre dans le salon des pilotes (clé **pilots_room** de la section "
        "**[choice]**) : vérifiez que j'en fais partie et que les pilotes l'ont rejoint, ou "
        "nommez-les avec la clé **pilots**."
    ),
    "trial.admin.already_open": (
        "L'essai n° {id} ({suites}) est déjà ouvert. Fermez-le d'abord avec **!essai fermer**."
    ),
    "trial.admin.bad_date": (
        "Je n'ai pas compris la date de fin : écrivez-la à la fin, par exemple "
        "**!essai ouvrir alpha, beta jusqu'au 31/03/2027** (ou **jusqu'au 31/03**)."
    ),
    "trial.admin.past_date": "La date de fin de l'essai ne peut pas être passée ({date}).",
    "trial.admin.unknown_suite": (
        "Je ne connais pas la suite « {value} » : je n'ai pas ouvert l'essai."
    ),
    "trial.admin.suggestion": "Vouliez-vous dire **{suite}** ?",
    "trial.admin.catalogue": "Suites du catalogue : {keys}.",
    "trial.admin.opened": (
        "Essai n° {id} ouvert : {suites}. {count:pilote va être invité|pilotes vont être "
        "invités}, à raison d'environ un par seconde."
    ),
    "trial.admin.opened.end": (
        "Il se termine le {date} : les questions partiront le {ask}, en heures de travail, "
        "suivies de rappels comme pour une campagne."
    ),
    "trial.admin.opened.no_end": (
        "Sans date de fin : chaque pilote répondra aux questions en m'écrivant, une fois les "
        "suites essayées."
    ),
    "trial.admin.opened.needs": (
        "Les questions porteront sur les besoins relevés par la campagne n° {campaign} "
        "« {title} » : {categories}."
    ),
    "trial.admin.opened.every_category": (
        "Aucune campagne close ne dit les besoins : les questions porteront sur toutes les "
        "catégories que chaque suite couvre."
    ),
    "trial.admin.opened.nothing_to_rate": (
        "Attention : {suite} ne couvre aucun de ces besoins, les pilotes pourront seulement "
        "la commenter."
    ),
    "trial.admin.opened.follow": "Suivez-le avec **!essai statut**.",
    "trial.admin.none": "Aucun essai n'a encore été ouvert.",
    "trial.admin.nothing_open": "Aucun essai n'est ouvert.",
    "trial.admin.status": (
        "**Essai n° {id}** ({state}) : {suites}\n"
        "{pilots:pilote|pilotes}, dont {invited:invité|invités} : "
        "{started:a commencé|ont commencé} à répondre, {finished:a terminé|ont terminé}.\n{end}"
    ),
    "trial.admin.status.open": "ouvert",
    "trial.admin.status.closed": "clos",
    "trial.admin.status.end": "Fin de l'essai : le {date}.",
    "trial.admin.status.no_end": "Pas de date de fin.",
    "trial.admin.closed": (
        "Essai n° {id} fermé ({suites}) : {finished:pilote a terminé|pilotes ont terminé} "
        "sur {pilots}. Le rapport et la recommandation : **!rapport choix**."
    ),
    "trial.admin.invitation.where": "Où et comment les essayer :",
    "trial.admin.invitation.suite": "• **{suite}** : {access}",
    "trial.admin.invitation.suite_no_access": (
        "• **{suite}** : votre service informatique vous dira comment y accéder"
    ),
    "trial.admin.invitation.end": (
        "Quelques jours avant la fin de l'essai, le {ask}, je vous écrirai ici pour vous "
        "poser mes questions sur chacune."
    ),
    "trial.admin.invitation.no_end": (
        "Quand vous les aurez essayées, écrivez-moi ici : je vous poserai alors mes questions "
        "sur chacune."
    ),
    "trial.admin.ask": (
        "L'essai des suites se termine le {date} : voici mes questions sur chacune, l'une "
        "après l'autre. Répondez comme pour l'évaluation ; **passer** si vous n'avez pas pu "
        "essayer, **pause** pour reprendre plus tard."
    ),
    "trial.admin.reminder": (
        "Petit rappel : vos réponses sur l'essai des suites ne sont pas terminées "
        "({done}/{total} suites).{deadline} Voici où nous en étions.\n"
        "(**!relances non** pour ne plus recevoir de rappel, **!absent jusqu'au JJ/MM** "
        "pendant une absence.)"
    ),
    "trial.admin.reminder.deadline": " L'essai se termine le {date}.",
    "trial.admin.reminder.paused": (
        "Petit rappel : vos réponses sur l'essai des suites sont en pause ({done}/{total} "
        "suites).{deadline} Écrivez-moi n'importe quel message pour reprendre là où vous en "
        "étiez.\n"
        "(**!relances non** pour ne plus recevoir de rappel, **!absent jusqu'au JJ/MM** "
        "pendant une absence.)"
    ),
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
    "q.tool.other": "autre (précisez le nom)",
    "q.tool.none": "aucun",
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
    "summary.need.yes": "aucun outil — un outil serait utile",
    "summary.need.no": "aucun outil — pas nécessaire",
    "summary.need.unknown": "aucun outil",
    "summary.problem": "problème : « {problem} »",
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
    "help.step.need": "Répondez **oui** si un tel outil vous aiderait, sinon **non**.",
    "help.step.need_why": "Expliquez en quelques mots à quoi il vous servirait, ou **passer**.",
    "help.step.problem": ("Décrivez la principale difficulté avec cet outil, ou écrivez **rien**."),
    "help.step.confirm": "Écrivez **valider** si le récapitulatif est juste.",
    "help.step.done": "Votre évaluation est terminée.",
    # --- the rollout and its feedback surveys
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
        "• **!déploiement nouveau [suite] <date>** : crée le plan, la date étant le "
        "jour du lancement (par exemple **!déploiement nouveau Suite Numérique 15/03/2027**) ; "
        "sans nom, la suite retenue avec **!choix retenir** ;\n"
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
        "**!déploiement nouveau Suite Numérique 15/03/2027**, ou retenez-en une d'abord avec "
        "**!choix retenir <suite>** : elle sera prise par défaut."
    ),
    "rollout.retained_used": "C'est la suite retenue le {date} avec **!choix retenir**.",
    "rollout.retained_other": (
        "Note : la suite retenue le {date} est {retained} ; ce plan déploie {suite}, comme "
        "vous l'avez indiqué."
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
    # --- phase 2, « choisir » : !choix
    "cmd.choix": (
        "les besoins issus de l'évaluation, la comparaison des suites candidates, la suite retenue"
    ),
    "choice.usage": (
        "Utilisation :\n"
        "• **!choix besoins** : les besoins issus de l'évaluation, la barre qu'une suite doit "
        "franchir ;\n"
        "• **!choix comparer** : les suites candidates face à ces besoins ;\n"
        "• **!choix retenir <suite> [motif]** : enregistre la suite retenue (administrateurs)."
    ),
    "choice.no_catalogue": (
        "Aucun catalogue de suites candidates n'est configuré : la phase « choisir » est "
        "désactivée. Pour l'activer, copiez suites.example.toml en suites.toml, décrivez-y "
        "les suites que vous envisagez, puis indiquez ce fichier dans la configuration, "
        'section [choice] : catalogue = "suites.toml".'
    ),
    "choice.decision": "Suite retenue le {date} par {who} : **{suite}**.{reason}",
    "choice.decision.reason": " Motif : « {reason} ».",
    "choice.decision.none": "Aucune suite n'a encore été retenue.",
    "choice.decision_line": "Suite retenue le {date} : {suite}{reason}",
    "choice.decision_line.reason": " — motif : « {reason} »",
    "choice.needs.title": "Besoins — campagne n° {id} « {title} »",
    "choice.needs.no_campaign": (
        "Aucune campagne d'évaluation n'a encore été ouverte : les besoins se lisent dans "
        "ses résultats. Un administrateur en ouvre une avec **!campagne ouvrir <titre>**."
    ),
    "choice.needs.until_date": (
        "La campagne n° {id} « {title} » est en cours : ses résultats, et donc les besoins, "
        "paraîtront à sa clôture, prévue le {date}. D'ici là, **!rapport** montre la "
        "participation."
    ),
    "choice.needs.until_closed": (
        "La campagne n° {id} « {title} » est en cours : ses résultats, et donc les besoins, "
        "paraîtront quand un administrateur la fermera (**!campagne fermer**). D'ici là, "
        "**!rapport** montre la participation."
    ),
    "choice.needs.none": (
        "Aucun besoin ne ressort de la campagne n° {id} « {title} » : aucun outil utilisé ni "
        "jugé nécessaire, ou trop peu de réponses pour le dire (il en faut au moins "
        "{threshold} par groupe)."
    ),
    "choice.needs.bar": (
        "Une suite candidate doit couvrir chaque besoin, et faire au moins aussi bien que "
        "l'outil actuel sur ses points faibles."
    ),
    "choice.needs.live": (
        "La campagne est encore ouverte : ces besoins peuvent changer d'ici sa clôture."
    ),
    "choice.needs.next": "Comparez les suites candidates avec **!choix comparer**.",
    "choice.compare.title": "Suites candidates — besoins de la campagne n° {id} « {title} »",
    "choice.compare.title_all": "Suites candidates — toutes les catégories du questionnaire",
    "choice.compare.needs_unknown": (
        "Besoins pas encore connus (voir **!choix besoins**) : la couverture est comptée sur "
        "toutes les catégories du questionnaire."
    ),
    "choice.compare.next": (
        "Un administrateur enregistre la suite retenue avec **!choix retenir <suite> "
        "[motif]** (suites : {keys})."
    ),
    "choice.retain.admins_only": (
        "Désolé, seuls les administrateurs peuvent retenir une suite : {admins}. "
        "**!choix comparer** prépare leur décision."
    ),
    "choice.retain.usage": (
        "Indiquez la suite à retenir, par sa clé ou son nom, puis le motif si vous le "
        "souhaitez : par exemple **!choix retenir {example} couvre tous nos besoins**. "
        "Suites du catalogue : {keys}."
    ),
    "choice.retain.unknown": (
        "Je ne connais pas la suite « {value} ».{suggestion} Suites du catalogue : {keys}."
    ),
    "choice.retain.suggestion": " Vouliez-vous dire **{suggestion}** ?",
    "choice.retain.done": (
        "C'est noté : **{suite}** est la suite retenue.{reason}{earlier}\n"
        "Étape suivante, le déploiement : **!déploiement nouveau <date>** prendra cette "
        "suite par défaut."
    ),
    "choice.retain.reason": " Motif : « {reason} ».",
    "choice.retain.replaces": " Elle remplace {previous}, retenue le {date}.",
    "choice.retain.again": " Elle l'était déjà depuis le {date}.",
    "choice.retain.missing": (
        "⚠️ Attention : {suite} ne couvre pas tous les besoins ({covered}/{needed}) ; il "
        "manque : {categories}. Il faudra un autre outil pour ceux-là."
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
    # --- the pilot trial's questionnaire (conversations/trial.py)
    "trial.intro": (
        "Bonjour ! Vous faites partie du groupe pilote qui essaie "
        "{count:suite candidate|suites candidates} avant le choix d'une suite collaborative : "
        "{suites}.{until}\n"
        "Essayez les modules de chacune, puis donnez-moi votre avis ici : trois notes par "
        "module essayé ({criteria}) et un commentaire par suite."
    ),
    "trial.until": " L'essai dure jusqu'au {date}.",
    "trial.q.tried": (
        "**Quels modules avez-vous essayés ?**\n{choices}\n"
        "Répondez par les numéros ou les noms (par exemple **{example}**), **tous** ou **aucun**."
    ),
    "trial.q.comment": (
        "**Un commentaire sur {suite} ?** Ce qui vous a plu, gêné ou manqué, en quelques mots, "
        "ou **RAS**."
    ),
    "trial.tried_noted": "Noté : {categories}.",
    "trial.tried_none": "Noté : aucun module essayé.",
    "trial.ratings_noted": "Noté pour {module} : {marks}.",
    "trial.comment_noted": "Merci, votre avis sur {suite} est enregistré.",
    "trial.thanks": (
        "**Merci !** Vos réponses sur l'essai sont enregistrées : elles comptent pour le choix "
        "de la suite."
    ),
    "trial.already_done": "Vous avez déjà répondu au questionnaire de l'essai, merci !",
    "trial.pause": (
        "C'est noté, vos réponses sont gardées. Reprenez quand vous voulez : écrivez-moi "
        "n'importe quel message."
    ),
    "trial.resumed": "Reprenons le questionnaire de l'essai là où nous en étions.",
    "trial.now": "Merci ! Voici les questions de l'essai, suite par suite :",
    "trial.help": (
        "{step_help}\n"
        "Mots utiles : **retour** (question précédente), **passer** (sauter la question), "
        "**pause** (reprendre plus tard)."
    ),
    "trial.help.tried": (
        "Indiquez les modules que vous avez essayés : leurs numéros (**1 3 4**, **1-3**) ou "
        "leurs noms, **tous**, ou **aucun** si vous n'avez pas pu essayer cette suite."
    ),
    "trial.help.rating": (
        "Donnez trois notes de 0 (très mauvais) à 10 (excellent), d'un coup (**8 7 9**) ou "
        "une à une ; demi-points acceptés (7,5), **nsp** si vous ne savez pas.\n{scales}"
    ),
    "trial.help.scale": "• {criterion} : {scale}",
    "trial.help.comment": (
        "Écrivez en quelques mots ce qui vous a plu, gêné ou manqué dans {suite}, ou **RAS** "
        "si vous n'avez rien à ajouter."
    ),
    "trial.error.tried": (
        "Je n'ai pas compris quels modules vous avez essayés. Répondez par leurs numéros "
        "(par exemple **1 3**), leurs noms, **tous** ou **aucun**."
    ),
    "trial.error.tried_number": (
        "Il n'y a pas de module n° {number} : choisissez entre **1** et **{count}**."
    ),
    "trial.error.tried_unknown": (
        "Je ne trouve pas « {name} » parmi les modules de cette suite. Répondez par leurs "
        "numéros ou leurs noms."
    ),
    "trial.error.tried_close": (
        "Je ne trouve pas « {name} » : vouliez-vous dire **{close}** ? Répondez par les "
        "numéros ou les noms de la liste."
    ),
    "trial.error.tried_ambiguous": (
        "Plusieurs modules correspondent à « {name} » : répondez par leurs numéros."
    ),
    "trial.error.tried_mixed": (
        "« tous » et « aucun » s'écrivent seuls : répondez **tous**, **aucun**, ou les modules "
        "essayés."
    ),
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
    # --- an agent's data
    "cmd.confidentialite": "ce que je fais de vos données, et vos droits",
    "cmd.mesdonnees": "vous envoie toutes vos données, dans un fichier",
    "cmd.oublier": "efface vos réponses et vos commentaires (après confirmation)",
    "privacy.notice": (
        "🔒 **Vos données**\n"
        "• **Pourquoi** : vos réponses aident {organisation} à choisir des outils de travail "
        "sûrs et utiles.\n"
        "• **Qui voit quoi** : les encadrants ne voient que des résultats d'ensemble, jamais "
        "vos réponses avec votre nom, et rien pour un groupe de moins de "
        "{threshold:personne|personnes}.\n"
        "• **Combien de temps** : vos réponses détaillées sont effacées {days:jour|jours} après "
        "la fin de la campagne ; seul le rapport d'ensemble est gardé.\n"
        "• **Responsable du traitement** : {controller}{contact}.\n"
        "• **Vos droits** : **!mesdonnées** vous envoie tout ce que je garde sur vous ; "
        "**!oublier** l'efface ; **!confidentialité** affiche ce message."
    ),
    "privacy.contact": " — contact : {contact}",
    "privacy.export": (
        "Voici tout ce que je garde sur vous, dans un fichier JSON (lisible avec un éditeur "
        "de texte) : vos participations, vos réponses, vos retours, vos avis d'essai pilote et vos "
        "préférences."
    ),
    "privacy.nothing": "Je ne garde aucune donnée sur vous.",
    "privacy.forget_confirm": (
        "Vous allez effacer {what}. Les rapports ne vous compteront plus (les résultats "
        "d'ensemble déjà publiés d'une campagne close, anonymes, restent tels quels). "
        "Cela ne peut pas être annulé.\n"
        "Pour confirmer, tapez **!oublier confirmer**."
    ),
    "privacy.forget_what": (
        "vos réponses à {campaigns:campagne|campagnes} ({answers:catégorie|catégories}), "
        "{feedback:enquête de retour|enquêtes de retour}, "
        "{comments:commentaire|commentaires} et {trials:essai pilote|essais pilotes}, ainsi que "
        "vos préférences"
    ),
    "privacy.forgotten": (
        "C'est fait : j'ai effacé vos réponses à {campaigns:campagne|campagnes} "
        "({answers:catégorie|catégories}), {feedback:enquête de retour|enquêtes de retour}, "
        "{comments:commentaire|commentaires}, {trials:essai pilote|essais pilotes} et vos "
        "préférences. Les rapports ne vous comptent "
        "plus (les résultats d'ensemble déjà publiés d'une campagne close, anonymes, restent "
        "tels quels). Ce salon reste dans votre "
        "application : vous pouvez le quitter si vous le souhaitez."
    ),
    "privacy.forget_usage": (
        "Pour effacer vos données, tapez **!oublier**, puis **!oublier confirmer**."
    ),
    "answers.purged": (
        "Vos réponses à la campagne « {title} » ont été effacées à la fin de la durée de "
        "conservation prévue ; seul le rapport d'ensemble, anonyme, a été gardé."
    ),
    "report.purged": (
        "Rapport conservé le {date} : les réponses détaillées de cette campagne ont été "
        "effacées au bout de {days:jour|jours}, comme prévu ; seul ce rapport d'ensemble reste "
        "(sans filtre ni fichier)."
    ),
    # --- the evaluation dialog: questions, acknowledgements, readings offered back, refusals
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
    # --- the benchmark across the organisations of one structure (scoring/benchmark.py)
    "benchmark.staff.title": "Comparaison des communes — {structure}",
    "benchmark.staff.intro": (
        "{count:commune a des résultats publiés|communes ont des résultats publiés}. Une note "
        "n'est comparée que si au moins {threshold} communes l'ont."
    ),
    "benchmark.staff.without": "Sans aucune note comparée ici : {names}.",
    "benchmark.staff.withheld": (
        "« — » : note non comparée, parce que moins de {threshold} communes l'ont, ou parce "
        "que la commune ne l'a pas (trop peu de réponses pour respecter l'anonymat)."
    ),
    "benchmark.staff.too_few": (
        "{category} : pas assez de communes comparables ({count:commune a une note|communes "
        "ont une note}, il en faut au moins {threshold})."
    ),
    "benchmark.staff.distribution": "{category} — répartition",
    "benchmark.staff.by_organisation": "{category} — par commune",
    "benchmark.label.score": "Note",
    "benchmark.label.overall": "Note globale",
    "benchmark.label.organisations": "Communes",
    "benchmark.label.low_quartile": "1er quartile",
    "benchmark.label.median": "Médiane",
    "benchmark.label.high_quartile": "3e quartile",
    "benchmark.label.organisation": "Commune",
    "benchmark.label.respondents": "Répondants",
    "benchmark.label.rank": "Rang",
    "benchmark.rank": "{rank} sur {count}",
    "benchmark.organisation.title": "Votre commune parmi les communes comparables — {name}",
    "benchmark.organisation.intro": (
        "Chaque note de votre commune est située parmi celles des autres communes qui ont "
        "publié leurs résultats, sans qu'aucune soit nommée ni sa note donnée, et seulement "
        "face à au moins {threshold} autres communes."
    ),
    "benchmark.organisation.no_results": (
        "Votre commune n'a pas encore de résultats publiés : il n'y a rien à comparer."
    ),
    "benchmark.organisation.compared": (
        "{label} : {score}/10, au-dessus de {share} des communes comparables "
        "({count:commune|communes})"
    ),
    "benchmark.organisation.top": (
        "{label} : {score}/10, au-dessus de toutes les communes comparables "
        "({count:commune|communes})"
    ),
    "benchmark.organisation.bottom": (
        "{label} : {score}/10, au niveau le plus bas des communes comparables "
        "({count:commune|communes})"
    ),
    "benchmark.organisation.too_few": (
        "{label} : {score}/10, pas assez de communes comparables (il en faut au moins {threshold})"
    ),
    "benchmark.organisation.no_score": (
        "{label} : pas de note pour votre commune (trop peu de réponses pour respecter l'anonymat)"
    ),
    "benchmark.organisation.lowest": "Là où votre commune est le plus en retrait",
    "benchmark.organisation.lowest_none": (
        "Sur aucun critère comparé votre commune n'est dans la moitié basse des communes "
        "comparables."
    ),
    # --- a structure serving several organisations: whose message it is (bot/tenants.py)
    "tenant.unknown": (
        "Bonjour ! Je suis **Harmonie**, l'assistant {organisation:de} pour les outils de "
        "travail à distance et de collaboration des communes qu'elle accompagne. Je ne sais "
        "pas à quelle commune vous rattacher : demandez à l'administrateur d'Harmonie de "
        "votre commune de vous ajouter à sa liste."
    ),
    "tenant.ambiguous": (
        "Vous figurez parmi les agents de plusieurs communes ({organisations}) : je ne sais "
        "pas pour laquelle vous répondez. Demandez à l'administrateur d'Harmonie de votre "
        "commune de vous ajouter à sa liste : c'est elle qui comptera."
    ),
    "structure.welcome": (
        "Bonjour ! Vous faites partie de l'équipe {organisation:de}. Tapez **!rapport "
        "comparaison** pour comparer les communes qui ont publié leurs résultats, ou "
        "**!rapport comparaison <catégorie>** pour une seule catégorie."
    ),
    "structure.no_scores": (
        "Aucune commune n'a encore publié de résultats : il n'y a rien à comparer."
    ),
    # --- !rapport comparaison (bot/handlers/comparison.py, bot/handlers/structure.py)
    "report.comparison.alone": (
        "Cette installation d'Harmonie ne sert qu'une collectivité, {organisation} : il n'y "
        "en a aucune autre à laquelle la comparer. La comparaison existe quand une structure "
        "(un centre de gestion, une intercommunalité) sert plusieurs communes avec la même "
        "installation."
    ),
    "benchmark.staff.rows": "{first} à {last} sur {count}",
}
