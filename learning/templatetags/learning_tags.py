from django import template
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import mark_safe

from search.templatetags.cds_search_tags import discovery_context

from ..search import ResourceDiscovery

register = template.Library()


@register.inclusion_tag("search/_discovery.html", takes_context=True)
def resource_search(context):
    """The faceted search of the library (ResourceIndexPage)."""
    return discovery_context(context, ResourceDiscovery, "components/_resource_card.html", "resource")


@register.filter
def user_text(text):
    """A member's plain text as safe HTML: everything escaped (a <script> shows as text),
    paragraphs and line breaks kept, web addresses made links that search engines do not
    follow nor credit (rel="nofollow ugc")."""
    html = linebreaks(urlize(escape(text or ""), trim_url_limit=60, nofollow=True, autoescape=False))
    # The text was escaped first: the only rel="nofollow" left are urlize's own.
    return mark_safe(html.replace('rel="nofollow"', 'rel="nofollow ugc"'))
