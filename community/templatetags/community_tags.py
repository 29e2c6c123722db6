"""What the community adds to pages of lower apps (DESIGN.md: they never import upward)."""

from django import template
from django.conf import settings
from django.core.cache import cache

from community import rules
from community.offers import accepts_offers, pledges_of
from core import cache as content
from needs.maturation import STAGES

register = template.Library()


@register.inclusion_tag("community/_need_help.html", takes_context=True)
def need_help(context, need):
    """On a need sheet: the « Je peux aider » action and, for financing, what is promised."""
    pledges = None
    if need.needs_financing:  # kept until the content changes: every offer's change moves it on
        key = content.key("pledges", need.pk, settings.EUR_TO_MAD)
        pledges = cache.get_or_set(key, lambda: pledges_of(need, settings.EUR_TO_MAD), content.TIMEOUT)
    request = context.get("request")
    user = getattr(request, "user", None)
    open_for_help = accepts_offers(need)
    return {
        "need": need,
        "pledges": pledges,
        "open_for_help": open_for_help,
        # The commune's people and the community manager invite suggested experts (invitations.py).
        "can_invite": bool(open_for_help and user and user.is_authenticated and rules.speaks_for_need(user, need)),
        "request": request,
    }


@register.inclusion_tag("community/_follow.html", takes_context=True)
def follow_button(context, territory):
    """« Suivre » on a territory page: a plain form, the same for every visitor (cacheable)."""
    return {"territory": territory, "request": context.get("request")}


@register.inclusion_tag("community/_maturation_path.html", takes_context=True)
def maturation_path(context, need):
    """On a need sheet: the stages of its path, the current one marked; for the commune and
    the mentor, the way to its checklist."""

    request = context.get("request")
    user = getattr(request, "user", None)
    current = STAGES.index(need.maturity)
    return {
        "stages": [(stage.label, index < current, index == current) for index, stage in enumerate(STAGES)],
        "need": need,
        "can_see": bool(user and user.is_authenticated and rules.can_see_maturation(user, need)),
    }


@register.inclusion_tag("community/_invite_expert.html", takes_context=True)
def invite_expert_link(context, expert):
    """On an expert's profile, for a commune's editors and the community manager: the way to
    invite this expert on one of their needs (community/invitations.py)."""
    user = getattr(context.get("request"), "user", None)
    show = bool(user and user.is_authenticated and rules.can_invite_experts(user))
    return {"expert": expert, "show": show}
