"""Events with registration: places, a waiting list, time zones, reminders (learning/events.py)."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.users.models import UserProfile
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.i18n import in_language, source_page
from pages.models import BaseIndexPage, BasePage

from .library import ResourcePage

# The time zones offered to readers: Morocco and the countries where the diaspora lives most,
# named as people say them. Any IANA zone is accepted in the URL (?tz=...), named by its key.
TIME_ZONE_NAMES = {
    "Africa/Casablanca": _("heure du Maroc"),
    "Europe/Paris": _("heure de Paris"),
    "Europe/Brussels": _("heure de Bruxelles"),
    "Europe/Amsterdam": _("heure d’Amsterdam"),
    "Europe/Madrid": _("heure de Madrid"),
    "Europe/Rome": _("heure de Rome"),
    "Europe/Berlin": _("heure de Berlin"),
    "Europe/London": _("heure de Londres"),
    "America/Montreal": _("heure de Montréal"),
    "America/New_York": _("heure de New York"),
    "Asia/Dubai": _("heure de Dubaï"),
}


def time_zone_name(key):
    """How a reader calls a time zone (« heure de Paris »), or its IANA key for the others."""
    return TIME_ZONE_NAMES.get(key, key)


def valid_time_zone(name):
    """The ZoneInfo called `name`, or None for anything that is not an IANA zone."""
    if not name or len(name) > 64 or name not in zoneinfo.available_timezones():
        return None
    return zoneinfo.ZoneInfo(name)


class EventIndexPage(BaseIndexPage):
    """Workshops and online sessions: the coming ones first, then the past ones."""

    subpage_types = ["learning.EventPage"]

    class Meta:
        verbose_name = _("agenda")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = in_language(EventPage.objects.live(), self.locale).select_related("theme")
        now = timezone.now()
        context["upcoming_events"] = events.filter(ends_at__gte=now).order_by("starts_at")
        context["past_events"] = events.filter(ends_at__lt=now).order_by("-starts_at")[:30]
        return context


class EventPage(RoutablePageMixin, BasePage):
    """A workshop or an online session. Times are stored in UTC and shown in the event's own
    time zone and in the reader's."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Atelier sur place")
        ONLINE = "online", _("Session en ligne")

    summary = models.TextField(_("résumé"), max_length=500)
    kind = models.CharField(_("format"), max_length=10, choices=Kind.choices, default=Kind.WORKSHOP)
    theme = models.ForeignKey(
        "pages.Theme", verbose_name=_("thème"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    time_zone = models.CharField(
        _("fuseau horaire de l'événement"),
        max_length=64,
        choices=list(TIME_ZONE_NAMES.items()),
        default="Africa/Casablanca",
    )
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    online_url = models.URLField(
        _("lien de connexion"),
        blank=True,
        help_text=_("Envoyé aux inscrits seulement, jamais affiché publiquement."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(100_000)], default=30
    )
    body = RichTextField(_("programme"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    report = RichTextField(
        _("compte rendu"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"],
        help_text=_("Après l'événement : ce qui s'est dit, ce qui a été décidé."),
    )
    resources = ParentalManyToManyField(
        ResourcePage, blank=True, related_name="events", verbose_name=_("ressources de l'événement")
    )

    parent_page_types = ["learning.EventIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("theme")]),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")]),
                FieldPanel("capacity"),
            ],
            heading=_("Quand, où, combien"),
        ),
        FieldPanel("body"),
        FieldPanel("report"),
        FieldPanel("resources"),
    ]

    meta_description_field = "summary"
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("place"),
        index.FilterField("starts_at"),
        index.FilterField("theme"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("summary"),
        APIField("kind"),
        APIField("theme"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("time_zone"),
        APIField("place"),
        APIField("capacity"),
        APIField("body"),
        APIField("report"),
    ]
    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("report"),
        TranslatableField("place"),
        SynchronizedField("kind"),
        SynchronizedField("theme"),
        SynchronizedField("starts_at"),
        SynchronizedField("ends_at"),
        SynchronizedField("time_zone"),
        SynchronizedField("online_url"),
        SynchronizedField("capacity"),
        SynchronizedField("resources"),
    ]

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La fin doit venir après le début.")
        if self.kind == self.Kind.ONLINE and not self.online_url:
            errors["online_url"] = _("Une session en ligne a besoin d'un lien de connexion.")
        if self.kind == self.Kind.WORKSHOP and not self.place:
            errors["place"] = _("Un atelier sur place a besoin d'un lieu.")
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        return valid_time_zone(self.time_zone) or zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @cached_property
    def source(self):
        return source_page(self)

    def registrations(self):
        return EventRegistration.objects.filter(event=self.source)

    def places_left(self):
        taken = self.registrations().filter(status=EventRegistration.Status.REGISTERED).count()
        return max(self.capacity - taken, 0)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader_zone = valid_time_zone(request.GET.get("tz", ""))
        if request.GET.get("tz") and reader_zone is None:
            context["time_zone_error"] = _(
                "Ce fuseau horaire est inconnu : l'heure est donnée dans celui de l'événement."
            )
        if reader_zone is None and request.user.is_authenticated:
            reader_zone = valid_time_zone(UserProfile.get_for_user(request.user).current_time_zone)
        if reader_zone is not None and reader_zone.key == self.zone.key:
            reader_zone = None
        context.update(
            {
                "event_zone": self.zone,
                "event_zone_name": time_zone_name(self.zone.key),
                "reader_zone": reader_zone,
                "reader_zone_name": time_zone_name(reader_zone.key) if reader_zone else "",
                "time_zones": TIME_ZONE_NAMES.items(),
                "places_left": self.places_left(),
                "event_resources": in_language(self.resources.live(), self.locale),
            }
        )
        if request.user.is_authenticated:
            context["registration"] = self.registrations().filter(user=request.user).first()
        return context

    @path("")
    def event(self, request):
        return self.render(request)

    @path("ics/")
    def calendar(self, request):
        from learning.events import calendar_file  # learning/events.py imports these models

        response = HttpResponse(calendar_file(self), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response


class EventRegistration(models.Model):
    """A member's place at an event, or their place on its waiting list."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Inscrit·e")
        WAITING = "waiting", _("Sur liste d'attente")
        CANCELLED = "cancelled", _("Annulée")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registration_set")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    changed_at = models.DateTimeField(_("dernier changement"), default=timezone.now)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à un événement")
        verbose_name_plural = _("inscriptions aux événements")
        ordering = ["changed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="register_once_per_event")]

    def __str__(self):
        return f"{self.event_id}: {self.user_id} ({self.status})"
