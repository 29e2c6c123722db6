from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuoteBlock(blocks.StructBlock):
    """A testimony: the words of a villager, an elected official or an expert."""

    text = blocks.TextBlock(label=_("Citation"))
    author = blocks.CharBlock(required=False, max_length=120, label=_("Auteur ou autrice"))

    class Meta:
        icon = "openquote"
        label = _("Témoignage")
        description = _("Une citation et, si elle est publique, la personne qui l'a dite.")
        template = "components/quote.html"
        preview_value = {
            "text": "L'eau arrive enfin au douar.",
            "author": "Présidente de l'association",
        }
