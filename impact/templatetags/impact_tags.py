"""The indicators on other apps' pages (the home page): a cached summary."""

from django import template
from django.core.cache import cache

from impact.indicators import Period, indicators
from impact.models import ImpactPage, ImpactTargets
from pages.i18n import current_locale

register = template.Library()

SUMMARY_CACHE_SECONDS = 300  # the home page's figures may be five minutes behind the Impact page's


@register.inclusion_tag("impact/_summary.html", takes_context=True)
def impact_summary(context):
    request = context.get("request")
    figures = cache.get("cds:impact:summary")
    if figures is None:
        items, _offers = indicators(Period(), ImpactTargets.for_request(request))
        figures = {item.key: (item.value, item.target, item.percent) for item in items}
        cache.set("cds:impact:summary", figures, SUMMARY_CACHE_SECONDS)
    page = ImpactPage.objects.live().filter(locale=current_locale()).first()
    return {"figures": figures, "impact_page": page}
