"""What the members' forms answer when they must say no: a clear page in the member's language,
and the rate limits of what members post (the community's and the learning spaces' forms)."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_noop
from django_ratelimit.core import is_ratelimited


def refuse(request, message, status=403):
    """A clear page in the member's language instead of a bare error."""
    return render(request, "community/refused.html", {"message": message}, status=status)


def rate_limited(request, action):
    """Per IP address and per account (django-ratelimit, in the cache): True once either
    has posted `action` more often than COMMUNITY_RATE_LIMITS allows."""
    per_ip, per_account = settings.COMMUNITY_RATE_LIMITS[action]
    by_ip = is_ratelimited(request, group=f"{action}:ip", key="ip", rate=per_ip, method="POST", increment=True)
    by_user = is_ratelimited(
        request, group=f"{action}:user", key="user", rate=per_account, method="POST", increment=True
    )
    return by_ip or by_user


TOO_MANY = gettext_noop("Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans quelques minutes.")
