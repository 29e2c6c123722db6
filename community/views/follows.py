"""Follows: territories and themes a member follows for the digest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from community.digest import subscription_of
from community.forms import (
    FollowThemesForm,
)
from community.models import Follow
from pages.models import TerritoryPage


@login_required
@require_POST
def follow(request):
    territory_id = request.POST.get("territory", "")
    territory = TerritoryPage.objects.filter(pk=territory_id).first() if territory_id.isdigit() else None
    if territory is None:
        messages.error(request, _("Ce territoire n’existe pas."))
        return redirect("community:my_space")
    source = territory.get_translation_or_none(Locale.get_default()) or territory
    _follow, created = Follow.objects.get_or_create(user=request.user, territory=source)
    if created:
        messages.success(
            request,
            _("Vous suivez %(territory)s : ses nouveaux besoins arriveront dans votre résumé.")
            % {"territory": territory.title},
        )
    else:
        messages.info(request, _("Vous suivez déjà %(territory)s.") % {"territory": territory.title})
    return redirect(territory.url or "community:my_space")


@login_required
@require_POST
def unfollow(request, pk):
    deleted, _rows = Follow.objects.filter(pk=pk, user=request.user).delete()
    if deleted:
        messages.success(request, _("Vous ne suivez plus ce territoire."))
    return redirect("community:my_space")


@login_required
@require_POST
def follow_themes(request):
    form = FollowThemesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ce choix de thèmes n’est pas valable."))
        return redirect("community:my_space")
    user = request.user
    chosen = set(form.cleaned_data["themes"])
    user.follows.filter(theme__isnull=False).exclude(theme__in=chosen).delete()
    for theme in chosen:
        Follow.objects.get_or_create(user=user, theme=theme)
    subscription = subscription_of(user)
    subscription.active = form.cleaned_data["digest"]
    subscription.save(update_fields=["active"])
    messages.success(request, _("Vos suivis sont enregistrés."))
    return redirect("community:my_space")
