from django.contrib.contenttypes.models import ContentType
from django.db import models


class FacetContribution(models.Model):
    """What one published page adds to the facet counts of its page model (search/accelerator/tallies.py):
    its values for each counted field — own column values, the related rows' keys across a
    many-to-many relation, the flags that are true. Kept to take them back off when the page
    changes, is unpublished or deleted."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField(db_index=True)
    values = models.JSONField(default=dict)

    def __str__(self):
        return f"page {self.page_id}: {self.values}"


class FacetTally(models.Model):
    """How many published pages of a model, in one locale, have a value of a counted field;
    `field` empty: how many pages in all."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    field = models.CharField(max_length=100, blank=True)
    value = models.CharField(max_length=255, blank=True)  # JSON of the value
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "locale", "field", "value"], name="cds_facet_tally_unique")
        ]

    def __str__(self):
        return f"{self.field or 'total'} {self.value}: {self.count}"


class FacetTallyBuilt(models.Model):
    """Marks a page model whose tallies count every published page (`rebuild_facet_tallies`):
    only then are they read. `revision` counts the changes of its contributions since then
    (`FacetRevision`); the row is locked while one is made, so they are numbered in the order
    they are committed."""

    content_type = models.OneToOneField(ContentType, on_delete=models.CASCADE, related_name="+")
    built_at = models.DateTimeField(auto_now=True)
    revision = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.content_type}: built {self.built_at:%Y-%m-%d %H:%M}"


class FacetRevision(models.Model):
    """The last change of one page's contribution (made, changed or taken back), numbered after
    `FacetTallyBuilt.revision`: what a web process's kept facet index (search/accelerator/bitmaps.py) reads
    again to stay fresh. Kept when the page is deleted (no foreign key), so that its absence is
    read too."""

    page_id = models.IntegerField(primary_key=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    revision = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["content_type", "revision"], name="cds_facet_revision_idx")]

    def __str__(self):
        return f"page {self.page_id}: revision {self.revision}"
