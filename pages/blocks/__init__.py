from .key_figure import KeyFigureBlock
from .quote import QuoteBlock
from .rich_text import BodyBlock, RichTextSectionBlock

__all__ = ["BodyBlock", "KeyFigureBlock", "QuoteBlock", "RichTextSectionBlock"]
