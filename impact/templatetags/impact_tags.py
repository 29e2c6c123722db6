"""The indicators on other apps' pages (the home page): a cached summary."""

from django import template
from django.core.cache import cache

from core import cache as content
from core.i18n import current_locale
from impact.indicators import Period, indicators
from impact.models import ImpactPage, ImpactTargets

register = template.Library()

# Under the content version (offers, trainings and targets move it on); at most this old otherwise
# (an editor account's first login makes a commune engaged).
SUMMARY_CACHE_SECONDS = 300


@register.inclusion_tag("impact/_summary.html", takes_context=True)
def impact_summary(context):
    request = context.get("request")
    key = content.key("impact-summary")
    figures = cache.get(key)
    if figures is None:
        items, _offers = indicators(Period(), ImpactTargets.for_request(request))
        figures = {item.key: (item.value, item.target, item.percent) for item in items}
        cache.set(key, figures, SUMMARY_CACHE_SECONDS)
    url_key = content.key("impact-page-url", current_locale().pk)
    url = cache.get(url_key)
    if url is None:
        page = ImpactPage.objects.live().filter(locale=current_locale()).first()
        url = page.url if page else ""
        cache.set(url_key, url, content.TIMEOUT)
    return {"figures": figures, "impact_url": url}
