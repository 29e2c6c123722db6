"""Faceted search and matching on Wagtail's OpenAPI-described API (v3, django-ninja).

    GET /api/v3/needs/search/?theme=eau-potable&region=09&locale=ar
    GET /api/v3/experts/search/?skill=irrigation&language=zgh
    GET /api/v3/needs/{id}/experts/     suggested experts, with reasons
    GET /api/v3/experts/{id}/needs/     suggested needs, with reasons

The parameters are those of the site's search pages. Anything the API does not know — a
parameter, a facet value, a page size over the maximum — is a 400 naming the parameter.
"""

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from wagtail.api.v3.urls import api

from experts.models import ExpertProfilePage
from needs.models import NeedPage
from search.discovery import Discovery
from search.experts import ExpertDiscovery
from search.matching import experts_for_need, needs_for_expert
from search.middleware import outage_response
from search.needs import NeedDiscovery

MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1  # page ids are 32-bit integers; beyond is simply "not found"


class ParameterError(Schema):
    param: str
    message: str


class Error(Schema):
    detail: str
    errors: list[ParameterError] = []


class FacetOption(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facet(Schema):
    param: str
    label: str
    options: list[FacetOption]


class Pagination(Schema):
    page: int
    per_page: int
    count: int
    pages: int


class NeedResult(Schema):
    id: int
    title: str
    url: str
    summary: str
    theme: str | None
    commune_code: str
    region_code: str
    status: str
    maturity: str
    need_types: list[str]
    skills: list[str]
    deadline: date | None
    estimated_budget: int | None
    funding_gap: int | None


class ExpertResult(Schema):
    id: int
    title: str
    url: str
    headline: str
    country: str
    city: str
    skills: list[str]
    themes: list[str]
    languages: list[str]
    engagement_modes: list[str]


class Expansion(Schema):
    """Words of the query that name a vocabulary entry: they were searched in every language."""

    words: str
    kind: str = Field(description="theme, skill, need_type, mode, territory or other")
    name: str = Field(description="The entry's name in the requested locale")


class NeedSearch(Schema):
    results: list[NeedResult]
    facets: list[Facet]
    pagination: Pagination
    expanded: list[Expansion]


class ExpertSearch(Schema):
    results: list[ExpertResult]
    facets: list[Facet]
    pagination: Pagination
    expanded: list[Expansion]


class NeedMatch(Schema):
    need: NeedResult
    score: int
    reasons: list[str]


class ExpertMatch(Schema):
    expert: ExpertResult
    score: int
    reasons: list[str]


def need_result(request, need):
    return NeedResult(
        id=need.pk,
        title=need.title,
        url=need.get_full_url(request) or "",
        summary=need.summary,
        theme=need.theme.name if need.theme else None,
        commune_code=need.commune_code,
        region_code=need.region_code,
        status=need.status,
        maturity=need.maturity,
        need_types=need.need_types,
        skills=need.skill_names,
        deadline=need.deadline,
        estimated_budget=need.estimated_budget,
        funding_gap=need.funding_gap,
    )


def expert_result(request, expert):
    return ExpertResult(
        id=expert.pk,
        title=expert.title,
        url=expert.get_full_url(request) or "",
        headline=expert.headline,
        country=expert.country,
        city=expert.city,
        skills=expert.skill_names,
        themes=expert.theme_names,
        languages=expert.language_codes,
        engagement_modes=expert.engagement_modes,
    )


class BadRequest(Exception):
    def __init__(self, errors):
        self.errors = errors


@api.exception_handler(BadRequest)
def bad_request(request, exc):
    return api.create_response(
        request,
        {"detail": "Invalid request parameters.", "errors": [{"param": p, "message": m} for p, m in exc.errors]},
        status=400,
    )


class SearchUnavailable(Exception):
    pass


@api.exception_handler(SearchUnavailable)
def search_unavailable(request, exc):
    return outage_response(
        api.create_response(request, {"detail": "The search engine is unavailable. Retry later."}, status=503)
    )


wagtail_validation_handler = api._exception_handlers[NinjaValidationError]


@api.exception_handler(NinjaValidationError)
def query_validation_error(request, exc):
    """A query parameter of the wrong type is the client's mistake: 400, naming it (Wagtail
    answers 422 for every validation error; request bodies keep that)."""
    if exc.errors and all(error.get("loc", [None])[0] == "query" for error in exc.errors):
        errors = [{"param": str(error["loc"][-1]), "message": error.get("msg", "")} for error in exc.errors]
        return api.create_response(request, {"detail": "Invalid request parameters.", "errors": errors}, status=400)
    return wagtail_validation_handler(request, exc)


def search_response(request, discovery_class: type[Discovery], result):
    """Run a site search page's discovery for the API: results made by `result`, facets with
    their counts, pagination. What the site would ignore with a message is a 400 here."""
    allowed = {facet.param for facet in discovery_class.facets} | {"q", "sort", "page", "per_page", "locale"}
    errors = [(param, "Unknown parameter.") for param in request.GET if param not in allowed]
    language = request.GET.get("locale", settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        errors.append(("locale", f"Unknown language; one of {', '.join(dict(settings.LANGUAGES))}."))
    per_page = request.GET.get("per_page", "20")
    if not per_page.isdigit() or not 1 <= int(per_page) <= MAX_PER_PAGE:
        errors.append(("per_page", f"A whole number from 1 to {MAX_PER_PAGE}."))
    if errors:
        raise BadRequest(errors)
    with translation.override(language):
        discovery = discovery_class(request)
        discovery.per_page = int(per_page)
        context = discovery.run()
    if discovery.invalid:
        raise BadRequest(discovery.invalid)
    if context["search_error"]:
        raise SearchUnavailable()
    page = context["results"]
    return {
        "results": [result(request, page_object) for page_object in page],
        "facets": [
            Facet(
                param=facet.param,
                label=str(facet.label),
                options=[
                    FacetOption(value=o.value, label=str(o.label), count=o.count, selected=o.selected)
                    for o in facet.options
                ],
            )
            for facet in context["facets"]
        ],
        "pagination": Pagination(
            page=page.number,
            per_page=page.paginator.per_page,
            count=page.paginator.count,
            pages=page.paginator.num_pages,
        ),
        "expanded": [
            Expansion(words=words, kind=kind, name=name) for words, kind, name in context["vocabulary_reasons"]
        ],
    }


needs_router = Router(tags=["needs"])
experts_router = Router(tags=["experts"])


@needs_router.get(
    "/search/",
    response={200: NeedSearch, 400: Error},
    summary="Faceted search of need sheets",
    description="Parameters: q, theme, region, province, commune, type, status, maturity, skill, "
    "sort (relevance|newest|deadline), page, per_page (≤ 100), locale (fr|ar|en|zgh).",
)
def search_needs(request: HttpRequest):
    return NeedSearch(**search_response(request, NeedDiscovery, need_result))


@experts_router.get(
    "/search/",
    response={200: ExpertSearch, 400: Error},
    summary="Faceted search of expert profiles",
    description="Parameters: q, skill, theme, language, country, mode, sort (relevance|newest|name), "
    "page, per_page (≤ 100), locale (fr|ar|en|zgh).",
)
def search_experts(request: HttpRequest):
    return ExpertSearch(**search_response(request, ExpertDiscovery, expert_result))


def published_page(model, pk):
    """The published page of `model` with this id, or None (ids beyond 32 bits included)."""
    return model.objects.live().public().filter(pk=pk).first() if 0 < pk <= MAX_ID else None


def matches(request, model, pk, find, match, other, result, missing):
    """The matches of a published page (`find`: search/matching.py), each a `match` schema whose
    field `other` is the matched page as `result`; a 404 naming what is missing."""
    page = published_page(model, pk)
    if page is None:
        return Status(404, Error(detail=missing))
    return [match(**{other: result(request, m.page)}, score=m.score, reasons=m.reasons) for m in find(page)]


@needs_router.get(
    "/{need_id}/experts/",
    response={200: list[ExpertMatch], 404: Error},
    summary="Experts who could help with a need, with the reasons",
)
def need_matches(request: HttpRequest, need_id: int):
    return matches(
        request,
        NeedPage,
        need_id,
        experts_for_need,
        ExpertMatch,
        "expert",
        expert_result,
        "No published need sheet with this id.",
    )


@experts_router.get(
    "/{expert_id}/needs/",
    response={200: list[NeedMatch], 404: Error},
    summary="Need sheets where an expert could help, with the reasons",
)
def expert_matches(request: HttpRequest, expert_id: int):
    return matches(
        request,
        ExpertProfilePage,
        expert_id,
        needs_for_expert,
        NeedMatch,
        "need",
        need_result,
        "No published expert profile with this id.",
    )


api.add_router("/needs/", needs_router)
api.add_router("/experts/", experts_router)
