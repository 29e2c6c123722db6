from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from core.roles import COMMUNITY_MANAGERS

from .models import NeedContact, NeedIndexPage, NeedPage
from .pipeline import pipeline_view


class NeedContactViewSet(ModelViewSet):
    """The private "who answers for this need" records, for the community manager."""

    model = NeedContact
    icon = "user"
    menu_label = _("Responsables des besoins")
    add_to_settings_menu = True
    form_fields = ["need", "responsible"]
    list_display = ["need", "responsible", "updated_at"]
    search_fields = ["need__title"]


@hooks.register("register_admin_viewset")
def register_need_contact_viewset():
    return NeedContactViewSet("need_contacts")


@hooks.register("after_create_page")
def record_responsible_editor(request, page):
    """Whoever creates a need sheet answers for it until the community manager says otherwise."""
    if isinstance(page.specific, NeedPage):
        NeedContact.objects.get_or_create(need=page.specific, defaults={"responsible": request.user})


@hooks.register("register_admin_urls")
def register_pipeline_url():
    return [path("parcours-des-besoins/", pipeline_view, name="needs_pipeline")]


class PipelineMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or user.groups.filter(name=COMMUNITY_MANAGERS).exists()


@hooks.register("register_admin_menu_item")
def register_pipeline_menu_item():
    return PipelineMenuItem(_("Parcours des besoins"), reverse("needs_pipeline"), icon_name="list-ul", order=255)


@hooks.register("cds_search_groups", order=10)
def need_search_group():
    """The needs' group in the site search (search/views.py), linking to the needs page."""
    return [("needs", _("Besoins"), NeedPage, NeedIndexPage)]
