"""/api/: the API described for people, generated from the OpenAPI document.

Every endpoint the document names is listed with its parameters, an example request and
the start of the answer that request really gets today (the view is called here, so an
example can never disagree with the data or the code).
"""

import json

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.shortcuts import render
from django.utils import timezone

from agencies.models import Agency
from agencies.views import public as agency_public
from portal.http import read_only
from portal.middleware import content_changed_at, content_version

from . import api, open_data
from .api import ITEM_TYPES, OPENAPI

# The query each example request sends: a narrow one, so the answer is short to show.
EXAMPLE_QUERIES = {
    "/api/items/": "type=action-item",
    "/api/items.csv": "type=program",
    "/api/recommendations/": "source=ne&chapter=3",
    "/api/recommendations.csv": "source=ne&chapter=3",
    "/api/search/": "q=body+cameras&type=recommendation",
}
EXAMPLE_VIEWS = {
    "/api/items/": api.items,
    "/api/items.csv": open_data.items_csv,
    "/api/recommendations/": api.recommendations,
    "/api/recommendations.csv": api.recommendations_csv,
    "/api/pillars/": api.pillars,
    "/api/pillars.csv": open_data.pillars_csv,
    "/api/programs/": api.programs,
    "/api/programs.csv": open_data.programs_csv,
    "/api/topics/": api.topics,
    "/api/topics.csv": open_data.topics_csv,
    "/api/search/": api.search,
}
ZIP_EXAMPLE = (
    "common-ground/README.txt, LICENCE.txt, data-dictionary.csv, sources.csv, openapi.json\n"
    + "\n".join(
        f"common-ground/json/{name}.json, common-ground/csv/{name}.csv" for name in ITEM_TYPES
    )
    + "\ncommon-ground/es/json/<type>.json, common-ground/es/csv/<type>.csv (in Spanish)"
)


def _allowed(schema):
    """The values a parameter takes, in words."""
    if "enum" in schema:
        return ", ".join(schema["enum"])
    if schema["type"] == "integer":
        return f"a whole number from {schema.get('minimum', 1)} to {schema.get('maximum', '…')}"
    if schema["type"] == "boolean":
        return "true or false"
    return schema.get("x-shape", "text") + f", at most {schema.get('maxLength')} characters"


def _resolved(part):
    """A part of the document with its $ref followed (#/components/...)."""
    while "$ref" in part:
        found = OPENAPI
        for step in part["$ref"].removeprefix("#/").split("/"):
            found = found[step]
        part = found
    return part


def _shortened(response):
    """The start of an answer: one result of a JSON list, three lines of a CSV."""
    text = response.content.decode()
    if response["Content-Type"].startswith("text/csv"):
        lines = text.splitlines()
        more = f"\n… ({len(lines) - 4} more rows)" if len(lines) > 4 else ""
        return "\n".join(lines[:4]) + more
    data = json.loads(text)
    for name in ("results", "entries", "facets", "glossary"):
        if isinstance(data.get(name), list) and len(data[name]) > 1:
            data[name] = data[name][:1] + [f"… {len(data[name]) - 1} more"]
    return json.dumps(data, indent=2, ensure_ascii=False)


def _example(path):
    """(request address, start of the answer) for the endpoint at `path`."""
    query = EXAMPLE_QUERIES.get(path, "")
    if path == "/api/agencies/{slug}/tracker/":
        agency = Agency.objects.filter(tracker_published_at__isnull=False).order_by("name").first()
        if agency is None:
            return path.replace("{slug}", "springfield-police-department"), None
        answer = agency_public.tracker_api(HttpRequest(), agency.slug)
        return path.replace("{slug}", agency.slug), _shortened(answer)
    if path == "/api/openapi.json":
        return path, json.dumps(OPENAPI["info"], indent=2, ensure_ascii=False) + "\n…"
    if path == "/api/open-data.zip":
        return path, ZIP_EXAMPLE
    request = HttpRequest()
    request.method, request.path, request.GET = "GET", path, QueryDict(query)
    address = f"{path}?{query}" if query else path
    return address, _shortened(EXAMPLE_VIEWS[path](request))


def _endpoints():
    for path, operations in OPENAPI["paths"].items():
        operation = operations["get"]
        address, answer = _example(path)
        yield {
            "path": path,
            "anchor": path.strip("/")
            .replace("/", "-")
            .replace(".", "-")
            .replace("{", "")
            .replace("}", ""),
            "summary": operation["summary"],
            "description": operation.get("description", ""),
            "parameters": [
                {**p, "allowed": _allowed(p["schema"])} for p in operation.get("parameters", ())
            ],
            "example_request": settings.SITE_URL + address,
            "example_response": answer,
            "responses": {
                status: _resolved(answer).get("description", "")
                for status, answer in operation["responses"].items()
            },
        }


@read_only
def guide(request):
    changed = timezone.datetime.fromtimestamp(
        content_changed_at(), tz=timezone.get_current_timezone()
    )
    version = content_version()
    context = {
        "info": OPENAPI["info"],
        "endpoints": list(_endpoints()),
        "types": list(ITEM_TYPES),
        "licence": open_data.LICENCE,
        "citation": open_data.citation(version, changed),
        "site_url": settings.SITE_URL,
    }
    return render(request, "recommendations/api_guide.html", context)
