from .base import BaseIndexPage, BasePage, DocumentLink
from .standard import StandardPage
from .story import (
    ProjectStoryFunding,
    ProjectStoryGalleryImage,
    ProjectStoryPage,
    ProjectStoryPartner,
    StoryIndexPage,
)
from .taxonomy import Language, Term, Theme
from .territory import TerritoryIndexPage, TerritoryPage

__all__ = [
    "BaseIndexPage",
    "BasePage",
    "DocumentLink",
    "Language",
    "ProjectStoryFunding",
    "ProjectStoryGalleryImage",
    "ProjectStoryPage",
    "ProjectStoryPartner",
    "StandardPage",
    "StoryIndexPage",
    "Term",
    "TerritoryIndexPage",
    "TerritoryPage",
    "Theme",
]
