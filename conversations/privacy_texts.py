"""What the bot tells agents about their data, in French and English.

Merged into the catalogues of `conversations.texts`; kept apart only for length.
"""

from __future__ import annotations

PRIVACY_FR: dict[str, str] = {
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
        "de texte) : vos participations, vos réponses, vos retours et vos préférences."
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
        "{feedback:enquête de retour|enquêtes de retour} et "
        "{comments:commentaire|commentaires}, ainsi que vos préférences"
    ),
    "privacy.forgotten": (
        "C'est fait : j'ai effacé vos réponses à {campaigns:campagne|campagnes} "
        "({answers:catégorie|catégories}), {feedback:enquête de retour|enquêtes de retour}, "
        "{comments:commentaire|commentaires} et vos préférences. Les rapports ne vous comptent "
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
}

PRIVACY_EN: dict[str, str] = {
    "cmd.confidentialite": "what I do with your data, and your rights",
    "cmd.mesdonnees": "sends you all your data, in a file",
    "cmd.oublier": "erases your answers and comments (after confirmation)",
    "privacy.notice": (
        "🔒 **Your data**\n"
        "• **Why**: your answers help {organisation} choose safe and useful work tools.\n"
        "• **Who sees what**: managers only see overall results, never your answers with "
        "your name, and nothing for a group of fewer than {threshold:person|people}.\n"
        "• **How long**: your detailed answers are erased {days:day|days} after the campaign "
        "ends; only the overall report is kept.\n"
        "• **Data controller**: {controller}{contact}.\n"
        "• **Your rights**: **!mydata** sends you everything I keep about you; **!forget** "
        "erases it; **!privacy** shows this message."
    ),
    "privacy.contact": " — contact: {contact}",
    "privacy.export": (
        "Here is everything I keep about you, in a JSON file (readable with a text editor): "
        "your participations, your answers, your feedback and your preferences."
    ),
    "privacy.nothing": "I keep no data about you.",
    "privacy.forget_confirm": (
        "You are about to erase {what}. The reports will no longer count you (the overall "
        "results already published for a closed campaign, anonymous, stay as they are). "
        "This cannot be undone.\n"
        "To confirm, type **!forget confirm**."
    ),
    "privacy.forget_what": (
        "your answers to {campaigns:campaign|campaigns} ({answers:category|categories}), "
        "{feedback:feedback survey|feedback surveys} and {comments:comment|comments}, and your "
        "preferences"
    ),
    "privacy.forgotten": (
        "Done: I erased your answers to {campaigns:campaign|campaigns} "
        "({answers:category|categories}), {feedback:feedback survey|feedback surveys}, "
        "{comments:comment|comments} and your preferences. The "
        "reports no longer count you (the overall results already published for a closed "
        "campaign, anonymous, stay as they are). This room "
        "stays in your app: you may leave it if you wish."
    ),
    "privacy.forget_usage": "To erase your data, type **!forget**, then **!forget confirm**.",
    "answers.purged": (
        "Your answers to the campaign “{title}” were erased at the end of the planned "
        "retention period; only the anonymous overall report was kept."
    ),
    "report.purged": (
        "Report kept on {date}: this campaign's detailed answers were erased after "
        "{days:day|days}, as planned; only this overall report remains (no filter, no file)."
    ),
}
