"""Keep the facet tallies of the unfiltered search pages as pages change (search/accelerator/tallies.py).

A page's own values are saved with it; its skills, themes and languages after it (modelcluster
commits them once the page is saved), through their link tables: each of these writes reads the
page's values again. Deleting a page takes it off before its rows go.
"""

import threading

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from wagtail.models import Page

from pages.signals import pages_updated

from . import tallies

# The pages being deleted in this thread: their link rows go before them, and must not count
# them again.
_deleting = threading.local()


def deleting():
    if not hasattr(_deleting, "pks"):
        _deleting.pks = set()
    return _deleting.pks


def update(pk):
    if pk not in deleting() and not tallies.paused():
        tallies.update(pk)


def page_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        update(instance.pk)


def page_deleting(sender, instance, **kwargs):
    deleting().add(instance.pk)
    if not tallies.paused():
        tallies.withdraw(instance.pk)


def page_deleted(sender, instance, **kwargs):
    deleting().discard(instance.pk)  # its page row, the last of its rows, is gone


def relation_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        update(instance.pk)
    elif pk_set:  # a theme's pages changed from the theme's side
        for pk in pk_set:
            update(pk)


def link_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        update(instance.content_object_id)


def pages_changed(sender, pks, **kwargs):
    for pk in pks:
        update(pk)


def connect():
    pages_updated.connect(pages_changed, dispatch_uid="cds-tally-pages-updated")
    for model in tallies.discoveries():
        post_save.connect(page_saved, sender=model, dispatch_uid=f"cds-tally-{model._meta.label}")
        fields, _flags = tallies.counted(model)
        for name in fields:
            if described := tallies.relation(model, name):
                through = model._meta.get_field(described[0]).remote_field.through
                uid = f"cds-tally-{through._meta.label}"
                if through._meta.auto_created:
                    m2m_changed.connect(relation_changed, sender=through, dispatch_uid=uid)
                else:  # taggit's tagged items: one row per skill
                    post_save.connect(link_saved, sender=through, dispatch_uid=uid)
                    post_delete.connect(link_saved, sender=through, dispatch_uid=uid)
    # Deleting a page of any type deletes its row of Page last.
    pre_delete.connect(page_deleting, sender=Page, dispatch_uid="cds-tally-page-deleting")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="cds-tally-page-deleted")
