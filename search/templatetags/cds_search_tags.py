from django import template

from search.experts import ExpertDiscovery
from search.matching import experts_for_need, needs_for_expert
from search.needs import NeedDiscovery

register = template.Library()


@register.inclusion_tag("search/_discovery.html", takes_context=True)
def need_search(context):
    """The faceted search of the needs page (NeedIndexPage)."""
    request = context["request"]
    return {
        **NeedDiscovery(request).run(),
        "request": request,
        "result_template": "components/_need_card.html",
        "result_name": "need",
        "search_label": context.get("search_label"),
        "page": context.get("page"),
    }


@register.inclusion_tag("search/_discovery.html", takes_context=True)
def expert_search(context):
    """The faceted search of the expert directory (ExpertDirectoryPage)."""
    request = context["request"]
    return {
        **ExpertDiscovery(request).run(),
        "request": request,
        "result_template": "components/_expert_card.html",
        "result_name": "expert",
        "page": context.get("page"),
    }


@register.inclusion_tag("search/_suggested_experts.html", takes_context=True)
def suggested_experts(context, need, limit=6):
    return {"matches": experts_for_need(need, limit=limit), "request": context.get("request")}


@register.inclusion_tag("search/_suggested_needs.html", takes_context=True)
def suggested_needs(context, expert, limit=6):
    return {"matches": needs_for_expert(expert, limit=limit), "request": context.get("request")}


@register.simple_tag
def include_result(template_name, name, obj):
    """Render one result with its card template (`need` or `expert` in the card's context)."""
    return template.loader.render_to_string(template_name, {name: obj, "show_commune": True})
