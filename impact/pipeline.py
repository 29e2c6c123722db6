"""What the community manager should look at: offers by status, stale offers, needs nobody
offered to help with after 30 days, communes with editors but no activity for 90 days. The
dashboard shows the first ten of each list; the whole lists are admin pages of their own, each
line with the action to take (suggest experts, write to the commune)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail.models import Locale

from community.models import Offer
from community.offers import stale_offers
from community.rules import is_community_manager
from needs.models import NeedPage
from pages.models import TerritoryPage

WITHOUT_OFFER_DAYS = 30
INACTIVE_DAYS = 90
ON_DASHBOARD = 10
PER_PAGE = 50


def lonely_needs():
    """Live need sheets published more than 30 days ago, not ended, with no offer at all."""
    return (
        NeedPage.objects.live()
        .filter(
            locale=Locale.get_default(),
            first_published_at__lt=timezone.now() - timezone.timedelta(days=WITHOUT_OFFER_DAYS),
        )
        .exclude(status__in=NeedPage.ENDED_STATUSES)
        .filter(offers__isnull=True)
        .order_by("first_published_at")
    )


def inactive_communes():
    """Communes with an active editor but no need sheet published and no offer moved in 90
    days, as a list, with `last`: their editors' last login."""
    since = timezone.now() - timezone.timedelta(days=INACTIVE_DAYS)
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
        .order_by("title")
    )
    return [commune for commune in communes_with_editors if commune.hcp_code not in active_codes]


def with_actions(needs, communes):
    """The needs and communes given, each with its commune's editors' addresses: the action to
    take is to write to them (a mailto link)."""
    emails = commune_emails({need.commune_code for need in needs} | {commune.hcp_code for commune in communes})
    for need in needs:
        need.commune_emails = emails.get(need.commune_code, [])
    for commune in communes:
        commune.emails = emails.get(commune.hcp_code, [])


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


def pipeline():
    """The dashboard panel's figures and the first ten of each list."""
    by_status = dict(Offer.objects.values_list("status").annotate(n=Count("id")))
    needs = lonely_needs()
    lonely = list(needs[:ON_DASHBOARD])
    inactive = inactive_communes()
    with_actions(lonely, inactive[:ON_DASHBOARD])
    return {
        "by_status": [(label, by_status.get(value, 0), value) for value, label in Offer.Status.choices],
        "stale": stale_offers(Offer.objects.all()).count(),
        "lonely_needs": lonely,
        "lonely_count": needs.count(),
        "inactive_communes": inactive[:ON_DASHBOARD],
        "inactive_count": len(inactive),
        "without_offer_days": WITHOUT_OFFER_DAYS,
        "inactive_days": INACTIVE_DAYS,
    }


def listing(request, items, template, title, **context):
    if not is_community_manager(request.user):
        raise PermissionDenied
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("p"))
    page.object_list = list(page.object_list)  # read once: the actions are set on these objects
    return TemplateResponse(request, template, {"page": page, "title": title, **context})


def lonely_needs_view(request):
    response = listing(
        request,
        lonely_needs(),
        "impact/pipeline_needs.html",
        ngettext(
            "Besoins sans aucune offre après %(days)s jour",
            "Besoins sans aucune offre après %(days)s jours",
            WITHOUT_OFFER_DAYS,
        )
        % {"days": WITHOUT_OFFER_DAYS},
    )
    with_actions(response.context_data["page"].object_list, [])
    return response


def inactive_communes_view(request):
    response = listing(
        request,
        inactive_communes(),
        "impact/pipeline_communes.html",
        ngettext(
            "Communes sans activité depuis %(days)s jour",
            "Communes sans activité depuis %(days)s jours",
            INACTIVE_DAYS,
        )
        % {"days": INACTIVE_DAYS},
    )
    with_actions([], response.context_data["page"].object_list)
    return response
