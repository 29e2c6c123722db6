"""The community manager's tools for the learning spaces: network posts and replies to edit,
pin, hide or close; reports to handle; registrations per event."""

import django_filters
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

from community.maturation import RESOURCES_HOOK
from core.i18n import in_language, localized

from . import events
from .models import EventPage, EventRegistration, NetworkFollow, Post, Reply, Report, ResourceIndexPage, ResourcePage
from .networks import posts_for_digest


class PostFilterSet(WagtailFilterSet):
    class Meta:
        model = Post
        fields = ["network", "kind", "pinned", "hidden", "closed"]


class PostViewSet(ModelViewSet):
    model = Post
    icon = "openquote"
    menu_label = _("Messages des réseaux")
    filterset_class = PostFilterSet
    list_display = ["title", "network", "author_name", "kind", "created_at", "pinned", "hidden", "closed"]
    search_fields = ["title", "body", "author_name"]
    ordering = ["-created_at"]
    inspect_view_enabled = True


class ReplyViewSet(ModelViewSet):
    model = Reply
    icon = "comment"
    menu_label = _("Réponses des réseaux")
    list_display = ["post", "author_name", "created_at", "hidden"]
    list_filter = ["hidden"]
    search_fields = ["body", "author_name"]
    ordering = ["-created_at"]


class ReportViewSet(ModelViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Signalements")
    list_display = ["post", "reply", "reason", "created_at", "resolved"]
    list_filter = ["resolved"]
    ordering = ["resolved", "-created_at"]
    inspect_view_enabled = True


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=_("Événement"),
        queryset=lambda request: EventPage.objects.filter(locale=Locale.get_default()).order_by("-starts_at"),
    )

    class Meta:
        model = EventRegistration
        fields = ["event", "status"]


class RegistrationViewSet(ModelViewSet):
    model = EventRegistration
    icon = "date"
    menu_label = _("Inscriptions aux événements")
    filterset_class = RegistrationFilterSet
    list_display = ["event", "user", "status", "created_at", "changed_at", "reminded_at"]
    form_fields = ["status"]
    ordering = ["event", "changed_at"]


class LearningViewSetGroup(ViewSetGroup):
    menu_label = _("Apprentissage")
    menu_icon = "group"
    menu_order = 260
    items = (
        PostViewSet("network_posts"),
        ReplyViewSet("network_replies"),
        ReportViewSet("network_reports"),
        RegistrationViewSet("event_registrations"),
    )


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    return LearningViewSetGroup()


@hooks.register("digest_sections")
def network_posts_section(user, since):
    """The digest's part for the networks a member follows: their new posts."""

    posts = posts_for_digest(user, since)
    if not posts:
        return None
    sources = list({post.network_id: post.network for post in posts}.values())
    networks = dict(zip([network.pk for network in sources], localized(sources), strict=True))
    return {
        "heading": _("Nouveaux messages dans les réseaux que vous suivez :"),
        "items": [
            (
                f"{post.title} — {networks[post.network_id].title}",
                f"{settings.SITE_URL}{networks[post.network_id].url}{post.pk}/",
            )
            for post in posts
        ],
    }


@hooks.register("member_data")
def learning_member_data(user):
    """What the learning spaces keep about a member, for their data export."""

    def when(value):
        return value.isoformat() if value else None

    return {
        "network_posts": [
            {"network": p.network.title, "title": p.title, "body": p.body, "posted_at": when(p.created_at)}
            for p in Post.objects.filter(author=user).select_related("network")
        ],
        "network_replies": [
            {"post": r.post_id, "body": r.body, "posted_at": when(r.created_at)}
            for r in Reply.objects.filter(author=user)
        ],
        "reports": [
            {"post": r.post_id, "reply": r.reply_id, "reason": r.reason, "at": when(r.created_at)}
            for r in Report.objects.filter(reporter=user)
        ],
        "network_follows": [f.network.title for f in NetworkFollow.objects.filter(user=user).select_related("network")],
        "event_registrations": [
            {"event": r.event.title, "status": r.status, "registered_at": when(r.created_at)}
            for r in EventRegistration.objects.filter(user=user).select_related("event")
        ],
    }


@hooks.register("before_member_deletion")
def forget_learning_member(user):
    """Posts and replies stay for the discussion, without the person's name; places at coming
    events go to the first person waiting."""

    Post.objects.filter(author=user).update(author=None, author_name="")
    Reply.objects.filter(author=user).update(author=None, author_name="")
    coming = EventRegistration.objects.filter(user=user, event__ends_at__gt=timezone.now()).exclude(
        status=EventRegistration.Status.CANCELLED
    )
    for registration in coming.select_related("event"):
        events.cancel(registration.event, user)


@hooks.register(RESOURCES_HOOK)
def resources_for_stage(stage, locale):
    """The library's published guides for a maturation stage, in the reader's language."""
    return in_language(ResourcePage.objects.live().filter(stage=stage), locale)


@hooks.register("cds_search_groups", order=40)
def library_and_agenda_search_groups():
    """The library's and the agenda's groups in the site search (search/views.py); the
    library's links to its faceted search."""
    return [
        ("resources", _("Ressources"), ResourcePage, ResourceIndexPage),
        ("events", _("Agenda"), EventPage, None),
    ]
