"""The community manager's view of every offer in the Wagtail admin, with the filters they work
with: status, commune, theme, age, and "stale" (open, nothing happened for 14 days)."""

import django_filters
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import PageExplorerMenuItem as PageExplorerMenuItemComponent
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.wagtail_hooks import ExplorerMenuItem
from wagtail.models import Locale

from core.text import collation_key
from needs.models import ChecklistEntry, NeedPage
from pages.models import ProjectStoryPage, TerritoryPage, Theme

from . import rules
from .forms import theme_choices
from .maturation import COLLECTION_NAME
from .models import Invitation, Offer
from .offers import stale_offers


class OfferFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=Offer.Status.choices)
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        method="filter_commune",
        queryset=lambda request: TerritoryPage.objects.filter(
            level=TerritoryPage.Level.COMMUNE, locale=Locale.get_default()
        ).order_by("title"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thème"),
        field_name="need__theme",
        queryset=lambda request: Theme.objects.filter(locale=Locale.get_default()).order_by("name"),
    )
    age = django_filters.ChoiceFilter(
        label=_("Proposée depuis"),
        method="filter_age",
        choices=[("7", _("plus de 7 jours")), ("30", _("plus de 30 jours")), ("90", _("plus de 90 jours"))],
    )
    stale = django_filters.BooleanFilter(
        label=_("En souffrance (ouverte, sans changement depuis 14 jours)"), method="filter_stale"
    )

    class Meta:
        model = Offer
        fields = ["status", "kind"]

    @property
    def form(self):
        """The communes and themes in the admin's alphabetical order, accents ignored."""
        form = super().form
        if not getattr(form, "collated", False):
            form.collated = True
            # The widget's choices: django-filter's fields take no list. The queryset still
            # decides what is valid.
            themes = form.fields["theme"]
            themes.widget.choices = [("", themes.empty_label), *theme_choices()]
            communes = form.fields["commune"]
            names = communes.queryset.values_list("pk", "title")
            communes.widget.choices = [
                ("", communes.empty_label),
                *sorted(names, key=lambda row: collation_key(row[1])),
            ]
        return form

    def filter_commune(self, queryset, name, value):
        return queryset.filter(need__commune_code=value.hcp_code) if value else queryset

    def filter_age(self, queryset, name, value):
        return queryset.filter(created_at__lt=timezone.now() - timezone.timedelta(days=int(value)))

    def filter_stale(self, queryset, name, value):
        if value is None:
            return queryset
        stale = stale_offers(queryset)
        return stale if value else queryset.exclude(Q(pk__in=stale.values("pk")))


class OfferViewSet(ModelViewSet):
    model = Offer
    icon = "mail"
    menu_label = _("Offres d’aide")
    menu_order = 250
    add_to_admin_menu = True
    filterset_class = OfferFilterSet
    list_display = ["expert_label", "need", "kind", "status", "created_at", "status_changed_at", "received_at"]
    search_fields = ["need__title", "expert_name", "message"]
    form_fields = [
        "need",
        "expert",
        "author",
        "expert_name",
        "kind",
        "message",
        "hours",
        "amount",
        "currency",
        "items",
        "status",
        "received_at",
    ]
    inspect_view_enabled = True
    ordering = ["-status_changed_at"]


@hooks.register("register_admin_viewset")
def register_offer_viewset():
    return OfferViewSet("offers")


class InvitationViewSet(ModelViewSet):
    """Who invited which expert on which need: the community manager follows the matches."""

    model = Invitation
    icon = "mail"
    menu_label = _("Invitations d’experts")
    menu_order = 251
    add_to_admin_menu = True
    list_display = ["expert", "need", "sender", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["need__title", "expert__title", "message"]
    form_fields = ["need", "expert", "sender", "message"]
    inspect_view_enabled = True
    ordering = ["-created_at"]


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return InvitationViewSet("invitations")


@hooks.register("before_serve_document")
def maturation_documents_stay_with_their_need(document, request):
    """A maturation document opens only for those who may see its need's path: the commune's
    editors, the need's mentor, the community managers (community/rules.py). Anyone else,
    logged in or not, is told it does not exist."""
    if document.collection.name != COLLECTION_NAME or rules.is_community_manager(request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), resolve_url(settings.WAGTAIL_FRONTEND_LOGIN_URL))
    needs = [entry.need for entry in ChecklistEntry.objects.filter(document=document).select_related("need")]
    if any(rules.can_see_maturation(request.user, need) for need in needs):
        return None
    raise Http404


# --- A commune editor's admin opens on their commune (issue #37.5) ---------------------------
class CommunePanel(Component):
    """On the dashboard of a commune's editors: their commune, its need sheets and stories,
    « add a need », the offers waiting for an answer, the way to the Espace commune."""

    name = "cds_commune"
    order = 10
    template_name = "community/admin_commune_panel.html"

    def __init__(self, communes):
        self.communes = communes

    def get_context_data(self, parent_context):
        communes = []
        for commune in self.communes:
            waiting = (
                Offer.objects.filter(need__commune_code=commune.hcp_code, status=Offer.Status.PROPOSED)
                .select_related("need")
                .order_by("created_at")
            )
            communes.append(
                {
                    "page": commune,
                    "needs": NeedPage.objects.child_of(commune).order_by("-latest_revision_created_at"),
                    "stories": ProjectStoryPage.objects.child_of(commune).order_by("-latest_revision_created_at"),
                    "waiting": waiting,
                }
            )
        return {"communes": communes}


def editors_communes(user):
    """The communes `user` edits, unless they run the whole site (their admin stays whole)."""
    if rules.is_community_manager(user) or user.is_superuser:
        return TerritoryPage.objects.none()
    return rules.communes_of(user)


@hooks.register("construct_homepage_panels")
def add_commune_panel(request, panels):
    communes = list(editors_communes(request.user))
    if communes:
        panels.insert(0, CommunePanel(communes))


class CommuneExplorerMenuItem(ExplorerMenuItem):
    """« Pages » opens on the editor's commune: the common ancestor of what they may edit (their
    commune in four languages) is the tree's root, 6,639 pages they cannot change."""

    def __init__(self, item, commune):
        super().__init__(
            item.label,
            reverse("wagtailadmin_explore", args=[commune.pk]),
            name=item.name,
            icon_name=item.icon_name,
            order=item.order,
        )
        self.commune = commune

    def render_component(self, request):
        return PageExplorerMenuItemComponent(
            self.name, self.label, self.url, self.commune.pk, icon_name=self.icon_name, classname=self.classname
        )


@hooks.register("construct_main_menu")
def open_the_explorer_on_the_commune(request, menu_items):
    commune = editors_communes(request.user).first()
    if commune is None:
        return
    menu_items[:] = [CommuneExplorerMenuItem(item, commune) if item.name == "explorer" else item for item in menu_items]
