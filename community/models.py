"""What links an expert to a need, beside the pages: offers of help and their history, the
messages of an offer's thread, follows of territories and themes, and digest subscriptions.

Financing offers are the pledges of DESIGN.md: an amount promised in MAD or EUR, marked
received by the community manager. No money moves through the platform.
"""

from django.conf import settings
from django.contrib import admin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Offer(models.Model):
    """An expert's offer of help on a need sheet ("Je peux aider")."""

    class Kind(models.TextChoices):
        SKILLS = "skills", _("Compétences")
        EQUIPMENT = "equipment", _("Équipement")
        FINANCING = "financing", _("Financement")
        NETWORK = "network", _("Réseau / mise en relation")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposée")
        ACCEPTED = "accepted", _("Acceptée")
        IN_PROGRESS = "in_progress", _("En cours")
        COMPLETED = "completed", _("Terminée")
        DECLINED = "declined", _("Déclinée")
        WITHDRAWN = "withdrawn", _("Retirée")

    class Currency(models.TextChoices):
        MAD = "MAD", _("dirhams (MAD)")
        EUR = "EUR", _("euros (EUR)")

    # An expert has at most one open offer per need; the commune has seen (or accepted) it.
    OPEN = [Status.PROPOSED, Status.ACCEPTED, Status.IN_PROGRESS]
    # The states in which both sides see each other's contact email.
    ENGAGED = [Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED]
    # Who may move an offer from one status to the next: "commune" (its editors and the
    # community managers) or "expert" (the author).
    TRANSITIONS = {
        Status.PROPOSED: {Status.ACCEPTED: "commune", Status.DECLINED: "commune", Status.WITHDRAWN: "expert"},
        Status.ACCEPTED: {Status.IN_PROGRESS: "commune", Status.WITHDRAWN: "expert"},
        Status.IN_PROGRESS: {Status.COMPLETED: "commune", Status.WITHDRAWN: "expert"},
    }

    need = models.ForeignKey(
        "needs.NeedPage", verbose_name=_("besoin"), on_delete=models.CASCADE, related_name="offers"
    )
    expert = models.ForeignKey(
        "experts.ExpertProfilePage",
        verbose_name=_("profil d'expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte de l'expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    # The expert's display name when they offered; emptied when they delete their account.
    expert_name = models.CharField(_("nom de l'expert"), max_length=255, blank=True)
    kind = models.CharField(_("nature de l'aide"), max_length=10, choices=Kind.choices)
    message = models.TextField(_("message"), max_length=3000)
    hours = models.PositiveSmallIntegerField(
        _("heures proposées"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    amount = models.PositiveIntegerField(
        _("montant"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100_000_000)]
    )
    currency = models.CharField(_("devise"), max_length=3, choices=Currency.choices, blank=True)
    items = models.TextField(_("matériel proposé"), max_length=2000, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(_("proposée le"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("dernier changement"), default=timezone.now, db_index=True)
    received_at = models.DateTimeField(_("versement reçu le"), null=True, blank=True)
    # The expert the commune chose to accompany the need along its maturation path: they read
    # its checklist and comment on it in this offer's conversation.
    mentor = models.BooleanField(_("mentor du besoin"), default=False)

    class Meta:
        verbose_name = _("offre d'aide")
        verbose_name_plural = _("offres d'aide")
        ordering = ["-status_changed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "need"],
                condition=Q(status__in=["proposed", "accepted", "in_progress"]),
                name="one_open_offer_per_expert_and_need",
            ),
            models.UniqueConstraint(fields=["need"], condition=Q(mentor=True), name="one_mentor_per_need"),
        ]

    def __str__(self):
        return f"{self.expert_label} → {self.need}"

    @classmethod
    def from_db(cls, db, field_names, values):
        offer = super().from_db(db, field_names, values)
        offer.loaded_status = offer.__dict__.get("status")  # what a save changes (signals.py)
        return offer

    @property
    def shows_in_public(self):
        """Whether this offer counts on public pages — the need sheet's pledges and the
        indicators count engaged offers only — or did when it was read."""
        return self.is_engaged or getattr(self, "loaded_status", None) in self.ENGAGED

    @property
    @admin.display(description=_("Expert"))
    def expert_label(self):
        return self.expert_name or _("Expert·e (compte supprimé)")

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def is_engaged(self):
        return self.status in self.ENGAGED

    @property
    def is_pledge(self):
        return self.kind == self.Kind.FINANCING and self.amount is not None

    def next_statuses(self, side):
        """The statuses this side may move the offer to now."""
        return [status for status, who in self.TRANSITIONS.get(self.status, {}).items() if who == side]


class OfferEvent(models.Model):
    """One dated step of an offer's history: its creation, then each change of status."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("statut"), max_length=12, choices=Offer.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("message"), max_length=3000, blank=True)
    at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("étape d'une offre")
        verbose_name_plural = _("historique des offres")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.offer_id}: {self.status} ({self.at:%Y-%m-%d})"


class Message(models.Model):
    """A message in an offer's conversation, between the expert and the commune."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_messages",
    )
    from_expert = models.BooleanField(_("écrit par l'expert"))
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.offer_id}: {self.created_at:%Y-%m-%d %H:%M}"


class Follow(models.Model):
    """A member follows a territory (and everything under it) or a theme."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    territory = models.ForeignKey(
        "pages.TerritoryPage",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    theme = models.ForeignKey(
        "pages.Theme", verbose_name=_("thème"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        constraints = [
            models.CheckConstraint(
                condition=Q(territory__isnull=False, theme__isnull=True)
                | Q(territory__isnull=True, theme__isnull=False),
                name="follow_one_territory_or_one_theme",
            ),
            models.UniqueConstraint(fields=["user", "territory"], name="follow_a_territory_once"),
            models.UniqueConstraint(fields=["user", "theme"], name="follow_a_theme_once"),
        ]

    def __str__(self):
        return str(self.territory or self.theme)


class DigestSubscription(models.Model):
    """Whether a member receives the digest of new needs in what they follow, and when the last
    one left. Unsubscribing (one click, from any digest) sets `active` to False."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest")
    active = models.BooleanField(_("reçoit le résumé"), default=True)
    last_sent_at = models.DateTimeField(_("dernier envoi"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement au résumé")
        verbose_name_plural = _("abonnements au résumé")

    def __str__(self):
        return str(self.user_id)


class Invitation(models.Model):
    """A commune (its editors) or the community manager asks an expert to look at one of its
    needs. The expert hears of it by email and in their space, and answers, if they can, with
    an offer of help; neither side's contact details are shown until an offer is accepted."""

    need = models.ForeignKey(
        "needs.NeedPage", verbose_name=_("besoin"), on_delete=models.CASCADE, related_name="invitations"
    )
    expert = models.ForeignKey(
        "experts.ExpertProfilePage",
        verbose_name=_("profil d'expert"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["need", "expert"], name="invite_an_expert_once_per_need")]

    def __str__(self):
        return f"{self.expert} → {self.need}"
