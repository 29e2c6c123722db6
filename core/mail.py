"""Emails to the platform's users, each in the recipient's language.

The language is the user's preferred language (Wagtail's user profile setting, which the admin's
account page edits, offering every language of the site); it defaults to the language of the
site when they first logged in (pages/signals.py).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.users.models import UserProfile

logger = logging.getLogger(__name__)


def preferred_language(user):
    language = UserProfile.get_for_user(user).preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_to_user(user, template, context, attachments=()):
    """Send `template` (templates/emails/<template>_subject.txt and .txt) to `user` in their
    language, with `attachments` ((filename, content, mimetype), ...). Returns False, and logs
    without the address, when the user has no email."""
    if not user.email:
        logger.warning("No email address for user %s: %s not sent", user.pk, template)
        return False
    with translation.override(preferred_language(user)):
        context = {"user": user, "site_name": settings.WAGTAIL_SITE_NAME, **context}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
    EmailMessage(subject, body, None, [user.email], attachments=list(attachments)).send()
    return True
