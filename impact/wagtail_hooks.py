"""The community manager's side of impact: the ADC trainings they record, and a dashboard panel
with the indicators and the pipeline that needs their attention."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

from community.models import Offer
from community.offers import stale_offers
from community.rules import is_community_manager
from needs.models import NeedPage
from pages.models import TerritoryPage

from .indicators import Period, indicators
from .models import AdcTraining, ImpactTargets

WITHOUT_OFFER_DAYS = 30
INACTIVE_DAYS = 90


class AdcTrainingViewSet(ModelViewSet):
    model = AdcTraining
    icon = "user"
    menu_label = _("Formations des ADC")
    add_to_settings_menu = True
    form_fields = ["commune", "person", "account", "training", "completed_on", "hours", "notes"]
    list_display = ["person", "commune", "training", "completed_on"]
    list_filter = ["completed_on"]
    search_fields = ["person", "training", "commune__title"]


@hooks.register("register_admin_viewset")
def register_adc_training_viewset():
    return AdcTrainingViewSet("adc_trainings")


def pipeline():
    """What the community manager should look at: offers by status, stale offers, needs nobody
    offered to help with after 30 days, communes with editors but no activity for 90 days."""
    now = timezone.now()
    by_status = dict(Offer.objects.values_list("status").annotate(n=Count("id")))
    lonely_needs = (
        NeedPage.objects.live()
        .filter(locale=Locale.get_default(), first_published_at__lt=now - timezone.timedelta(days=WITHOUT_OFFER_DAYS))
        .exclude(status__in=NeedPage.ENDED_STATUSES)
        .filter(offers__isnull=True)
        .order_by("first_published_at")
    )
    since = now - timezone.timedelta(days=INACTIVE_DAYS)
    active_codes = set(
        NeedPage.objects.filter(Q(last_published_at__gte=since) | Q(offers__status_changed_at__gte=since)).values_list(
            "commune_code", flat=True
        )
    )
    communes_with_editors = (
        TerritoryPage.objects.filter(
            level=TerritoryPage.Level.COMMUNE, locale=Locale.get_default(), editors_group__user__is_active=True
        )
        .annotate(last=Max("editors_group__user__last_login"))
        .distinct()
    )
    inactive = [commune for commune in communes_with_editors if commune.hcp_code not in active_codes]
    lonely = list(lonely_needs[:10])
    # The action to take is to write to the commune: its editors' addresses, for a mailto link.
    emails = commune_emails({need.commune_code for need in lonely} | {commune.hcp_code for commune in inactive[:10]})
    for need in lonely:
        need.commune_emails = emails.get(need.commune_code, [])
    for commune in inactive[:10]:
        commune.emails = emails.get(commune.hcp_code, [])
    return {
        "by_status": [(label, by_status.get(value, 0), value) for value, label in Offer.Status.choices],
        "stale": stale_offers(Offer.objects.all()).count(),
        "lonely_needs": lonely,
        "lonely_count": lonely_needs.count(),
        "inactive_communes": inactive[:10],
        "inactive_count": len(inactive),
        "without_offer_days": WITHOUT_OFFER_DAYS,
        "inactive_days": INACTIVE_DAYS,
    }


def commune_emails(codes):
    """{commune code: its active editors' email addresses}, for the communes of `codes`."""
    groups = dict(
        TerritoryPage.objects.filter(
            hcp_code__in=codes, locale=Locale.get_default(), editors_group__isnull=False
        ).values_list("editors_group_id", "hcp_code")
    )
    memberships = (
        get_user_model()
        .groups.through.objects.filter(group_id__in=groups, user__is_active=True)
        .exclude(user__email="")
        .values_list("group_id", "user__email")
    )
    emails = {}
    for group_id, email in memberships:
        emails.setdefault(groups[group_id], []).append(email)
    return emails


class ImpactPanel(Component):
    name = "cds_impact"
    order = 50
    template_name = "impact/admin_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        items, _offers = indicators(Period(), ImpactTargets.for_request(self.request))
        return {"indicators": items, **pipeline()}


@hooks.register("construct_homepage_panels")
def add_impact_panel(request, panels):
    if is_community_manager(request.user):
        panels.append(ImpactPanel(request))
