"""What the standard pages say when the site is set up: about, how it works, the charter and
the privacy notice, in French, translated from the interface catalogues like the rest of the
skeleton (`setup_site`). A starting point that tells the truth about the platform: the
organisation that runs the site completes them in the admin (its name, its contact address,
its declaration to the data protection authority), and what it writes is never overwritten.

Each body is a list of (element, text): `h2`, `p`, or `li` (consecutive items make one list).
Plain text only, so that each element is one segment of the translation, and one catalogue
entry.
"""

from django.utils.html import escape
from django.utils.translation import gettext_noop
from wagtail.rich_text import RichText

BODIES = {
    "a-propos": [
        (
            "p",
            gettext_noop(
                "La Communauté de Développement Solidaire (CDS) est un espace transnational, ancré dans les "
                "territoires ruraux du Maroc et ouvert sur les Marocaines et Marocains du monde, et sur tous "
                "ceux qui veulent agir avec eux."
            ),
        ),
        (
            "p",
            gettext_noop(
                "Elle est née d’un constat de l’association Migrations & Développement : les communes se sont "
                "dotées de plans de développement (PCD) et savent de mieux en mieux les financer, mais il leur "
                "manque des études, des compétences et des expertises pour les mettre en œuvre. Dans le même "
                "temps, une nouvelle génération de la diaspora, plus diplômée et plus urbaine, veut être utile "
                "là où elle peut l’être, pas seulement dans son village d’origine."
            ),
        ),
        ("h2", gettext_noop("Ce que la communauté se donne pour but")),
        (
            "li",
            gettext_noop("Relier les territoires, leurs acteurs locaux et leur diaspora, notamment en Europe."),
        ),
        (
            "li",
            gettext_noop(
                "Permettre aux communes de trouver des réponses à leurs besoins en compétences, en matériel et "
                "en financement."
            ),
        ),
        (
            "li",
            gettext_noop(
                "Donner à la diaspora un terrain d’action et un rôle d’actrice du développement, dans le cadre "
                "de la solidarité internationale."
            ),
        ),
        (
            "li",
            gettext_noop(
                "Faire mûrir les projets, de l’idée à un projet précis aux modalités claires, avec des agents "
                "de développement communaux formés."
            ),
        ),
        ("h2", gettext_noop("Ce qu’elle compte")),
        (
            "p",
            gettext_noop(
                "Ses objectifs sont des nombres : 60 migrantes et migrants mobilisés, 5 communes engagées, 5 "
                "communes dotées d’un agent de développement formé, 40 acteurs locaux en lien avec la "
                "diaspora. La page Impact les calcule à partir de ce qui se passe sur la plateforme ; personne "
                "ne les saisit à la main."
            ),
        ),
    ],
    "comment-ca-marche": [
        ("h2", gettext_noop("Pour les communes")),
        (
            "p",
            gettext_noop(
                "Chaque besoin du plan de développement de la commune devient une fiche : ce qu’il faut "
                "(compétences, équipement, financement, partenaires, investissement), pour quand, et où en est "
                "le projet."
            ),
        ),
        (
            "p",
            gettext_noop(
                "L’agent de développement de la commune publie et met à jour les fiches de sa commune, et "
                "seulement les siennes. L’équipe d’animation relit chaque publication avant qu’elle soit en "
                "ligne."
            ),
        ),
        (
            "p",
            gettext_noop(
                "Quand un expert propose son aide, la commune l’accepte ou la décline. Une fois l’offre "
                "acceptée, chacun reçoit l’adresse de l’autre, et le projet avance étape par étape, de l’idée "
                "à l’évaluation."
            ),
        ),
        ("h2", gettext_noop("Pour les membres de la diaspora")),
        (
            "p",
            gettext_noop(
                "Créez votre profil : ce que vous savez faire, les langues que vous parlez, votre commune "
                "d’origine, et la façon dont vous pouvez aider (conseil à distance, mission sur place, "
                "financement, investissement, mise en relation)."
            ),
        ),
        (
            "p",
            gettext_noop(
                "Cherchez les besoins par thème et par commune, ou regardez ceux que la plateforme vous "
                "suggère, chacun avec ses raisons. Suivez une commune ou un thème pour recevoir les nouveaux "
                "besoins par courriel."
            ),
        ),
        (
            "p",
            gettext_noop(
                "Sur une fiche, « Je peux aider » envoie votre offre à la commune. Vos coordonnées restent "
                "privées tant qu’elle ne l’a pas acceptée."
            ),
        ),
        ("h2", gettext_noop("Pour tout le monde")),
        (
            "p",
            gettext_noop(
                "Les récits de projets racontent ce qui a été réalisé. Les ressources, les réseaux thématiques "
                "et l’agenda aident à faire mûrir un projet : guides et modèles, questions entre pairs, "
                "ateliers et sessions en ligne."
            ),
        ),
        (
            "p",
            gettext_noop(
                "Aucun argent ne passe par la plateforme : les promesses de financement sont notées sur les "
                "fiches, et l’équipe d’animation marque celles qui sont reçues."
            ),
        ),
    ],
    "charte": [
        (
            "p",
            gettext_noop("En créant un compte, chaque membre de la communauté s’engage à :"),
        ),
        (
            "li",
            gettext_noop(
                "dire vrai : sur ses compétences, sur les besoins de sa commune, sur ce qu’il ou elle peut "
                "réellement apporter ;"
            ),
        ),
        (
            "li",
            gettext_noop(
                "respecter les autres membres, leurs langues et leurs opinions, dans les messages comme dans "
                "les réseaux thématiques ;"
            ),
        ),
        (
            "li",
            gettext_noop("ne pas se servir de la plateforme pour vendre, faire de la publicité ou faire campagne ;"),
        ),
        (
            "li",
            gettext_noop(
                "garder pour soi les coordonnées reçues après une offre acceptée, et ne s’en servir que pour "
                "le projet ;"
            ),
        ),
        (
            "li",
            gettext_noop("tenir ses engagements, ou prévenir à temps quand on ne peut plus les tenir."),
        ),
        (
            "p",
            gettext_noop(
                "Chaque question et chaque réponse des réseaux thématiques peut être signalée. L’équipe "
                "d’animation examine les signalements et retire ce qui ne respecte pas cette charte ; un "
                "compte qui ne la respecte pas peut être fermé."
            ),
        ),
    ],
    "confidentialite": [
        ("h2", gettext_noop("Ce que la plateforme garde")),
        (
            "li",
            gettext_noop(
                "Votre compte : adresse électronique, identifiant, mot de passe (jamais gardé en clair : "
                "personne ne peut le lire), langue préférée, dates d’inscription et de dernière connexion, et la date de votre "
                "accord avec cette notice."
            ),
        ),
        (
            "li",
            gettext_noop(
                "Votre profil d’expert, si vous en créez un : ce que vous choisissez d’y montrer (nom, "
                "présentation, compétences, thèmes, langues, pays et ville de résidence, commune d’origine, "
                "photo)."
            ),
        ),
        (
            "li",
            gettext_noop(
                "Vos coordonnées de contact (adresse électronique, téléphone) et votre genre, si vous l’indiquez."
            ),
        ),
        (
            "li",
            gettext_noop(
                "Vos offres d’aide et leurs messages, vos abonnements à des communes ou à des thèmes, vos "
                "inscriptions aux événements, vos questions et réponses dans les réseaux thématiques."
            ),
        ),
        ("h2", gettext_noop("Qui voit quoi")),
        (
            "p",
            gettext_noop(
                "Votre profil, une fois relu par l’équipe d’animation, est public, comme vos questions et "
                "réponses dans les réseaux thématiques."
            ),
        ),
        (
            "p",
            gettext_noop(
                "Vos coordonnées et votre genre ne sont jamais publiés : ni sur le site, ni dans son API, ni "
                "dans sa recherche. La commune ne voit votre adresse qu’après avoir accepté votre offre, et "
                "vous voyez alors la sienne. L’équipe d’animation peut les voir pour faire vivre la "
                "communauté."
            ),
        ),
        (
            "p",
            gettext_noop(
                "Les messages d’une offre ne sont lus que par l’expert, les agents de la commune concernée et "
                "l’équipe d’animation."
            ),
        ),
        (
            "p",
            gettext_noop(
                "Le genre ne sert qu’aux statistiques de la page Impact, par groupes : un groupe de moins de 5 "
                "personnes n’est pas montré, pour que personne ne puisse être reconnu."
            ),
        ),
        ("h2", gettext_noop("Cookies")),
        (
            "p",
            gettext_noop(
                "Le site ne pose que les cookies dont il a besoin pour fonctionner : celui de votre connexion "
                "et celui qui protège les formulaires. Aucune mesure d’audience, aucune publicité, aucun "
                "service tiers."
            ),
        ),
        ("h2", gettext_noop("Vos droits")),
        (
            "li",
            gettext_noop("Corriger votre profil à tout moment depuis votre espace."),
        ),
        (
            "li",
            gettext_noop("Télécharger toutes vos données en un fichier, depuis votre espace (« Mes données »)."),
        ),
        (
            "li",
            gettext_noop(
                "Vous désabonner d’un clic, depuis le courriel lui-même, des nouvelles des communes et des "
                "thèmes que vous suivez."
            ),
        ),
        (
            "li",
            gettext_noop(
                "Supprimer votre compte depuis votre espace : votre profil et vos coordonnées sont effacés ; "
                "vos offres, vos messages et vos contributions aux réseaux restent pour l’histoire des projets "
                "et des discussions, sans votre nom."
            ),
        ),
    ],
}


def default_body(slug):
    """The body a standard page gets when the site is set up: a StreamField value, or None for a
    page without default text."""
    elements = BODIES.get(slug)
    if not elements:
        return None
    html, in_list = [], False
    for element, text in elements:
        if element == "li" and not in_list:
            html.append("<ul>")
        elif element != "li" and in_list:
            html.append("</ul>")
        in_list = element == "li"
        html.append(f"<{element}>{escape(text)}</{element}>")
    if in_list:
        html.append("</ul>")
    return [("text", RichText("".join(html)))]
