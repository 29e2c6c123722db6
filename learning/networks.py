"""Thematic networks: who may post, reply, mark a solution, report and moderate, and what a
network page shows.

| action | visitor | member (expert or commune editor) | author of the post | community manager |
|---|---|---|---|---|
| read posts and replies | yes | yes | yes | yes, hidden ones too |
| post, reply, report, follow | – | yes | yes | yes |
| mark the reply that solved it | – | – | yes | yes |
| pin, hide, close, edit | – | – | – | yes (edit in the admin) |
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from community import rules

from .models import NetworkFollow, Post, Reply, Report

POSTS_PER_PAGE = 20


def is_member(user):
    """Experts (with a profile) and commune editors take part; so do community managers."""
    if not user.is_authenticated:
        return False
    return (
        rules.is_community_manager(user)
        or rules.communes_of(user).exists()
        or rules.approved_profile_of(user) is not None
    )


def display_name(user):
    """What other members see: the expert profile's name, the commune, or the first name —
    never the email address."""
    profile = rules.approved_profile_of(user)
    if profile is not None:
        return profile.title
    commune = rules.communes_of(user).first()
    if commune is not None:
        return _("Commune de %(commune)s") % {"commune": commune.title}
    if rules.is_community_manager(user):
        return _("Équipe d’animation")
    return user.first_name or _("Membre")


def can_see_hidden(user):
    return rules.is_community_manager(user)


def visible_posts(network, user):
    posts = Post.objects.filter(network=network.source)
    if not can_see_hidden(user):
        posts = posts.filter(hidden=False)
    return posts.annotate(reply_count=Count("replies", filter=Q(replies__hidden=False))).order_by(
        "-pinned", "-created_at", "-id"
    )


def network_context(request, network):
    user = request.user
    page_number = request.GET.get("page", "1")
    paginator = Paginator(visible_posts(network, user), POSTS_PER_PAGE)
    page = paginator.get_page(page_number if page_number.isdigit() else 1)
    context = {"posts": page, "can_post": is_member(user), "is_manager": rules.is_community_manager(user)}
    if user.is_authenticated:
        context["following"] = NetworkFollow.objects.filter(user=user, network=network.source).exists()
    return context


def post_context(request, network, post):
    user = request.user
    manager = rules.is_community_manager(user)
    replies = post.replies.all() if manager else post.replies.filter(hidden=False)
    return {
        "post": post,
        "replies": replies,
        "can_reply": is_member(user) and not post.closed,
        "can_mark_solution": can_mark_solution(user, post),
        "can_report": is_member(user),
        "is_manager": manager,
    }


def can_mark_solution(user, post):
    return user.is_authenticated and (post.author_id == user.pk or rules.is_community_manager(user))


def create_post(network, user, kind, title, body):
    if not is_member(user):
        raise PermissionDenied
    return Post.objects.create(
        network=network.source, author=user, author_name=display_name(user), kind=kind, title=title, body=body
    )


def create_reply(post, user, body):
    if not is_member(user) or post.closed or post.hidden:
        raise PermissionDenied
    return Reply.objects.create(post=post, author=user, author_name=display_name(user), body=body)


def mark_solution(post, reply, user):
    if not can_mark_solution(user, post) or reply.post_id != post.pk:
        raise PermissionDenied
    post.solution = reply
    post.save(update_fields=["solution"])


def report(post, user, reason, reply=None):
    if not is_member(user):
        raise PermissionDenied
    return Report.objects.create(post=post, reply=reply, reporter=user, reason=reason)


MODERATION = {
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
    "hide": ("hidden", True),
    "show": ("hidden", False),
    "close": ("closed", True),
    "reopen": ("closed", False),
}


def moderate(post, user, action, reply=None):
    """A community manager pins, hides or closes a post, or hides a reply."""
    if not rules.is_community_manager(user) or action not in MODERATION:
        raise PermissionDenied
    field, value = MODERATION[action]
    if reply is not None:
        if field != "hidden":
            raise PermissionDenied
        reply.hidden = value
        reply.save(update_fields=["hidden"])
        return
    setattr(post, field, value)
    post.save(update_fields=[field])


def toggle_follow(network, user):
    """Follow the network, or stop following it; returns True when now following."""
    follow, created = NetworkFollow.objects.get_or_create(user=user, network=network.source)
    if not created:
        follow.delete()
    return created


def posts_for_digest(user, since, limit=30):
    """New visible posts since `since` in the networks `user` follows, newest first."""
    networks = NetworkFollow.objects.filter(user=user).values("network")
    return list(
        Post.objects.filter(network__in=networks, hidden=False, created_at__gt=since)
        .exclude(author=user)
        .select_related("network")
        .order_by("-created_at")[:limit]
    )
