"""The digest: each member who follows territories or themes gets, by email in their language,
the need sheets published since their last digest in what they follow, with a one-click
unsubscribe link that needs no login. `manage.py send_digests` sends them (daily, by cron)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail import hooks
from wagtail.models import Locale

from core.i18n import localized
from core.mail import preferred_language
from needs.models import NeedPage

from .models import DigestSubscription, Follow

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "cds.community.digest.unsubscribe"
FIRST_DIGEST_DAYS = 7  # a new follower's first digest looks this far back
MAX_NEEDS = 30


def subscription_of(user):
    subscription, _created = DigestSubscription.objects.get_or_create(user=user)
    return subscription


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_user(token):
    """The user a token names; raises signing.BadSignature for a forged or unknown one."""
    user = get_user_model().objects.filter(pk=signing.loads(token, salt=UNSUBSCRIBE_SALT)).first()
    if user is None:
        raise signing.BadSignature("no such user")
    return user


def needs_for(user, since):
    """Need sheets first published after `since` in what `user` follows, newest first."""
    follows = Follow.objects.filter(user=user).select_related("territory")
    match = Q()
    for follow in follows:
        if follow.territory_id:
            match |= Q(path__startswith=follow.territory.path)
        else:
            match |= Q(theme_id=follow.theme_id)
    if not match:
        return []
    needs = (
        NeedPage.objects.live()
        .filter(match, locale=Locale.get_default(), first_published_at__gt=since)
        .select_related("theme")
        .order_by("-first_published_at", "-id")[:MAX_NEEDS]
    )
    return list(needs)


def send_digest(user, now=None):
    """Send `user` their digest if there is anything new; returns the number of items in it
    (need sheets, and what the `digest_sections` hooks add: network posts)."""
    now = now or timezone.now()
    subscription = subscription_of(user)
    if not subscription.active or not user.email or not user.is_active:
        return 0
    since = subscription.last_sent_at or now - timezone.timedelta(days=FIRST_DIGEST_DAYS)
    needs = needs_for(user, since)
    with translation.override(preferred_language(user)):
        # Other apps add their news with the `digest_sections` hook: fn(user, since) returns
        # a section {"heading": ..., "items": [(title, url), ...]} or None.
        sections = [section for fn in hooks.get_hooks("digest_sections") if (section := fn(user, since))]
    if needs or sections:
        with translation.override(preferred_language(user)):
            token = unsubscribe_token(user)
            unsubscribe_url = settings.SITE_URL + reverse("community:unsubscribe", args=[token])
            context = {
                "user": user,
                "needs": [(need, settings.SITE_URL + need.url) for need in localized(needs)],
                "sections": sections,
                "unsubscribe_url": unsubscribe_url,
                "my_space_url": settings.SITE_URL + reverse("community:my_space"),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            subject = " ".join(render_to_string("emails/digest_subject.txt", context).split())
            body = render_to_string("emails/digest.txt", context)
        message = EmailMultiAlternatives(
            subject,
            body,
            to=[user.email],
            headers={
                # RFC 8058: mail clients offer their own one-click unsubscribe button.
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.send()
    subscription.last_sent_at = now
    subscription.save(update_fields=["last_sent_at"])
    return len(needs) + sum(len(section["items"]) for section in sections)


def send_digests(now=None):
    """Every follower's digest. Returns (emails sent, needs listed)."""
    now = now or timezone.now()
    users = (
        get_user_model()
        .objects.filter(Q(follows__isnull=False) | Q(network_follows__isnull=False), is_active=True)
        .distinct()
    )
    sent = listed = 0
    for user in users.iterator():
        try:
            count = send_digest(user, now)
        except Exception:
            # One unreachable mailbox must not stop everyone else's digest; no address logged.
            logger.exception("Digest to user %s failed", user.pk)
            continue
        sent += bool(count)
        listed += count
    return sent, listed
