"""Every email the platform sends, kept until it is delivered (outbox/backend.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RETRYING = "retrying", _("Nouvel essai prévu")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    subject = models.CharField(_("objet"), max_length=998)
    recipients = models.TextField(_("destinataires"))
    # The message itself (body, alternatives, attachments, headers), as outbox/backend.py wrote
    # it; emptied once delivered: a password reset link is kept no longer than needed.
    message = models.JSONField(_("message"), default=dict, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    next_attempt_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message sortant")
        verbose_name_plural = _("messages sortants")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject
