"""Names a member cannot take as their display name: the team's and the platform's, in every
language of the site, and the way the networks name a commune's editors (« Commune de … »).
A member signing « Équipe d'animation » or « فريق التنشيط » would speak with the team's voice."""

import unicodedata

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

PLATFORM_NAMES = (
    "CDS",
    "Communauté de Développement Solidaire",
    "Migrations & Développement",
    "Admin",
    "Administrateur",
)


def normalised(text):
    """Letters and digits only, without accents or case: « Équipe d’animation » → « equipedanimation »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed.casefold() if char.isalnum() and not unicodedata.combining(char))


def in_every_language(message, **values):
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(normalised(gettext(message) % values if values else gettext(message)))
    return names - {""}


def is_reserved_name(name):
    value = normalised(name)
    team = in_every_language("Équipe d’animation")
    exact = {normalised(name) for name in (*PLATFORM_NAMES, settings.WAGTAIL_SITE_NAME)} | in_every_language("Membre")
    commune_prefixes = in_every_language("Commune de %(commune)s", commune="")
    return (
        value in exact
        or any(part in value for part in team)
        or any(value.startswith(prefix) for prefix in commune_prefixes)
    )
