from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import cache as content_cache
from needs.models import attach_commune_titles
from search.experts import ExpertDiscovery
from search.matching import experts_for_need, needs_for_expert
from search.needs import NeedDiscovery

register = template.Library()


def discovery_context(context, discovery_class, card_template, card_name):
    request = context["request"]
    return {
        **discovery_class(request).run(rendered=True),
        "request": request,
        "result_template": card_template,
        "result_name": card_name,
        "page": context.get("page"),
    }


@register.inclusion_tag("search/_discovery.html", takes_context=True)
def need_search(context):
    """The faceted search of the needs page (NeedIndexPage)."""
    return discovery_context(context, NeedDiscovery, "components/_need_card.html", "need")


@register.inclusion_tag("search/_discovery.html", takes_context=True)
def expert_search(context):
    """The faceted search of the expert directory (ExpertDirectoryPage)."""
    return discovery_context(context, ExpertDiscovery, "components/_expert_card.html", "expert")


@register.inclusion_tag("search/_matches.html", takes_context=True)
def suggested_experts(context, need, limit=6):
    return {
        "matches": experts_for_need(need, limit=limit),
        "kind": "expert",
        "heading": _("Experts qui peuvent aider"),
        "heading_id": "suggested-experts",
        "request": context.get("request"),
    }


@register.inclusion_tag("search/_matches.html", takes_context=True)
def suggested_needs(context, expert, limit=6):
    matches = needs_for_expert(expert, limit=limit)
    attach_commune_titles([match.page for match in matches], expert.locale)  # where each need is
    return {
        "matches": matches,
        "kind": "need",
        "heading": _("Besoins où cette personne peut aider"),
        "heading_id": "suggested-needs",
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def result_cards(context, template_name, name, results):
    """Render a page of results with their card template (`need` or `expert` in the card's
    context). A card shows published content only: kept in the cache until the content
    changes, the page's cards asked for at once (one round trip to Redis, not one a card)."""
    results, language = list(results), get_language()
    keys = {obj.pk: content_cache.key("card", template_name, obj.pk, language) for obj in results}
    cached = cache.get_many(keys.values())
    rendered = {}
    card_context = {"show_commune": True, "request": context.get("request")}  # its site, for links
    for obj in results:
        if keys[obj.pk] not in cached:
            rendered[keys[obj.pk]] = template.loader.render_to_string(template_name, {**card_context, name: obj})
    if rendered:
        cache.set_many(rendered, content_cache.TIMEOUT)
    cached.update(rendered)
    return mark_safe("".join(cached[keys[obj.pk]] for obj in results))
