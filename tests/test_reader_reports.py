"""Readers' reports: a short form on every item, a queue in the admin, an email on closing."""

import pytest
from django.core import mail
from django.test import override_settings

from feedback.models import ReaderReport, Status

pytestmark = pytest.mark.django_db

REPORT = {"item": "NE-3.2", "message": "The quotation drops a word: see page 41.", "email": ""}


@pytest.mark.parametrize("page,link", [
    ("/recommendations/ne-3-2/", "/report/?item=NE-3.2"),
    ("/recommendations/tf-1-4/", "/report/?item=TF-1.4.2"),
    ("/implementation-guide/community-1/", "/report/?item=IG-community-1"),
    ("/programs/cri-tac/", "/report/?item=program%3Acri-tac"),
    ("/topics/use-of-force/", "/report/?item=topic%3Ause-of-force"),
    ("/glossary/chokehold/", "/report/?item=glossary%3Achokehold"),
    ("/glossary/", "/report/?missing=glossary"),
    ("/programs/", "/report/?missing=programs"),
    ("/pillars/", "/report/?missing=task-force"),
])  # fmt: skip
def test_item_pages_link_to_the_report_form(client, page, link):
    assert link in client.get(page).content.decode()


def test_a_reader_reports_a_problem_without_an_account(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        form = client.get("/report/?item=NE-3.2")
    assert form.status_code == 200
    assert "Ban formal and informal quotas." in form.content.decode()
    response = client.post("/report/", {**REPORT, "email": "reader@example.org"})
    assert response.status_code == 302 and response["Location"] == "/report/thanks/"
    report = ReaderReport.objects.get()
    assert (report.kind, report.item_key, report.status) == ("problem", "NE-3.2", "new")
    assert report.item_url == "/recommendations/ne-3-2/"
    assert report.email == "reader@example.org"


def test_a_reader_suggests_something_missing(client):
    client.post("/report/", {"missing": "task-force", "message": "Action item 2.2.3 is missing."})
    report = ReaderReport.objects.get()
    assert (report.kind, report.item_key, report.item_url) == ("missing", "task-force", "/pillars/")


@pytest.mark.parametrize("data,message", [
    ({**REPORT, "message": ""}, "Please write what is wrong or missing."),
    ({**REPORT, "message": "x" * 2001}, "Please keep it to 2000 characters"),
    ({**REPORT, "email": "not an address"}, "That email address does not look right"),
    ({**REPORT, "message": "a\x00b"}, "We could not understand that request"),  # site-wide
])  # fmt: skip
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, data, message):
    response = client.post("/report/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReaderReport.objects.exists()


@pytest.mark.parametrize("query", ["item=NE-99.9", "item=", "missing=everything", ""])
def test_a_report_about_nothing_known_is_refused_clearly(client, query):
    assert client.get(f"/report/?{query}").status_code == 404
    response = client.post("/report/", dict(pair.split("=") for pair in [query] if pair) | {
        "message": "Something."})  # fmt: skip
    assert response.status_code == 404
    assert "which item this report is about" in response.content.decode()
    assert not ReaderReport.objects.exists()


def test_a_robot_that_fills_the_honeypot_is_thanked_and_forgotten(client):
    response = client.post("/report/", {**REPORT, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not ReaderReport.objects.exists()


@override_settings(READER_REPORTS_PER_WINDOW=2)
def test_reports_from_one_address_are_limited(client):
    for _ in range(2):
        assert client.post("/report/", REPORT).status_code == 302
    refused = client.post("/report/", REPORT)
    assert refused.status_code == 429
    assert "send it again in a few minutes" in refused.content.decode()
    assert ReaderReport.objects.count() == 2
    other = client.post("/report/", REPORT, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_curators_see_new_reports_and_closing_one_emails_the_reader(admin_client):
    report = ReaderReport.objects.create(kind="problem", item_key="NE-3.2", message="Typo.",
                                         item_url="/recommendations/ne-3-2/",
                                         email="reader@example.org")  # fmt: skip
    ReaderReport.objects.create(kind="missing", item_key="glossary", message="Add CIT.")
    index = admin_client.get("/admin/").content.decode()
    assert "New readers&#x27; reports: 2" in index or "New readers' reports: 2" in index
    change = f"/admin/feedback/readerreport/{report.pk}/change/"
    assert 'href="/recommendations/ne-3-2/"' in admin_client.get(change).content.decode()
    admin_client.post(change, {"status": Status.IN_REVIEW, "note": "Checking page 41."})
    assert mail.outbox == []
    admin_client.post(change, {"status": Status.DONE, "note": "Fixed."})
    report.refresh_from_db()
    assert report.status == "done" and report.closed_at and report.reader_told_at
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reader@example.org"]
    assert "made the change" in mail.outbox[0].body and "Fixed." not in mail.outbox[0].body
    admin_client.post(change, {"status": Status.DECLINED, "note": "Fixed."})
    assert len(mail.outbox) == 1  # told once
