from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyConsent(models.Model):
    """A member's explicit consent to the privacy notice, with when and in which language it was
    given. Private: shown to nobody but the community manager."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="privacy_consents",
    )
    notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("notice de confidentialité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_at = models.DateTimeField(_("donné le"), auto_now_add=True)
    language = models.CharField(_("langue"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("consentement à la confidentialité")
        verbose_name_plural = _("consentements à la confidentialité")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.user} — {self.given_at:%Y-%m-%d %H:%M}"
