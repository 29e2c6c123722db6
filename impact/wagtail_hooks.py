"""The community manager's side of impact: the ADC trainings they record, and a dashboard panel
with the indicators and the pipeline that needs their attention."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet

from community.rules import is_community_manager

from .indicators import Period, indicators
from .models import AdcTraining, ImpactTargets
from .pipeline import inactive_communes_view, lonely_needs_view, pipeline


class AdcTrainingViewSet(ModelViewSet):
    model = AdcTraining
    icon = "user"
    menu_label = _("Formations des ADC")
    add_to_settings_menu = True
    form_fields = ["commune", "person", "account", "training", "completed_on", "hours", "notes"]
    list_display = ["person", "commune", "training", "completed_on"]
    list_filter = ["completed_on"]
    search_fields = ["person", "training", "commune__title"]


@hooks.register("register_admin_viewset")
def register_adc_training_viewset():
    return AdcTrainingViewSet("adc_trainings")


class ImpactPanel(Component):
    name = "cds_impact"
    order = 50
    template_name = "impact/admin_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        items, _offers = indicators(Period(), ImpactTargets.for_request(self.request))
        return {"indicators": items, **pipeline()}


@hooks.register("construct_homepage_panels")
def add_impact_panel(request, panels):
    if is_community_manager(request.user):
        panels.append(ImpactPanel(request))


@hooks.register("register_admin_urls")
def register_pipeline_urls():
    return [
        path("suivi/besoins-sans-offre/", lonely_needs_view, name="pipeline_lonely_needs"),
        path("suivi/communes-inactives/", inactive_communes_view, name="pipeline_inactive_communes"),
    ]
