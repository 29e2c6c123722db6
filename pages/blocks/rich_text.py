from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .quote import QuoteBlock


class RichTextSectionBlock(blocks.RichTextBlock):
    """Paragraphs, lists and links, without headings above level 2 or raw HTML."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features",
            ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "doc-full"
        label = _("Texte")
        description = _("Paragraphes, listes et liens.")
        preview_value = "<p>La commune a identifié trois priorités dans son PCD.</p>"


class BodyBlock(blocks.StreamBlock):
    text = RichTextSectionBlock()
    image = ImageBlock(label=_("Image"), description=_("Une image avec son texte alternatif."))
    quote = QuoteBlock()

    class Meta:
        description = _("Le corps d'une page : textes, images et témoignages.")
