"""The words of the recommendation report, in French and in English: the tables' headers
and cells, the recommendation line's phrases, the notes. French typography is written in
(narrow no-break spaces before « : ; ! ? », inside « »), as in `scoring/tables.py`."""

from __future__ import annotations

from conversations.language import Language

LABELS: dict[Language, dict[str, str]] = {
    "fr": {
        # tables
        "summary": "Recommandation", "summary_header": "Recommandation et remarques",
        "candidates": "Suites candidates",
        "components": "Composantes de la note", "trial": "Notes des pilotes par catégorie",
        "comments": "Commentaires des pilotes",
        "rank": "Rang", "suite": "Suite", "needs": "Besoins couverts", "publisher": "Éditeur",
        "hosting": "Hébergement", "certifications": "Certifications", "support": "Support",
        "cost": "Coût annuel", "pilots": "Pilotes", "score": "Note", "category": "Catégorie",
        "exposure": "Exposition aux lois extra-européennes", "distribution": "Distribution",
        "deployment": "Déploiement", "economic_model": "Modèle économique",
        "purchasing": "Centrales d'achat public", "accessibility": "Accessibilité (RGAA)",
        "reversibility": "Réversibilité",
        "criterion": "Critère", "mean": "Moyenne", "comment": "Commentaire",
        "said": "Pilotes l'ayant écrit",
        # cells
        "covered_missing": "{covered}/{needed} — manque\u202f: {missing}",
        "out_of_ten": "{score}/10", "tied_rank": "{rank} (ex æquo)",
        "not_retained": "non retenue\u202f: ne couvre pas {missing}",
        "not_retained_short": "non retenue",
        "hidden": "moins de {threshold}",
        "hidden_comments_one": "1 commentaire — masqué\u202f: moins de {threshold} pilotes",
        "hidden_comments": "{count} commentaires — masqués\u202f: moins de {threshold} pilotes",
        "weighted": "{name} (×{weight})",
        # the trial's criteria and the score's components
        "simplicite": "simplicité de prise en main", "efficacite": "efficacité",
        "securite": "sécurité perçue",
        "security": "sécurité", "simplicity": "prise en main", "sovereignty": "souveraineté",
        "proximity": "proximité du support", "efficiency": "efficacité", "cost_component": "coût",
        "the_security": "la sécurité", "the_simplicity": "la prise en main",
        "the_sovereignty": "la souveraineté", "the_proximity": "la proximité du support",
        "the_efficiency": "l'efficacité", "the_cost": "le coût",
        # notes
        "answered": "Pilotes ayant répondu\u202f: {count}.",
        "answered_invited": "Pilotes ayant répondu\u202f: {count} (invités\u202f: {invited}).",
        "answered_few": (
            "Moins de {threshold} pilotes ont répondu\u202f: aucune de leurs notes n'est donnée."
        ),
        "gate": (
            "Couvrir tous les besoins est une condition, pas un critère\u202f: une suite qui ne "
            "les couvre pas n'est pas notée."
        ),
        "method": (
            "Note sur 10, moyenne pondérée des composantes connues. Coût\u202f: 10 pour la "
            "moins chère des suites qui couvrent tous les besoins, moins à proportion du prix "
            "pour les autres."
        ),
        "without": "Note de {suite} calculée sans {components}.",
        "missing_pilots": "{component} (moins de {threshold} pilotes)",
        "missing_price": "{component} (prix inconnu)",
        "withheld": (
            "Par respect de l'anonymat, aucune note n'est donnée pour moins de {threshold} "
            "pilotes."
        ),
        "masked": (
            "«\u202f—\u202f»\u202f: non communiqué, pour qu'une note de moins de {threshold} "
            "pilotes ne se déduise pas de la moyenne de la suite."
        ),
        # the recommendation line
        "recommended": "Suite recommandée\u202f: {suite} ({score}/10) — {reasons}.",
        "recommended_unscored": "Suite recommandée\u202f: {suite} — {reasons}.",
        "covers": "couvre {covered}/{needed} {needs}", "need": "besoin", "needs_word": "besoins",
        "simplicity_shown": "prise en main {mean}/10 par {count} {pilots_word}",
        "pilot": "pilote", "pilots_word": "pilotes",
        "simplicity_none": "prise en main non notée (moins de {threshold} pilotes)",
        "from_FR": "éditeur français", "from_EU": "éditeur européen ({country})",
        "from_other": "éditeur hors UE ({country})",
        "hosted_france": "hébergée en France", "hosted_eu": "hébergée dans l'UE",
        "hosted_outside_eu": "hébergée hors de l'UE",
        "certified": "certifiée {names}", "uncertified": "sans certification",
        "support_near": "support à {where}",
        "support_french_abroad": "support en français à {where} ({country})",
        "support_french_remote": "support en français à distance",
        "support_other_near": "support à {where}, pas en français",
        "support_other_abroad": "support à {where} ({country}), pas en français",
        "support_other_remote": "support à distance, pas en français",
        "tie": (
            "Pas de suite recommandée\u202f: {suites} sont à égalité ({score}/10)\u202f; le "
            "choix revient à l'administrateur."
        ),
        "tie_unscored": (
            "Pas de suite recommandée\u202f: {suites} couvrent tous les besoins, sans note "
            "pour les départager\u202f; le choix revient à l'administrateur."
        ),
        "none_covers": (
            "Aucune suite ne couvre tous les besoins\u202f; la plus proche\u202f: {closest}."
        ),
        "none_covers_many": (
            "Aucune suite ne couvre tous les besoins\u202f; les plus proches\u202f: {closest}."
        ),
        "closest": "{suite} ({covered}/{needed} — manque\u202f: {missing})",
        "no_candidate": "Aucune suite candidate n'est décrite dans le catalogue.",
        "overtake": "{suite} passerait devant si sa note pour {component} gagnait {gain} {points}.",
        "point": "point", "points": "points",
        "no_overtake": "Même à 10 pour une seule composante, {suite} ne passerait pas devant.",
        "weight_change": (
            "Avec un poids de {weight} pour {component} (au lieu de {was}), {suite} serait "
            "recommandée."
        ),
        "lacking": "{suite} n'est pas retenue\u202f: elle ne couvre pas {missing}.",
        "and": "et", "nor": "ni",
    },
    "en": {
        "summary": "Recommendation", "summary_header": "Recommendation and remarks",
        "candidates": "Candidate suites",
        "components": "Components of the score", "trial": "Pilots' ratings by category",
        "comments": "Pilots' comments",
        "rank": "Rank", "suite": "Suite", "needs": "Needs covered", "publisher": "Publisher",
        "hosting": "Hosting", "certifications": "Certifications", "support": "Support",
        "cost": "Yearly cost", "pilots": "Pilots", "score": "Score", "category": "Category",
        "exposure": "Exposure to extra-European laws", "distribution": "Distribution",
        "deployment": "Deployment", "economic_model": "Economic model",
        "purchasing": "Public purchasing bodies", "accessibility": "Accessibility (RGAA)",
        "reversibility": "Reversibility",
        "criterion": "Criterion", "mean": "Mean", "comment": "Comment",
        "said": "Pilots who wrote it",
        "covered_missing": "{covered}/{needed} — missing: {missing}",
        "out_of_ten": "{score}/10", "tied_rank": "{rank} (tie)",
        "not_retained": "not retained: does not cover {missing}",
        "not_retained_short": "not retained",
        "hidden": "fewer than {threshold}",
        "hidden_comments_one": "1 comment — hidden: fewer than {threshold} pilots",
        "hidden_comments": "{count} comments — hidden: fewer than {threshold} pilots",
        "weighted": "{name} (×{weight})",
        "simplicite": "ease of getting started", "efficacite": "effectiveness",
        "securite": "perceived security",
        "security": "security", "simplicity": "ease of getting started",
        "sovereignty": "sovereignty", "proximity": "nearby support", "efficiency": "effectiveness",
        "cost_component": "cost",
        "the_security": "security", "the_simplicity": "ease of getting started",
        "the_sovereignty": "sovereignty", "the_proximity": "nearby support",
        "the_efficiency": "effectiveness", "the_cost": "cost",
        "answered": "Pilots who answered: {count}.",
        "answered_invited": "Pilots who answered: {count} (invited: {invited}).",
        "answered_few": "Fewer than {threshold} pilots answered: none of their ratings is shown.",
        "gate": (
            "Covering every need is a condition, not a criterion: a suite that does not cover "
            "them is not scored."
        ),
        "method": (
            "Score out of 10, the weighted mean of the components known. Cost: 10 for the "
            "cheapest of the suites that cover every need, less in proportion to the price "
            "for the others."
        ),
        "without": "{suite}'s score is computed without {components}.",
        "missing_pilots": "{component} (fewer than {threshold} pilots)",
        "missing_price": "{component} (price unknown)",
        "withheld": "To protect anonymity, no rating is shown for fewer than {threshold} pilots.",
        "masked": (
            "“—”: withheld, so that a rating of fewer than {threshold} pilots cannot be deduced "
            "from the suite's mean."
        ),
        "recommended": "Recommended suite: {suite} ({score}/10) — {reasons}.",
        "recommended_unscored": "Recommended suite: {suite} — {reasons}.",
        "covers": "covers {covered}/{needed} {needs}", "need": "need", "needs_word": "needs",
        "simplicity_shown": "ease of getting started {mean}/10 from {count} {pilots_word}",
        "pilot": "pilot", "pilots_word": "pilots",
        "simplicity_none": "ease of getting started not rated (fewer than {threshold} pilots)",
        "from_FR": "French publisher", "from_EU": "European publisher ({country})",
        "from_other": "publisher outside the EU ({country})",
        "hosted_france": "hosted in France", "hosted_eu": "hosted in the EU",
        "hosted_outside_eu": "hosted outside the EU",
        "certified": "certified {names}", "uncertified": "no certification",
        "support_near": "support in {where}",
        "support_french_abroad": "French-speaking support in {where} ({country})",
        "support_french_remote": "remote French-speaking support",
        "support_other_near": "support in {where}, not in French",
        "support_other_abroad": "support in {where} ({country}), not in French",
        "support_other_remote": "remote support, not in French",
        "tie": (
            "No single suite recommended: {suites} are tied ({score}/10); the decision is the "
            "administrator's."
        ),
        "tie_unscored": (
            "No single suite recommended: {suites} cover every need, with no score to tell them "
            "apart; the decision is the administrator's."
        ),
        "none_covers": "No suite covers every need; the closest: {closest}.",
        "none_covers_many": "No suite covers every need; the closest: {closest}.",
        "closest": "{suite} ({covered}/{needed} — missing: {missing})",
        "no_candidate": "The catalogue describes no candidate suite.",
        "overtake": "{suite} would move ahead if its {component} score gained {gain} {points}.",
        "point": "point", "points": "points",
        "no_overtake": "Even at 10 on any single component, {suite} would not move ahead.",
        "weight_change": (
            "With a weight of {weight} for {component} (instead of {was}), {suite} would be "
            "recommended."
        ),
        "lacking": "{suite} is not retained: it does not cover {missing}.",
        "and": "and", "nor": "or",
    },
}  # fmt: skip
