"""allauth as the platform speaks: its emails signed with the platform's name, their links on
the public address (SITE_URL, whatever host the request came through), the member named by
their email address rather than a generated username."""

from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse


def platform():
    """What allauth's emails call `current_site`: « Bonjour de la part de CDS — … »."""
    return SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def user_display(user):
    return user.email or user.get_username()


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        super().send_mail(template_prefix, email, {"current_site": platform(), **context})

    def get_email_confirmation_url(self, request, emailconfirmation):
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))
