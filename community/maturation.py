"""The need sheet's maturation path as the commune and its mentor see it: the checklist of the
current stage, the documents, the move to the next stage; and the choice of a mentor."""

from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from needs import maturation

from .models import Offer

COLLECTION_NAME = "Dossiers de maturation"

# The hook the maturation page reads the guides of a stage from: each function registered
# under it takes (stage, locale) and returns pages (the library's, learning/wagtail_hooks.py).
RESOURCES_HOOK = "cds_maturation_resources"


def checklist_collection():
    """Where checklist documents go: a collection whose documents only logged-in people open
    (Wagtail's collection privacy), not the public web."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COLLECTION_NAME)
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def keep_maturation_documents_out_of_the_search_index():
    """A maturation document's title (often its file's name) is the commune's: Wagtail's search
    index, which the admin's document search reads, holds every other document but not these.
    Wagtail's document model is not ours to subclass now, so its indexed set is narrowed here."""
    Document = get_document_model()
    all_documents = Document.get_indexed_objects

    def indexed_documents(cls):
        return all_documents().exclude(collection__name=COLLECTION_NAME)

    Document.get_indexed_objects = classmethod(indexed_documents)


def store_document(need, uploaded, user):
    """Keep an uploaded checklist document in Wagtail's documents, in its own collection."""
    Document = get_document_model()
    document = Document(
        title=f"{need.title} — {uploaded.name}"[:255],
        file=uploaded,
        collection=checklist_collection(),
        uploaded_by_user=user,
    )
    document.file_size = uploaded.size
    document.save()
    return document


@transaction.atomic
def fill(need, user, item, answer, uploaded):
    """Record one checklist item; the document is saved only if the entry is."""
    items = {entry.key: entry for entry in maturation.CHECKLISTS[need.maturity]}
    document = None
    if uploaded is not None and item in items and items[item].document:
        document = store_document(need, uploaded, user)
    return maturation.fill(need, item, user, answer=answer or "", document=document)


@transaction.atomic
def set_mentor(offer, mentor=True):
    """The commune chooses (or stops) the expert of an engaged offer as the need's mentor."""
    if mentor:
        Offer.objects.filter(need=offer.need, mentor=True).exclude(pk=offer.pk).update(mentor=False)
    offer.mentor = mentor
    offer.save(update_fields=["mentor"])
