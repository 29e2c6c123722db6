"""The search app's tables: those of the search accelerator (search/accelerator/README.md)."""

from .accelerator.models import FacetContribution, FacetRevision, FacetTally, FacetTallyBuilt

__all__ = ["FacetContribution", "FacetRevision", "FacetTally", "FacetTallyBuilt"]
