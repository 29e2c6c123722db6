"""The results the project reports to its funders: the targets, the offline training of the
communes' development agents (ADC), and the public Impact page with its exports."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from pages.models import BaseIndexPage


@register_setting(icon="pick")
class ImpactTargets(BaseSiteSetting):
    """The targets of the seeds, editable by the community manager (Paramètres → Objectifs)."""

    migrants_mobilised = models.PositiveIntegerField(_("migrants mobilisés"), default=60)
    communes_engaged = models.PositiveIntegerField(_("communes engagées"), default=5)
    communes_trained = models.PositiveIntegerField(_("communes avec un ADC formé"), default=5)
    local_links = models.PositiveIntegerField(_("acteurs locaux liés à des migrants"), default=40)

    panels = [
        FieldRowPanel([FieldPanel("migrants_mobilised"), FieldPanel("communes_engaged")]),
        FieldRowPanel([FieldPanel("communes_trained"), FieldPanel("local_links")]),
    ]

    class Meta:
        verbose_name = _("objectifs d'impact")


class AdcTraining(models.Model):
    """A commune's development agent (ADC) trained by the project, recorded by the community
    manager since the training happens offline."""

    commune = models.ForeignKey(
        "pages.TerritoryPage",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="adc_trainings",
        limit_choices_to={"level": "commune", "locale__language_code": settings.LANGUAGE_CODE},
    )
    person = models.CharField(_("agent formé (nom)"), max_length=200)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte de l'agent (facultatif)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    training = models.CharField(_("formation suivie"), max_length=200)
    completed_on = models.DateField(_("terminée le"), default=timezone.localdate)
    hours = models.PositiveSmallIntegerField(
        _("durée (heures)"), null=True, blank=True, validators=[MaxValueValidator(2000)]
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("formation d'un ADC")
        verbose_name_plural = _("formations des ADC")
        ordering = ["-completed_on", "-id"]

    def __str__(self):
        return f"{self.person} — {self.commune} ({self.completed_on:%Y-%m-%d})"


class ImpactPage(RoutablePageMixin, BaseIndexPage):
    """The indicators, live: each against its target, the monthly trend, the breakdowns and the
    stories behind the numbers; CSV/XLSX reports and the needs as open data."""

    subpage_types = []

    class Meta:
        verbose_name = _("page impact")

    def get_context(self, request, *args, **kwargs):
        from .views import impact_context  # views.py imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(impact_context(self, request))
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("rapport/csv/", name="report_csv")
    def report_csv(self, request):
        from .views import report_download  # views.py imports these models

        return report_download(self, request, "csv")

    @path("rapport/xlsx/", name="report_xlsx")
    def report_xlsx(self, request):
        from .views import report_download  # views.py imports these models

        return report_download(self, request, "xlsx")

    @path("besoins/csv/", name="needs_csv")
    def needs_csv(self, request):
        from .opendata import needs_csv  # opendata.py imports these models

        return needs_csv(request)

    @path("besoins/json/", name="needs_json")
    def needs_json(self, request):
        from .opendata import needs_json  # opendata.py imports these models

        return needs_json(request)

    @path("besoins/iati/", name="needs_iati")
    def needs_iati(self, request):
        from .opendata import needs_iati  # opendata.py imports these models

        return needs_iati(request)
