"""The maturation pipeline board of the Wagtail admin: the need sheets by stage, how long each
has been at its stage, and those stuck there for more than 60 days."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core.roles import COMMUNITY_MANAGERS

from .maturation import STAGES, STUCK_AFTER_DAYS
from .models import NeedPage, attach_commune_titles

PER_STAGE = 50


def pipeline_view(request):
    user = request.user
    if not (user.is_superuser or user.groups.filter(name=COMMUNITY_MANAGERS).exists()):
        raise PermissionDenied
    now = timezone.now()
    stuck_before = now - timezone.timedelta(days=STUCK_AFTER_DAYS)
    needs = (
        NeedPage.objects.live()
        .filter(locale=Locale.get_default())
        .exclude(status__in=[NeedPage.Status.CLOSED])
        .annotate(stage_since=Coalesce(F("maturity_changed_at"), F("first_published_at")))
    )
    only_stuck = request.GET.get("stuck") == "1"
    columns = []
    for stage in STAGES:
        in_stage = needs.filter(maturity=stage)
        stuck = in_stage.filter(stage_since__lt=stuck_before)
        shown = list((stuck if only_stuck else in_stage).order_by("stage_since", "id")[:PER_STAGE])
        attach_commune_titles(shown, Locale.get_default())
        for need in shown:
            need.days_in_stage = (now - need.stage_since).days if need.stage_since else None
            need.is_stuck = need.stage_since is not None and need.stage_since < stuck_before
        columns.append(
            {"stage": stage, "label": stage.label, "count": in_stage.count(), "stuck": stuck.count(), "needs": shown}
        )
    return render(
        request,
        "needs/admin/pipeline.html",
        {
            "columns": columns,
            "only_stuck": only_stuck,
            "stuck_days": STUCK_AFTER_DAYS,
            "page_title": _("Parcours des besoins"),
            "header_icon": "list-ul",
        },
    )
