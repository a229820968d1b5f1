"""Open data in bulk: every list as CSV, and everything at once as one ZIP.

A CSV has the same rows as its JSON list (every row, not a page). The ZIP holds every
public item as JSON and CSV per type, a data dictionary, the licence and the citation;
building it reads the whole content, so it is kept in the shared cache under the content
version: a content change bumps the version, and the next download builds a fresh one.
"""

import io
import json
import zipfile

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.http import http_date, parse_etags, quote_etag

from portal.csv_export import SafeDictWriter, SafeWriter, csv_response
from portal.http import read_only
from portal.middleware import RELEASE, content_changed_at, content_version

from .api import CSV_COLUMNS, ITEM_TYPES, OPENAPI, documented, item, recommendation_item
from .api_languages import (
    CSV_MEANINGS,
    SPANISH_ITEM_COLUMNS,
    SPANISH_RECOMMENDATION_COLUMNS,
    csv_row,
    in_spanish,
)
from .models import Source

ITEM_COLUMNS = ["key", "type", "title", "source", "pillars", "topics", "summary",
                "recommendation", "stakeholder", "url"]  # fmt: skip

LICENCE = (
    "The text Common Ground writes itself (the plain-language summaries, the crosswalk "
    "between the Task Force report and New Era of Public Safety, the glossary and the topic "
    "descriptions) is licensed under the Creative Commons Attribution 4.0 International "
    "licence (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/): you may share and "
    "adapt it for any purpose, crediting Common Ground. Quoted wording (recommendations, "
    "action items and Implementation Guide actions as their reports word them) stays its "
    "authors'; the sources are listed in sources.csv and at /sources/."
)


def citation(version, date):
    return (
        f"Common Ground open data (content version {version[:12]}, {date:%d %B %Y}). "
        f"{settings.SITE_URL}/api/"
    )


def flat(row):
    """A JSON row as a CSV row: lists space-separated, missing fields empty."""
    return {
        key: " ".join(str(v) for v in value) if isinstance(value, list) else value
        for key, value in row.items()
    }


def write_csv(stream, columns, rows):
    writer = SafeDictWriter(stream, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(flat(csv_row(row)))


def columns_of(type_name):
    """A type's CSV columns in the active language: Spanish adds columns at the end."""
    if type_name == "recommendation":
        return CSV_COLUMNS + SPANISH_RECOMMENDATION_COLUMNS if in_spanish() else CSV_COLUMNS
    return ITEM_COLUMNS + SPANISH_ITEM_COLUMNS if in_spanish() else ITEM_COLUMNS


def _rows(request, type_name=None):
    source = request.GET.get("source")
    selected = [type_name] if type_name else list(ITEM_TYPES)
    rows = (item(obj) for name in selected for obj in ITEM_TYPES[name].all())
    return [row for row in rows if not source or row["source"] == source]


def _list_csv(name, type_name):
    @read_only
    @documented(f"/api/{name}.csv")
    def view(request):
        chosen = type_name or request.GET.get("type") or None
        response = csv_response(f"{name}.csv")
        write_csv(response, columns_of(None), _rows(request, chosen))
        return response

    view.__name__ = f"{name}_csv"
    return view


items_csv = _list_csv("items", None)
pillars_csv = _list_csv("pillars", "pillar")
programs_csv = _list_csv("programs", "program")
topics_csv = _list_csv("topics", "topic")


def _dictionary():
    """One row per column of every file: what it holds, from the OpenAPI document."""
    described = {
        **OPENAPI["components"]["schemas"]["Item"]["properties"],
        **OPENAPI["components"]["schemas"]["Recommendation"]["properties"],
    }
    stream = io.StringIO()
    writer = SafeWriter(stream)
    writer.writerow(["file", "column", "meaning"])
    for folder, language in (("", "en"), ("es/", "es")):
        for name in ITEM_TYPES:
            with translation.override(language):
                columns = columns_of(name)
            for column in columns:
                meaning = described.get(column, {}).get("description", "")
                meaning = meaning or CSV_MEANINGS.get(column) or column.replace("_", " ")
                writer.writerow([f"{folder}csv/{name}.csv", column, meaning])
    writer.writerow(["json/<type>.json", "(every column)", "The same rows, as the API gives them."])
    writer.writerow(
        ["es/json/<type>.json", "(every column)", "As the API gives them with lang=es."]
    )
    return stream.getvalue()


SPANISH_README = (
    "In Spanish (es/)\n"
    "es/json/ and es/csv/ hold the same items as the API gives them with lang=es: our own "
    "text (summaries, topic names and descriptions, glossary terms and definitions) in "
    "Spanish where the item has a Spanish version, in English where it has none yet, and "
    "the addresses of the Spanish pages (/es/...). Quoted wording stays in English, exactly "
    "as its source words it (wording, and the title of New Era recommendations, "
    "Implementation Guide actions, pillars and chapters); title_es and wording_es are our "
    "unofficial Spanish renderings of it, empty where there is none. Every Spanish row says "
    "what its text is: language (es, or en where the item has no Spanish version yet) and, "
    "for a translation, translation.by (Common Ground), translation.reviewed (true once a "
    "curator has checked it against the English), translation.machine_assisted (true while "
    "it is a machine-assisted translation not yet reviewed) and translation.original (the "
    "English page). The CSV files give the last two as translation_reviewed and english_url. "
    "The translations are Common Ground's, under the same licence as the English text; they "
    "are not the sources' own.\n"
)


def _readme(version, made):
    files = "\n".join(f"  json/{n}.json, csv/{n}.csv" for n in ITEM_TYPES)
    return (
        f"Common Ground open data\n\nContent version: {version}\nMade: {made.isoformat()}\n"
        f"From: {settings.SITE_URL}/api/\n\nFiles:\n{files}\n"
        "  es/json/<type>.json, es/csv/<type>.csv (the same items in Spanish: below)\n"
        "  data-dictionary.csv\n"
        f"  sources.csv (each source's citation)\n  openapi.json (the API's description)\n\n"
        f"{SPANISH_README}\n"
        f"Licence\n{LICENCE}\n\nHow to cite\n{citation(version, made)}\n"
    )


def _objects(name):
    objects = ITEM_TYPES[name].all()
    if name == "recommendation":
        objects = objects.select_related("chapter")  # recommendation_item reads it
    return list(objects)


def _type_files(name, objects):
    """A type's items as JSON and CSV, in the active language."""
    serialize = recommendation_item if name == "recommendation" else item
    rows = [serialize(obj) for obj in objects]
    as_json = json.dumps(rows, ensure_ascii=False, indent=1)
    stream = io.StringIO()
    write_csv(stream, columns_of(name), rows)
    return as_json, stream.getvalue()


def _sources_csv():
    stream = io.StringIO()
    writer = SafeWriter(stream)
    writer.writerow(["key", "title", "citation"])
    for source in Source.objects.published():
        writer.writerow([source.key, source.title, source.citation])
    return stream.getvalue()


def build_zip(version):
    """The archive's bytes. Entries carry the build time, so equal content gives equal
    bytes only within one build; the ETag is the content version, which is what matters."""
    made = timezone.now().replace(microsecond=0)
    stamp = timezone.localtime(made).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name, text):
            # A ZipInfo's own compression is "stored": the archive's default is not used.
            info = zipfile.ZipInfo(f"common-ground/{name}", stamp)
            archive.writestr(info, text, compress_type=zipfile.ZIP_DEFLATED)

        add("README.txt", _readme(version, made))
        add("LICENCE.txt", LICENCE + "\n")
        add("data-dictionary.csv", _dictionary())
        add("sources.csv", _sources_csv())
        add("openapi.json", json.dumps(OPENAPI, ensure_ascii=False, indent=1))
        for name in ITEM_TYPES:
            # Read once: a row holds both languages' text, and the active one is read.
            objects = _objects(name)
            for folder, language in (("", "en"), ("es/", "es")):
                with translation.override(language):
                    as_json, as_csv = _type_files(name, objects)
                add(f"{folder}json/{name}.json", as_json)
                add(f"{folder}csv/{name}.csv", as_csv)
    return buffer.getvalue()


@read_only
def open_data_zip(request):
    version = content_version()
    etag = quote_etag(f"{version}-{RELEASE}")
    # Weakly compared, as RFC 9110 says for If-None-Match: GZipMiddleware marks it W/.
    asked = {
        tag.removeprefix("W/") for tag in parse_etags(request.headers.get("if-none-match", ""))
    }
    if etag in asked or "*" in asked:
        return HttpResponseNotModified(headers={"ETag": etag})
    key = f"open-data-zip:{RELEASE}:{version}"
    archive = cache.get(key)
    if archive is None:
        archive = build_zip(version)
        cache.set(key, archive, 24 * 60 * 60)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="common-ground-open-data.zip"'
    response["Content-Language"] = "en, es"  # whatever lang says: the archive holds both
    response["ETag"] = etag
    response["Last-Modified"] = http_date(content_changed_at())
    return response
