from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from community.rules import is_community_manager

from .backend import resend
from .models import OutgoingEmail


def resend_view(request, pk):
    """Send a waiting or failed message again (the community manager, from the admin)."""
    if not is_community_manager(request.user):
        raise PermissionDenied
    outgoing = get_object_or_404(OutgoingEmail, pk=pk)
    if request.method == "POST":
        if resend(outgoing):
            messages.success(request, _("Le message « %(subject)s » est renvoyé.") % {"subject": outgoing.subject})
        else:
            messages.info(request, _("Ce message a déjà été envoyé."))
        return redirect("outbox:index")
    return TemplateResponse(request, "outbox/resend.html", {"outgoing": outgoing})
