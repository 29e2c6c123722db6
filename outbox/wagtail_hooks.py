"""The community manager's view of the outbox: every message, its status, the failed ones
first to look at, and a button to send one again."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from .models import OutgoingEmail
from .views import resend_view


class ResendColumn(Column):
    def get_value(self, instance):
        if instance.status == OutgoingEmail.Status.SENT:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("outbox_resend", args=[instance.pk]), _("Renvoyer"))


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Messages sortants")
    menu_order = 252
    add_to_admin_menu = True
    list_display = [
        "subject",
        "recipients",
        "status",
        "attempts",
        "last_error",
        "created_at",
        ResendColumn("resend", label=_("Action")),
    ]
    list_filter = ["status", "created_at"]
    search_fields = ["subject", "recipients"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject",
        "recipients",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    form_fields = ["status"]
    ordering = ["-created_at"]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutgoingEmailViewSet("outbox")


@hooks.register("register_admin_urls")
def register_resend_url():
    return [path("outbox/<int:pk>/resend/", resend_view, name="outbox_resend")]
