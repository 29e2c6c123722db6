"""Members' actions in the learning spaces: registering for events, posting in networks.
Every action is a POST from a page that works without JavaScript; refusals are explained."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.responses import TOO_MANY, rate_limited, refuse
from core.i18n import localized

from . import events, networks
from .forms import PostForm, ReplyForm, ReportForm
from .models import EventPage, NetworkPage, Post, Reply


def live_event(pk):
    return get_object_or_404(EventPage.objects.live(), pk=pk)


@require_POST
@login_required
def event_register(request, pk):
    event = live_event(pk)
    if event.is_past:
        return refuse(request, _("Cet événement est passé : les inscriptions sont closes."), status=400)
    registration = events.register(event, request.user)
    if registration.status == registration.Status.REGISTERED:
        messages.success(
            request, _("Vous êtes inscrit·e. La confirmation part par courriel, avec le fichier d’agenda.")
        )
    else:
        messages.info(request, _("L’événement est complet : vous êtes sur la liste d’attente."))
    return redirect(event.url)


@require_POST
@login_required
def event_cancel(request, pk):
    event = live_event(pk)
    if events.cancel(event, request.user) is not None:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect(event.url)


def live_network(pk):
    return get_object_or_404(NetworkPage.objects.live(), pk=pk)


def post_of(pk):
    return get_object_or_404(Post.objects.select_related("network"), pk=pk)


def post_url(network_page, post):
    return f"{network_page.url}{post.pk}/"


@login_required
def post_create(request, network_id):
    network = live_network(network_id)
    if not networks.is_member(request.user):
        return refuse(request, _("Les réseaux sont ouverts aux experts et aux communes : créez d’abord votre profil."))
    form = PostForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "post"):
            form.add_error(None, _(TOO_MANY))
            status = 429
        else:
            post = networks.create_post(network, request.user, **form.cleaned_data)
            messages.success(request, _("Votre message est publié."))
            return redirect(post_url(network, post))
    elif request.method == "POST":
        status = 400
    return render(request, "learning/post_form.html", {"form": form, "network": network}, status=status)


def network_page_for(post):
    """The network page in the reader's language, to go back to."""
    return localized([post.network])[0]


@require_POST
@login_required
def reply_create(request, post_id):
    post = post_of(post_id)
    network = network_page_for(post)
    form = ReplyForm(request.POST)
    if not networks.is_member(request.user):
        return refuse(request, _("Les réseaux sont ouverts aux experts et aux communes : créez d’abord votre profil."))
    if post.closed or post.hidden:
        return refuse(request, _("Cette discussion est fermée : elle ne reçoit plus de réponses."), status=400)
    if not form.is_valid():
        return render(request, "learning/reply_form.html", {"form": form, "post": post, "network": network}, status=400)
    if rate_limited(request, "reply"):
        form.add_error(None, _(TOO_MANY))
        return render(request, "learning/reply_form.html", {"form": form, "post": post, "network": network}, status=429)
    reply = networks.create_reply(post, request.user, form.cleaned_data["body"])
    messages.success(request, _("Votre réponse est publiée."))
    return redirect(f"{post_url(network, post)}#reply-{reply.pk}")


@require_POST
@login_required
def mark_solution(request, post_id, reply_id):
    post = post_of(post_id)
    reply = get_object_or_404(Reply, pk=reply_id, post=post)
    try:
        networks.mark_solution(post, reply, request.user)
    except PermissionDenied:
        return refuse(request, _("Seul l’auteur de la question peut dire quelle réponse l’a résolue."))
    messages.success(request, _("La réponse est marquée comme celle qui a résolu la question."))
    return redirect(f"{post_url(network_page_for(post), post)}#reply-{reply.pk}")


@login_required
def report(request, post_id):
    post = post_of(post_id)
    if post.hidden and not networks.can_see_hidden(request.user):
        raise Http404  # a hidden post's title is shown to no one who cannot read it
    reply = None
    reply_id = request.GET.get("reponse", "") or request.POST.get("reponse", "")
    if reply_id:
        if not reply_id.isdigit():
            return refuse(request, _("Cette réponse n’existe pas."), status=400)
        reply = get_object_or_404(Reply, pk=int(reply_id), post=post)
        if reply.hidden and not networks.can_see_hidden(request.user):
            raise Http404
    if not networks.is_member(request.user):
        return refuse(request, _("Les réseaux sont ouverts aux experts et aux communes : créez d’abord votre profil."))
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "report"):
            form.add_error(None, _(TOO_MANY))
            status = 429
        else:
            networks.report(post, request.user, form.cleaned_data["reason"], reply=reply)
            messages.success(request, _("Merci : l’équipe d’animation va regarder ce message."))
            return redirect(post_url(network_page_for(post), post))
    elif request.method == "POST":
        status = 400
    return render(request, "learning/report_form.html", {"form": form, "post": post, "reply": reply}, status=status)


@require_POST
@login_required
def moderate(request, post_id):
    post = post_of(post_id)
    reply = None
    reply_id = request.POST.get("reponse", "")
    if reply_id.isdigit():
        reply = get_object_or_404(Reply, pk=int(reply_id), post=post)
    if request.POST.get("action", "") not in networks.MODERATION:
        return refuse(request, _("Cette action de modération n’existe pas."), status=400)
    try:
        networks.moderate(post, request.user, request.POST.get("action", ""), reply=reply)
    except PermissionDenied:
        return refuse(request, _("Seule l’équipe d’animation modère les réseaux."))
    messages.success(request, _("C’est fait."))
    return redirect(post_url(network_page_for(post), post))


@require_POST
@login_required
def network_follow(request, network_id):
    network = live_network(network_id)
    if networks.toggle_follow(network, request.user):
        messages.success(request, _("Vous suivez ce réseau : ses nouveaux messages arriveront dans votre résumé."))
    else:
        messages.success(request, _("Vous ne suivez plus ce réseau."))
    return redirect(network.url)
