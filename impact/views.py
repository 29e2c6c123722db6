"""What the Impact page shows and the donor reports it offers, for the whole history or a
period chosen in the URL (?du=2026-01-01&au=2026-12-31)."""

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.i18n import in_language
from pages.models import ProjectStoryPage

from . import reports
from .indicators import Period, breakdowns, indicators
from .models import ImpactTargets


class PeriodError(ValueError):
    pass


def parse_period(request):
    """The period of the URL; raises PeriodError with a message for the user."""

    def day(name):
        value = request.GET.get(name, "").strip()
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise PeriodError(
                _("« %(value)s » n’est pas une date : écrivez-la AAAA-MM-JJ, par exemple 2026-01-31.")
                % {"value": value[:40]}
            ) from error

    start, end = day("du"), day("au") or timezone.localdate()
    if start and start > end:
        raise PeriodError(_("La date de début est après la date de fin."))
    return Period(start, end)


def figures(request, period):
    targets = ImpactTargets.for_request(request)
    items, offers = indicators(period, targets)
    return {
        "indicators": items,
        "breakdowns": breakdowns(offers),
        "trend": items[0].trend,  # migrants mobilised, month by month, for the reports
    }


def impact_context(page, request):
    try:
        period = parse_period(request)
        error = None
    except PeriodError as exc:
        period, error = Period(), str(exc)
        messages.error(request, error)
    data = figures(request, period)
    data["period"] = period
    data["period_error"] = error
    data["stories"] = (
        in_language(ProjectStoryPage.objects.live(), page.locale)
        .select_related("cover_image")
        .order_by("-first_published_at")[:3]
    )
    data["query"] = request.GET.urlencode()
    return data


def report_download(page, request, kind):
    try:
        period = parse_period(request)
    except PeriodError as exc:
        response = HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
        return response
    rows = reports.report_rows(figures(request, period), period)
    stamp = f"{period.start or 'debut'}_{period.end}"
    if kind == "csv":
        response = HttpResponse(reports.as_csv(rows), content_type="text/csv; charset=utf-8")
        filename = f"cds-impact_{stamp}.csv"
    else:
        response = HttpResponse(
            reports.as_xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        filename = f"cds-impact_{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
