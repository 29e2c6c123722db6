from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ExpertDirectoryPage, ExpertPrivateDetails, ExpertProfilePage


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


@hooks.register("cds_search_groups", order=20)
def expert_search_group():
    """The experts' group in the site search (search/views.py), linking to the directory."""
    return [("experts", _("Experts"), ExpertProfilePage, ExpertDirectoryPage)]
