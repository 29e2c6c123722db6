"""The community manager's view of every offer in the Wagtail admin, with the filters they work
with: status, commune, theme, age, and "stale" (open, nothing happened for 14 days)."""

import django_filters
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

from needs.models import ChecklistEntry
from pages.models import TerritoryPage, Theme

from . import rules
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
