"""Thematic networks where members ask and share: posts, replies, reports, follows
(learning/networks.py)."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.i18n import in_language, source_page
from pages.models import BaseIndexPage, BasePage


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
        from learning import networks  # learning/networks.py imports these models

        # The list of posts only here: a post's own page does not need it.
        return self.render(request, context_overrides=networks.network_context(request, self))

    @path("<int:post_id>/")
    def post(self, request, post_id):
        from learning import networks  # learning/networks.py imports these models

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
