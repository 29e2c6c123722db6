from django import template
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def user_text(text):
    """A member's plain text as safe HTML: everything escaped (a <script> shows as text),
    paragraphs and line breaks kept, web addresses made links that search engines do not
    follow nor credit (rel="nofollow ugc")."""
    html = linebreaks(urlize(escape(text or ""), trim_url_limit=60, nofollow=True, autoescape=False))
    # The text was escaped first: the only rel="nofollow" left are urlize's own.
    return mark_safe(html.replace('rel="nofollow"', 'rel="nofollow ugc"'))
