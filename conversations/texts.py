"""Every sentence the bot says, one catalogue per language (French first).

Texts are Markdown-light: `**bold**` and line breaks only, turned into HTML by
`conversations.formatting`. Placeholders use str.format names.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")

FR: dict[str, str] = {
    "welcome": (
        "Bonjour ! Je suis **Harmonie**, l'assistant de {organisation} pour faire le point "
        "sur nos outils de travail à distance et de collaboration.\n"
        "Tapez **!aide** pour voir ce que je sais faire."
    ),
    "help.title": "**Commandes disponibles**",
    "help.footer": "Vous pouvez écrire les commandes en minuscules ou en majuscules.",
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
    "free_text": (
        "Merci pour votre message. Aucune évaluation n'est ouverte pour vous en ce moment : "
        "je vous écrirai dès qu'une campagne commencera.\n"
        "Tapez **!aide** pour voir ce que je sais faire."
    ),
    "undecryptable": (
        "Je n'ai pas pu lire votre dernier message : il est chiffré avec une clé que je "
        "n'ai pas reçue. Pourriez-vous l'envoyer à nouveau ? Merci !"
    ),
    "storage_unavailable": (
        "Désolé, je n'arrive pas à enregistrer votre réponse pour le moment. "
        "Rien n'a été perdu : merci de la renvoyer dans quelques minutes."
    ),
    "internal_error": (
        "Désolé, un problème technique m'empêche de traiter votre message. "
        "L'équipe informatique a été prévenue ; merci de réessayer plus tard."
    ),
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
    "free_text": (
        "Thank you for your message. No evaluation is open for you at the moment: "
        "I will write to you as soon as a campaign starts.\n"
        "Type **!help** to see what I can do."
    ),
    "undecryptable": (
        "I could not read your last message: it is encrypted with a key I did not "
        "receive. Could you send it again? Thank you!"
    ),
    "storage_unavailable": (
        "Sorry, I cannot save your answer right now. Nothing was lost: please send it "
        "again in a few minutes."
    ),
    "internal_error": (
        "Sorry, a technical problem prevents me from handling your message. The IT team "
        "has been told; please try again later."
    ),
}

CATALOGUES: dict[Language, dict[str, str]] = {"fr": FR, "en": EN}


def text(language: Language, key: str, **values: object) -> str:
    """The sentence `key` in `language`, with its placeholders filled."""
    return CATALOGUES[language][key].format(**values)
