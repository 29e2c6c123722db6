from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ExpertPrivateDetails


class ExpertPrivateDetailsViewSet(ModelViewSet):
    """Experts' contact details and gender: for the community manager and administrators only."""

    model = ExpertPrivateDetails
    icon = "lock"
    menu_label = _("Coordonnées des experts")
    add_to_settings_menu = True
    form_fields = ["profile", "owner", "email", "phone", "gender"]
    list_display = ["profile", "email"]
    search_fields = ["profile__title", "email"]


@hooks.register("register_admin_viewset")
def register_expert_private_details_viewset():
    return ExpertPrivateDetailsViewSet("expert_private_details")
