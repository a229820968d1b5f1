"""Open data for researchers: the /api/ guide, CSV for every list, the bulk ZIP, CORS and
conditional requests."""

import csv
import io
import json
import zipfile

import pytest

from portal import middleware
from recommendations.api import ITEM_TYPES
from recommendations.models import Program
from recommendations.open_data import build_zip

pytestmark = pytest.mark.django_db


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_api_page_describes_every_endpoint_for_people(client, django_assert_max_num_queries):
    document = client.get("/api/openapi.json").json()
    with django_assert_max_num_queries(40):
        response = client.get("/api/")
    assert response.status_code == 200
    page = response.content.decode()
    for path in document["paths"]:
        assert f"GET {path}</code>" in page
    # A real example answer, as the API gives it today, and the parameters from the document.
    assert "http://testserver/recommendations/ne-3-1/" in page
    assert "a whole number from 1 to 12" in page
    assert "CC BY 4.0" in page and "stays its" in page
    assert "Common Ground open data (content version" in page
    assert 'href="/api/open-data.zip"' in page
    assert "<script" not in page.split("</main>")[0].split("<main")[1]


def test_the_footer_links_to_the_api_page(client):
    assert b'href="/api/">Open data API' in client.get("/").content


LIST_CSVS = [
    ("/api/pillars.csv", "pillar"),
    ("/api/programs.csv", "program"),
    ("/api/topics.csv", "topic"),
    ("/api/items.csv?type=action-item", "action-item"),
    ("/api/items.csv?type=stakeholder-action", "stakeholder-action"),
]


@pytest.mark.parametrize("path,type_name", LIST_CSVS)
def test_each_list_csv_has_the_rows_of_its_json_list(client, path, type_name):
    as_csv = rows(client.get(path))
    as_json = client.get(f"/api/items/?type={type_name}&page=1").json()
    assert as_json["count"] == len(as_csv) <= 100  # one JSON page holds them all
    for row, item in zip(as_csv, as_json["results"], strict=True):
        assert row["key"] == item["key"] and row["url"] == item["url"]
        assert row["pillars"] == " ".join(str(n) for n in item["pillars"])
        assert row["recommendation"] == item.get("recommendation", "")


def test_items_csv_has_every_public_item_in_one_file(client):
    everything = rows(client.get("/api/items.csv"))
    assert len(everything) == client.get("/api/items/").json()["count"]
    by_key = {row["key"]: row for row in everything}
    assert by_key["TF-1.4.2"]["recommendation"] == "TF-1.4"
    assert by_key["IG-community-1"]["stakeholder"] == "community"
    assert by_key["NE-3.2"]["url"] == "http://testserver/recommendations/ne-3-2/"
    assert {row["key"] for row in rows(client.get("/api/items.csv?source=ig"))} == {
        key for key, row in by_key.items() if row["source"] == "ig"
    }


def test_the_zip_holds_every_item_as_json_and_csv_with_its_licence(client):
    response = client.get("/api/open-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)
                                         if response.streaming else response.content))  # fmt: skip
    names = set(archive.namelist())
    for name in ITEM_TYPES:
        assert f"common-ground/json/{name}.json" in names
        assert f"common-ground/csv/{name}.csv" in names
    programs = json.loads(archive.read("common-ground/json/program.json"))
    assert len(programs) == Program.objects.published().count()
    readme = archive.read("common-ground/README.txt").decode()
    assert f"Content version: {middleware.content_version()}" in readme
    assert "CC BY 4.0" in readme and "How to cite" in readme
    dictionary = archive.read("common-ground/data-dictionary.csv").decode()
    assert "csv/recommendation.csv,wording," in dictionary
    recommendations = archive.read("common-ground/csv/recommendation.csv").decode()
    assert "Ban formal and informal quotas." in recommendations


def test_the_zip_is_made_afresh_when_content_changes_and_answers_304_until_then(client):
    first = client.get("/api/open-data.zip")
    etag = first["ETag"]
    assert client.get("/api/open-data.zip", HTTP_IF_NONE_MATCH=etag).status_code == 304
    program = Program.objects.get(slug="cri-tac")
    program.name = "CRI-TAC, renamed by a curator"
    program.save()  # bumps the content version when the transaction commits
    middleware.content_changed()  # tests run inside one transaction that never commits
    second = client.get("/api/open-data.zip", HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 200 and second["ETag"] != etag
    archive = zipfile.ZipFile(io.BytesIO(second.content))
    assert "renamed by a curator" in archive.read("common-ground/csv/program.csv").decode()


def test_api_answers_carry_etag_and_last_modified_and_answer_304(client):
    response = client.get("/api/pillars/")
    assert response["ETag"] and response["Last-Modified"]
    assert client.get("/api/pillars/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    later = client.get("/api/pillars/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert later.status_code == 304
    middleware.content_changed()
    assert (
        client.get(
            "/api/pillars/", HTTP_IF_MODIFIED_SINCE="Thu, 01 Jan 1970 00:00:00 GMT"
        ).status_code
        == 200
    )


def test_any_origin_may_read_the_api_and_only_the_api(client):
    api = client.get("/api/pillars/", HTTP_ORIGIN="https://researcher.example")
    assert api["Access-Control-Allow-Origin"] == "*"
    page = client.get("/pillars/", HTTP_ORIGIN="https://researcher.example")
    assert "Access-Control-Allow-Origin" not in page


def test_building_the_zip_reads_each_table_once(django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        build_zip(middleware.content_version())
