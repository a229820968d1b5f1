"""The open data API: every public item as JSON and every list as CSV.

Plain function views; the contract is the OpenAPI document in openapi.json,
which the tests validate every response against. Addresses in the data are absolute,
built from SITE_URL (the canonical site), so a row copied elsewhere still leads home.
"""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import http_date, quote_etag

from portal.csv_export import SafeDictWriter, csv_response
from portal.http import read_only
from portal.middleware import content_changed_at

from . import guides
from .api_languages import SPANISH_RECOMMENDATION_COLUMNS, csv_row, described, in_spanish
from .api_query import query_problem
from .filters import RecommendationFilter
from .models import (
    ActionItem,
    Chapter,
    GlossaryTerm,
    Pillar,
    Program,
    Recommendation,
    Source,
    StakeholderAction,
    Topic,
)
from .views import run_search

PAGE_SIZE = 100

OPENAPI = json.loads((Path(__file__).parent / "openapi.json").read_text())


def _pillars_of(obj):
    if isinstance(obj, Pillar):
        return [obj.number]
    if isinstance(obj, Recommendation):
        return [p.number for p in obj.all_pillars]
    if isinstance(obj, ActionItem):
        return [p.number for p in obj.recommendation.all_pillars]
    if isinstance(obj, Chapter | StakeholderAction | Program):
        return [p.number for p in obj.pillars.all()]
    return []


def _topics_of(obj):
    if isinstance(obj, ActionItem):
        obj = obj.recommendation
    if isinstance(obj, Recommendation | StakeholderAction | Program | GlossaryTerm):
        return [t.slug for t in obj.topics.all()]
    return []


# Each type with the query that fetches its items and everything item() reads.
ITEM_TYPES = {
    "source": Source.objects.published(),
    "topic": Topic.objects.published(),
    "pillar": Pillar.objects.published().select_related("source"),
    "chapter": Chapter.objects.published().select_related("source").prefetch_related("pillars"),
    "recommendation": Recommendation.objects.published()
    .select_related("source", "pillar")
    .prefetch_related("pillars", "topics"),
    "action-item": ActionItem.objects.published()
    .filter(recommendation__status="published")
    .select_related("recommendation__source", "recommendation__pillar")
    .prefetch_related("recommendation__pillars", "recommendation__topics"),
    "stakeholder-action": StakeholderAction.objects.published()
    .select_related("source")
    .prefetch_related("pillars", "topics"),
    "program": Program.objects.published()
    .select_related("source")
    .prefetch_related("pillars", "topics"),
    "glossary": GlossaryTerm.objects.published().prefetch_related("topics"),
}
TYPE_OF_MODEL = {qs.model: name for name, qs in ITEM_TYPES.items()}


def _source_of(obj):
    if isinstance(obj, Source):
        return obj.slug
    if isinstance(obj, ActionItem):
        return obj.recommendation.source.slug
    source = getattr(obj, "source", None)
    return source.slug if source else None


def _fields(obj):
    data = {
        "key": obj.key,
        "type": TYPE_OF_MODEL[type(obj)],
        "title": obj.title,
        "source": _source_of(obj),
        "pillars": _pillars_of(obj),
        "topics": _topics_of(obj),
        "url": absolute(obj.get_absolute_url()),
    }
    if isinstance(obj, ActionItem):
        data["recommendation"] = obj.recommendation.key
    elif isinstance(obj, StakeholderAction):
        data["stakeholder"] = obj.stakeholder
    # Our plain-language summary, for the kinds of item that have one and where it is written.
    if summary := getattr(obj, "summary", ""):
        data["summary"] = summary
    return data


def item(obj):
    """An item as the API gives it, in the language of the request."""
    return described(obj, _fields(obj))


def recommendation_item(recommendation, related=None, programs=None):
    """A recommendation as the API gives it; `related` and `programs` are the maps from
    guides.related_keys() and guides.program_keys(), fetched once for a whole page."""
    fields = {
        **_fields(recommendation),
        **_links(recommendation, related, programs),
        "wording": recommendation.wording,
        "summary": recommendation.summary,
        "explained_at": recommendation.explained_at or None,
        "chapter": recommendation.chapter.number if recommendation.chapter else None,
        "unverified": recommendation.uncertain,
        "addressed_to": recommendation.addressed_to,
    }
    return described(recommendation, fields)


def _links(recommendation, related, programs):
    """The crosswalk's keys and the programs serving its topics, from maps fetched once."""
    by_topic = programs or {}
    program_keys = {key for t in recommendation.topics.all() for key in by_topic.get(t.pk, ())}
    return {
        "related": sorted((related or {}).get(recommendation.key, ()), key=_key_order),
        "programs": sorted(program_keys),
    }


def _key_order(key):
    source, numbers = key.split("-", 1)
    return (source, *(int(n) for n in numbers.split(".")))


def absolute(path):
    return settings.SITE_URL + path


def error(message, status=400):
    return JsonResponse({"error": message}, status=status)


def documented(path):
    """Check the query string against the document's description of `path` first."""
    operation = OPENAPI["paths"][path]["get"]

    def decorator(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            problem = query_problem(request, operation)
            response = error(problem) if problem else view(request, *args, **kwargs)
            # Content answers change only when content does (ConditionalGetMiddleware
            # then answers If-Modified-Since, and If-None-Match on the body's ETag, with 304).
            response.setdefault("Last-Modified", http_date(content_changed_at()))
            # The ETag of the body before compression: gzip adds random bytes to each copy.
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response.setdefault("ETag", quote_etag(digest))
            return response

        return checked

    return decorator


def paginated(request, objects, serialize):
    paginator = Paginator(objects, PAGE_SIZE, allow_empty_first_page=True)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return error("page must be a whole number.")
    except EmptyPage:
        return error(f"page must be between 1 and {paginator.num_pages}.", status=404)

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return absolute(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [serialize(obj) for obj in page.object_list],
        }
    )


@read_only
@documented("/api/items/")
def items(request):
    types = request.GET.get("type")
    source = request.GET.get("source")
    selected = [types] if types else list(ITEM_TYPES)
    objects = [obj for name in selected for obj in ITEM_TYPES[name].all()]
    if source:
        objects = [obj for obj in objects if _source_of(obj) == source]
    if "recommendation" not in selected:
        return paginated(request, objects, item)
    related, programs = guides.related_keys(), guides.program_keys()

    def serialize(obj):
        if not isinstance(obj, Recommendation):
            return item(obj)
        return {**item(obj), **_links(obj, related, programs)}

    return paginated(request, objects, serialize)


def _filtered_recommendations(request):
    filterset = RecommendationFilter(request.GET, queryset=ITEM_TYPES["recommendation"].all())
    if not filterset.is_valid():
        codes = {e.code for errors in filterset.form.errors.as_data().values() for e in errors}
        # The document has checked each value's shape: a topic slug that names no topic
        # is a choice the form does not know, and matches nothing, as the document says.
        if codes == {"invalid_choice"}:
            return filterset.queryset.none(), None
        return None, error(filterset.error_message())
    return filterset.qs.select_related("chapter"), None


@read_only
@documented("/api/recommendations/")
def recommendations(request):
    queryset, problem = _filtered_recommendations(request)
    if problem:
        return problem
    related, programs = guides.related_keys(), guides.program_keys()
    return paginated(request, queryset, lambda r: recommendation_item(r, related, programs))


CSV_COLUMNS = ["key", "source", "chapter", "pillars", "topics", "title", "wording", "summary",
               "unverified", "url"]  # fmt: skip


@read_only
@documented("/api/recommendations.csv")
def recommendations_csv(request):
    queryset, problem = _filtered_recommendations(request)
    if problem:
        return problem
    response = csv_response("recommendations.csv")
    columns = CSV_COLUMNS + SPANISH_RECOMMENDATION_COLUMNS if in_spanish() else CSV_COLUMNS
    writer = SafeDictWriter(response, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for recommendation in queryset:
        row = csv_row(recommendation_item(recommendation))
        row["pillars"] = " ".join(str(n) for n in row["pillars"])
        row["topics"] = " ".join(row["topics"])
        writer.writerow(row)
    return response


@read_only
@documented("/api/pillars/")
def pillars(request):
    return paginated(request, ITEM_TYPES["pillar"].all(), item)


@read_only
@documented("/api/programs/")
def programs(request):
    return paginated(request, ITEM_TYPES["program"].all(), item)


@read_only
@documented("/api/topics/")
def topics(request):
    return paginated(request, ITEM_TYPES["topic"].all(), item)


@read_only
@documented("/api/search/")
def search(request):
    results, _form, _facets, problem = run_search(request)
    if problem:
        return error(problem)
    return JsonResponse(
        {
            "query": results.query,
            "corrected_query": results.corrected,
            "missing_words": results.missing,
            "count": results.count,
            "count_exact": results.count_exact,
            "facet_counts_exact": results.facet_counts_exact,
            "page": results.page,
            "pages": results.pages,
            "results": [{**found, "url": absolute(found["url"])} for found in results.results],
            "facets": results.facets,
            "glossary": [{**term, "url": absolute(term["url"])} for term in results.glossary],
        }
    )


@read_only
def openapi(request):
    response = JsonResponse(OPENAPI)
    response["Content-Language"] = "en"  # the document is in English whatever lang says
    return response


@read_only
def not_found(request, path):
    return error(f"There is no API endpoint at {request.path}. See {reverse('api:openapi')}.", 404)
