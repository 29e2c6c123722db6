from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import PrivacyConsent


class PrivacyConsentViewSet(ModelViewSet):
    """Who consented to the privacy notice, when, and in which language: read by the community
    manager, written only by sign-up."""

    model = PrivacyConsent
    icon = "lock"
    menu_label = _("Consentements")
    add_to_settings_menu = True
    form_fields = ["user", "notice", "language"]
    list_display = ["user", "given_at", "language"]
    list_filter = ["language"]
    search_fields = ["user__email"]


@hooks.register("register_admin_viewset")
def register_privacy_consent_viewset():
    return PrivacyConsentViewSet("privacy_consents")
