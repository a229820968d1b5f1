"""The open data API in Spanish: ?lang=es and Accept-Language, at the same addresses."""

import csv
import io
import json
import zipfile

import pytest
from django.utils import translation

from recommendations import search
from recommendations.api import CSV_COLUMNS
from recommendations.models import Recommendation
from recommendations.open_data import ITEM_COLUMNS

from .test_api import ENDPOINTS, assert_matches_openapi

pytestmark = pytest.mark.django_db

NE_3_2_ES = {
    "key": "NE-3.2",
    "type": "recommendation",
    # The title is the quoted wording, which stays in English, with our rendering beside it.
    "title": "Ban formal and informal quotas.",
    "title_es": "Prohibir las cuotas formales e informales.",
    "source": "ne",
    "pillars": [2],
    "url": "http://testserver/es/recommendations/ne-3-2/",
    "summary": "Prohibir las cuotas, tanto escritas como no escritas, que fijan cuántas "
    "detenciones, multas o arrestos deben hacer los agentes.",
    "language": "es",
    "translation": {
        "by": "Common Ground",
        "reviewed": False,
        "machine_assisted": True,
        "original": "http://testserver/recommendations/ne-3-2/",
    },
}


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def ne_3_2(response):
    return next(row for row in response.json()["results"] if row["key"] == "NE-3.2")


def test_lang_es_gives_our_spanish_text_and_says_what_it_is(client):
    response = client.get("/api/recommendations/?source=ne&chapter=3&lang=es")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]
    found = ne_3_2(response)
    assert {key: found[key] for key in NE_3_2_ES} == NE_3_2_ES
    assert found["wording"] == "Ban formal and informal quotas."
    assert found["wording_es"] == "Prohibir las cuotas formales e informales."
    assert_matches_openapi(response, "/api/recommendations/")
    # English is as it always was: no Spanish fields, English text, English addresses.
    english = client.get("/api/recommendations/?source=ne&chapter=3")
    assert english["Content-Language"] == "en"
    assert not {"language", "translation", "title_es", "wording_es"} & set(ne_3_2(english))
    assert ne_3_2(english)["url"] == "http://testserver/recommendations/ne-3-2/"


def test_a_reviewed_translation_and_an_untranslated_item_say_so(client):
    Recommendation.objects.filter(key="NE-3.2").update(spanish_reviewed=True)
    found = ne_3_2(client.get("/api/recommendations/?source=ne&chapter=3&lang=es"))
    assert found["translation"]["reviewed"] is True
    assert found["translation"]["machine_assisted"] is False
    # Sources have no Spanish version: their text is the English, and says so.
    response = client.get("/api/items/?type=source&lang=es")
    assert {(row["language"], row["translation"]) for row in response.json()["results"]} == {
        ("en", None)
    }
    assert_matches_openapi(response, "/api/items/")
    guide = client.get("/api/items/?type=stakeholder-action&lang=es").json()["results"]
    community = next(row for row in guide if row["key"] == "IG-community-1")
    assert community["title_es"].startswith("Colabore con las agencias del orden público")
    assert community["url"].startswith("http://testserver/es/implementation-guide/")


@pytest.mark.parametrize(
    "header,language",
    [("es", "es"), ("es-MX,es;q=0.9,en;q=0.8", "es"), ("fr, es;q=0.5", "es"),
     ("en-US,en;q=0.9,es;q=0.8", "en"), ("fr", "en"), ("", "en")],
)  # fmt: skip
def test_accept_language_chooses_when_there_is_no_lang(client, header, language):
    response = client.get("/api/pillars/", HTTP_ACCEPT_LANGUAGE=header)
    assert response["Content-Language"] == language
    first = response.json()["results"][0]
    assert first.get("language") == ("es" if language == "es" else None)


def test_the_switchers_choice_comes_before_accept_language(client):
    client.cookies["language"] = "en"
    assert client.get("/api/pillars/", HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "en"
    client.get("/language/es/?next=/api/")  # the switcher on the /api/ guide
    guide = client.get("/api/", HTTP_ACCEPT_LANGUAGE="en")
    assert (guide.status_code, guide["Content-Language"]) == (200, "es")
    assert b'<html lang="es"' in guide.content


def test_lang_wins_over_accept_language(client):
    english = client.get("/api/pillars/?lang=en", HTTP_ACCEPT_LANGUAGE="es")
    assert english["Content-Language"] == "en"
    assert "language" not in english.json()["results"][0]
    spanish = client.get("/api/pillars/?lang=es", HTTP_ACCEPT_LANGUAGE="en")
    assert spanish.json()["results"][0]["title_es"] == "Generar confianza y legitimidad"


@pytest.mark.parametrize(
    "url,message",
    [
        ("/api/items/?lang=fr", "lang must be one of: en, es."),
        ("/api/items/?lang=ES", "lang must be one of: en, es."),
        ("/api/items/?lang=", "lang must be one of: en, es."),
        ("/api/recommendations.csv?lang=es&lang=en", "lang must be given once."),
        ("/api/open-data.zip?lang=de", "lang must be one of: en, es."),
        ("/api/openapi.json?lang=xx", "lang must be one of: en, es."),
        ("/api/agencies/nobody/tracker/?lang=xx", "lang must be one of: en, es."),
    ],
)
def test_a_bad_lang_is_a_json_400_that_says_what_was_expected(client, url, message):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert response["Content-Language"] == "en"
    # Nothing was chosen or kept: the next answer at that address is as it would have been.
    assert client.get("/api/pillars/")["Content-Language"] == "en"


def test_the_page_cache_never_mixes_languages_at_one_address(client):
    address = "/api/pillars/"
    spanish = client.get(address, HTTP_ACCEPT_LANGUAGE="es")
    english = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
    again_spanish = client.get(address, HTTP_ACCEPT_LANGUAGE="es")
    again_english = client.get(address)
    assert [r["X-Page-Cache"] for r in (spanish, english, again_spanish, again_english)] == [
        "miss",
        "miss",
        "hit",
        "hit",
    ]
    assert spanish.content == again_spanish.content != english.content == again_english.content
    assert again_spanish["Content-Language"] == "es" and again_english["Content-Language"] == "en"
    assert b"Generar confianza" in again_spanish.content
    assert b"Generar confianza" not in again_english.content


@pytest.mark.parametrize("path,query,queries", ENDPOINTS)
def test_spanish_answers_match_the_openapi_document_at_the_same_cost(
    client, django_assert_max_num_queries, path, query, queries
):
    with translation.override("es"):
        search.index_data()  # the Spanish vocabulary is cached between requests too
    with django_assert_max_num_queries(queries):
        response = client.get(f"{path}?{query}&lang=es")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert_matches_openapi(response, path)


def test_search_with_lang_es_searches_the_spanish_index(client):
    spanish = client.get("/api/search/?q=cámaras+corporales&lang=es").json()
    english = client.get("/api/search/?q=cámaras+corporales").json()
    # Spanish words are words of the Spanish index, and name a glossary term there.
    assert (spanish["missing_words"], spanish["corrected_query"]) == ([], None)
    assert [t["url"] for t in spanish["glossary"]] == [
        "http://testserver/es/glossary/body-worn-camera/"
    ]
    assert "glossary:body-worn-camera" in [row["key"] for row in spanish["results"]]
    assert all(row["url"].startswith("http://testserver/es/") for row in spanish["results"])
    # The English index knows neither word.
    assert (english["missing_words"], english["corrected_query"]) == (
        ["corporales"],
        "cameras corporales",
    )


def test_spanish_csv_adds_columns_after_the_english_ones(client):
    english = client.get("/api/recommendations.csv?source=ne&chapter=3")
    assert list(rows(english)[0]) == CSV_COLUMNS
    spanish = rows(client.get("/api/recommendations.csv?source=ne&chapter=3&lang=es"))
    assert list(spanish[0]) == CSV_COLUMNS + [
        "title_es",
        "wording_es",
        "language",
        "translation_reviewed",
        "english_url",
    ]
    row = spanish[1]
    assert row["key"] == "NE-3.2"
    assert row["wording"] == "Ban formal and informal quotas."
    assert row["wording_es"] == "Prohibir las cuotas formales e informales."
    assert row["summary"] == NE_3_2_ES["summary"]
    assert (row["language"], row["translation_reviewed"]) == ("es", "False")
    assert row["url"] == NE_3_2_ES["url"]
    assert row["english_url"] == NE_3_2_ES["translation"]["original"]
    sources = rows(client.get("/api/items.csv?type=source&lang=es"))
    assert list(sources[0]) == ITEM_COLUMNS + [
        "title_es",
        "language",
        "translation_reviewed",
        "english_url",
    ]
    assert {(r["language"], r["translation_reviewed"], r["english_url"]) for r in sources} == {
        ("en", "", "")
    }


def test_the_zip_holds_both_languages_and_says_what_the_spanish_is(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(60):
        response = client.get("/api/open-data.zip?lang=es")
    assert response["Content-Language"] == "en, es"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {
        "common-ground/es/json/recommendation.json",
        "common-ground/es/csv/glossary.csv",
    } <= names
    assert client.get("/api/open-data.zip").content == response.content  # one archive
    spanish = json.loads(archive.read("common-ground/es/json/recommendation.json"))
    english = json.loads(archive.read("common-ground/json/recommendation.json"))
    assert len(spanish) == len(english) == 167
    found = next(row for row in spanish if row["key"] == "NE-3.2")
    assert {key: found[key] for key in NE_3_2_ES} == NE_3_2_ES
    assert "language" not in next(row for row in english if row["key"] == "NE-3.2")
    readme = archive.read("common-ground/README.txt").decode()
    assert "In Spanish (es/)" in readme and "machine-assisted" in readme
    dictionary = {
        (row["file"], row["column"]): row["meaning"]
        for row in rows_of(archive.read("common-ground/data-dictionary.csv"))
    }
    assert dictionary["es/csv/recommendation.csv", "english_url"].startswith("Spanish files only")
    assert dictionary["es/csv/pillar.csv", "title_es"].startswith("Spanish answers only")
    assert ("csv/pillar.csv", "title_es") not in dictionary
    spanish_csv = rows_of(archive.read("common-ground/es/csv/pillar.csv"))
    assert spanish_csv[0]["title_es"] == "Generar confianza y legitimidad"


def rows_of(data):
    return list(csv.DictReader(io.StringIO(data.decode())))
