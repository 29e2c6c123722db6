"""Wagtail's REST API (v2): published pages, images and documents, read-only.

Pages expose their `api_fields` (public fields only); `?locale=ar` lists a language's pages.

What Wagtail's endpoints would answer with a 500 is a 400 or a 503 here: a NUL byte or an
offset beyond any result (`?offset=99999999999999999999`) is refused, a search keeps the words
of what was typed (quotes and operators are syntax to the engines), and an unreachable search
engine is a 503 with `Retry-After`. Documents and images of private collections (a need's
maturation documents, members' photos awaiting review) are never listed, whoever asks.
"""

from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction

from community.profiles import MEMBERS_COLLECTION
from search.discovery import engine_unavailable, search_errors
from search.middleware import outage_response
from search.query import clean_query

MAX_OFFSET = 100_000


class CarefulQueryMixin:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        params = request._request.GET
        if any("\x00" in value for values in params.lists() for value in values[1]):
            raise BadRequestError("query parameters cannot contain NUL characters")
        offset = params.get("offset", "0")
        if not offset.isdigit() or int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset must be a whole number from 0 to {MAX_OFFSET}")
        if "search" in params:
            cleaned = params.copy()
            cleaned["search"] = clean_query(params["search"])
            request._request.GET = cleaned

    def handle_exception(self, exc):
        if isinstance(exc, search_errors()) and engine_unavailable(exc):
            request = self.request._request
            request.search_outage = True
            return outage_response(Response({"message": "The search engine is unavailable. Retry later."}, status=503))
        return super().handle_exception(exc)


def public_collections(queryset):
    return queryset.exclude(collection__in=CollectionViewRestriction.objects.values("collection"))


class PagesEndpoint(CarefulQueryMixin, PagesAPIViewSet):
    pass


class ImagesEndpoint(CarefulQueryMixin, ImagesAPIViewSet):
    def get_queryset(self):
        # Members' photos show on their profiles once published, never as a list.
        return public_collections(super().get_queryset()).exclude(collection__name=MEMBERS_COLLECTION)


class DocumentsEndpoint(CarefulQueryMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        return public_collections(super().get_queryset())


router = WagtailAPIRouter("wagtailapi_v2")
router.register_endpoint("pages", PagesEndpoint)
router.register_endpoint("images", ImagesEndpoint)
router.register_endpoint("documents", DocumentsEndpoint)
