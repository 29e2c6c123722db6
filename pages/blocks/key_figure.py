from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class KeyFigureBlock(blocks.StructBlock):
    """One figure that tells a story at a glance: "12 km of pipes", "3,400 beneficiaries"."""

    value = blocks.CharBlock(max_length=40, label=_("Valeur"))
    label = blocks.CharBlock(max_length=120, label=_("Libellé"))

    class Meta:
        icon = "pick"
        label = _("Chiffre clé")
        description = _("Un chiffre et ce qu'il mesure.")
        template = "components/key_figure.html"
        preview_value = {
            "value": "3 400",
            "label": "habitants desservis en eau potable",
        }
