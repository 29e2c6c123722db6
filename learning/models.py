"""The learning spaces: a library of resources, events with registration, and thematic networks
where members ask and share. (The need sheets' maturation path lives with the needs.)"""

import math
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.users.models import UserProfile
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.i18n import in_language, source_page
from needs.models import NeedPage
from pages.models import BaseIndexPage, BasePage, DocumentLink

WORDS_PER_MINUTE = 200


# --- The library ------------------------------------------------------------------------------


class ResourceIndexPage(BaseIndexPage):
    """The library: guides, templates and training material, searchable and faceted."""

    subpage_types = ["learning.ResourcePage"]

    class Meta:
        verbose_name = _("bibliothèque de ressources")


class ResourcePage(BasePage):
    """A guide, a template or training material for communes, experts and associations."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        TEMPLATE = "template", _("Modèle à remplir")
        TRAINING = "training", _("Support de formation")

    AUDIENCES = [
        ("for_communes", _("Communes")),
        ("for_experts", _("Experts de la diaspora")),
        ("for_associations", _("Associations")),
    ]

    summary = models.TextField(_("résumé"), max_length=500)
    kind = models.CharField(_("type de ressource"), max_length=10, choices=Kind.choices, default=Kind.GUIDE)
    theme = models.ForeignKey(
        "pages.Theme", verbose_name=_("thème"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    for_communes = models.BooleanField(_("pour les communes"), default=False)
    for_experts = models.BooleanField(_("pour les experts"), default=False)
    for_associations = models.BooleanField(_("pour les associations"), default=False)
    language = models.ForeignKey(
        "pages.Language",
        verbose_name=_("langue des documents"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.CharField(
        _("modèle pour l'étape"),
        max_length=14,
        choices=NeedPage.Maturity.choices,
        blank=True,
        help_text=_("Proposée sur la fiche besoin quand celle-ci est à cette étape de maturation."),
    )
    body = RichTextField(
        _("contenu"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("temps de lecture (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Laissez vide pour le calculer à partir du texte."),
    )

    parent_page_types = ["learning.ResourceIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("theme")]),
                FieldRowPanel([FieldPanel(name) for name, _label in AUDIENCES]),
                FieldRowPanel([FieldPanel("language"), FieldPanel("stage")]),
                FieldPanel("reading_minutes"),
            ],
            heading=_("Classement"),
        ),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Document à télécharger")),
    ]

    marked_text_fields = BasePage.marked_text_fields + ["summary"]
    meta_description_field = "summary"
    search_fields = (
        BasePage.search_fields
        + [
            index.SearchField("summary", boost=2),
            index.SearchField("body"),
            index.RelatedFields("theme", [index.SearchField("name"), index.FilterField("slug")]),
            index.FilterField("theme"),
            index.FilterField("kind"),
            index.FilterField("language"),
            index.FilterField("stage"),
            index.FilterField("first_published_at"),
        ]
        + [index.FilterField(name) for name, _label in AUDIENCES]
    )

    api_fields = BasePage.api_fields + [
        APIField("summary"),
        APIField("kind"),
        APIField("theme"),
        APIField("audiences"),
        APIField("stage"),
        APIField("body"),
        APIField("reading_time"),
        APIField("documents"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("kind"),
        SynchronizedField("theme"),
        SynchronizedField("for_communes"),
        SynchronizedField("for_experts"),
        SynchronizedField("for_associations"),
        SynchronizedField("language"),
        SynchronizedField("stage"),
        SynchronizedField("reading_minutes"),
        SynchronizedField("documents"),
    ]

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")

    def clean(self):
        super().clean()
        if not any(getattr(self, name) for name, _label in self.AUDIENCES):
            raise ValidationError({"for_communes": _("Cochez au moins un public.")})

    @property
    def audiences(self):
        return [name.removeprefix("for_") for name, _label in self.AUDIENCES if getattr(self, name)]

    @property
    def audience_labels(self):
        return [label for name, label in self.AUDIENCES if getattr(self, name)]

    @property
    def reading_time(self):
        """Minutes: the editor's figure, else the text's length at 200 words a minute."""
        if self.reading_minutes:
            return self.reading_minutes
        words = len(strip_tags(f"{self.summary} {self.body}").split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = self.documents.select_related("document")
        return context


class ResourceDocument(DocumentLink):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")


# --- Events -----------------------------------------------------------------------------------

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

        from .events import calendar_file  # events.py imports these models

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


# --- Thematic networks -------------------------------------------------------------------------


class NetworkIndexPage(BaseIndexPage):
    """The thematic networks, one per theme."""

    subpage_types = ["learning.NetworkPage"]

    class Meta:
        verbose_name = _("index des réseaux thématiques")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["networks"] = in_language(NetworkPage.objects.live(), self.locale).select_related("theme")
        return context


class NetworkPage(RoutablePageMixin, BasePage):
    """A theme's network: members ask a question or share an experience, others reply."""

    theme = models.ForeignKey(
        "pages.Theme", verbose_name=_("thème"), null=True, blank=False, on_delete=models.SET_NULL, related_name="+"
    )
    intro = RichTextField(_("présentation"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["learning.NetworkIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [FieldPanel("theme"), FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = BasePage.api_fields + [APIField("theme"), APIField("intro")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro"), SynchronizedField("theme")]

    class Meta:
        verbose_name = _("réseau thématique")
        verbose_name_plural = _("réseaux thématiques")

    @cached_property
    def source(self):
        return source_page(self)

    @path("")
    def network(self, request):
        from . import networks  # networks.py imports these models

        # The list of posts only here: a post's own page does not need it.
        return self.render(request, context_overrides=networks.network_context(request, self))

    @path("<int:post_id>/")
    def post(self, request, post_id):

        from . import networks  # networks.py imports these models

        post = Post.objects.filter(pk=post_id, network=self.source).select_related("solution").first()
        if post is None or (post.hidden and not networks.can_see_hidden(request.user)):
            raise Http404
        return self.render(
            request,
            context_overrides=networks.post_context(request, self, post),
            template="learning/post_page.html",
        )


class Post(models.Model):
    """A question or an experience posted in a network. Plain text: HTML is shown as text,
    addresses become links marked rel="nofollow ugc"."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        EXPERIENCE = "experience", _("Retour d'expérience")

    network = models.ForeignKey(NetworkPage, verbose_name=_("réseau"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="network_posts",
    )
    author_name = models.CharField(_("nom affiché"), max_length=150)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"), max_length=5000)
    created_at = models.DateTimeField(_("publié le"), default=timezone.now, db_index=True)
    pinned = models.BooleanField(_("épinglé"), default=False)
    hidden = models.BooleanField(_("masqué"), default=False)
    closed = models.BooleanField(_("fermé aux réponses"), default=False)
    solution = models.ForeignKey(
        "learning.Reply",
        verbose_name=_("réponse qui a résolu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("pinned"), FieldPanel("hidden"), FieldPanel("closed")]),
    ]

    class Meta:
        verbose_name = _("message de réseau")
        verbose_name_plural = _("messages des réseaux")
        ordering = ["-pinned", "-created_at", "-id"]

    def __str__(self):
        return self.title


class Reply(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("nom affiché"), max_length=150)
    body = models.TextField(_("réponse"), max_length=5000)
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    hidden = models.BooleanField(_("masquée"), default=False)

    panels = [FieldPanel("body"), FieldPanel("hidden")]

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.post}: {self.created_at:%Y-%m-%d %H:%M}"


class Report(models.Model):
    """A member's report of a post or a reply, for the community manager."""

    post = models.ForeignKey(Post, verbose_name=_("message"), on_delete=models.CASCADE, related_name="reports")
    reply = models.ForeignKey(
        Reply, verbose_name=_("réponse"), null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signalé par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("raison"), max_length=1000)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    resolved = models.BooleanField(_("traité"), default=False)

    panels = [FieldPanel("resolved")]

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["resolved", "-created_at"]

    def __str__(self):
        return f"{self.post}: {self.reason[:40]}"


class NetworkFollow(models.Model):
    """A member follows a network: its new posts come in their digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_follows")
    network = models.ForeignKey(NetworkPage, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suivi d'un réseau")
        verbose_name_plural = _("suivis des réseaux")
        constraints = [models.UniqueConstraint(fields=["user", "network"], name="follow_a_network_once")]

    def __str__(self):
        return f"{self.user_id} → {self.network_id}"
