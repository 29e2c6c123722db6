"""The member's own space and data: their space, their expert profile, their data export,
account deletion, and unsubscribing from the digest."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from community import members, profiles, rules
from community.digest import subscription_of, unsubscribe_token_user
from community.forms import (
    DeleteAccountForm,
    ExpertProfileForm,
    FollowThemesForm,
)
from community.models import Invitation, Offer
from community.responses import refuse
from core.i18n import localized


@login_required
def my_space(request):
    user = request.user
    profile = rules.expert_profile_of(user)
    commune_account = rules.communes_of(user).exists()
    my_offers = Offer.objects.filter(author=user).select_related("need")
    follows = list(user.follows.filter(territory__isnull=False).select_related("territory"))
    theme_follows = list(user.follows.filter(theme__isnull=False).values_list("theme_id", flat=True))
    subscription = subscription_of(user)
    themes_form = FollowThemesForm(initial={"themes": theme_follows, "digest": subscription.active})
    territories = localized([follow.territory for follow in follows])
    received = []
    if profile is not None:
        received = list(Invitation.objects.filter(expert=profile).select_related("need"))
        offered = set(my_offers.values_list("need", flat=True))
        for invitation in received:
            invitation.offered = invitation.need_id in offered
    return render(
        request,
        "community/my_space.html",
        {
            "profile": profile,
            "profile_status": profiles.moderation_status(profile),
            "offers": my_offers,
            "invitations": list(zip(received, localized([invitation.need for invitation in received]), strict=True)),
            "territory_follows": list(zip(follows, territories, strict=True)),
            "themes_form": themes_form,
            "is_commune_editor": commune_account or rules.is_community_manager(user),
            "can_have_profile": not commune_account,
        },
    )


@login_required
def profile_edit(request):
    user = request.user
    if rules.communes_of(user).exists():
        return refuse(request, _("Un compte de commune ne peut pas avoir de profil d’expert."))
    profile = rules.expert_profile_of(user)
    if request.method == "POST":
        form = ExpertProfileForm(request.POST, request.FILES)
        if form.is_valid():
            profiles.save_profile(user, form.cleaned_data)
            messages.success(
                request,
                _("Votre profil est enregistré. L’équipe d’animation le relit avant de le publier.")
                if profile is None or not profile.live
                else _(
                    "Vos modifications sont enregistrées. La version publiée reste en ligne jusqu’à leur validation."
                ),
            )
            need_id = request.GET.get("next", "")
            if need_id.isdigit():  # came from « Je peux aider »: back to the offer form
                return redirect("community:offer_create", need_id=int(need_id))
            return redirect("community:my_space")
    else:
        form = ExpertProfileForm(initial=profiles.initial_data(user, profile))
    return render(
        request,
        "community/profile_form.html",
        {"form": form, "profile": profile, "profile_status": profiles.moderation_status(profile)},
    )


@login_required
def export(request):
    data = members.export_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="cds-mes-donnees.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request):
    user = request.user
    if user.is_staff or user.is_superuser:
        return refuse(request, _("Un compte d’équipe se supprime par un administrateur, dans l’administration."))
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        logout(request)
        members.delete_account(user)
        messages.success(request, _("Votre compte et votre profil sont supprimés."))
        return redirect("/")
    return render(request, "community/delete_account.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients POST without a form
def unsubscribe(request, token):
    """One click from a digest, no login: GET unsubscribes and offers to undo; POST (the
    List-Unsubscribe-Post of mail clients, or the undo button) sets the choice."""
    try:
        user = unsubscribe_token_user(token)
    except signing.BadSignature:
        return refuse(request, _("Ce lien de désabonnement n’est pas valable."), status=400)
    subscription = subscription_of(user)
    resubscribe = request.method == "POST" and request.POST.get("resubscribe") == "1"
    subscription.active = resubscribe
    subscription.save(update_fields=["active"])
    return render(request, "community/unsubscribe.html", {"active": subscription.active, "token": token})
