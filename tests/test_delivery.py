"""How pages travel: compressed, safe for shared caches, and with the icon browsers ask for."""

import gzip

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

GLOSSARY = "/glossary/"


def test_html_is_compressed_when_the_browser_accepts_it():
    plain = Client().get(GLOSSARY)
    packed = Client().get(GLOSSARY, headers={"accept-encoding": "gzip, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 4
    assert "Accept-Encoding" in packed["Vary"]


def test_compression_varies_every_response_against_breach():
    """Django's gzip puts random bytes in each response it compresses, so a secret on a
    page (a CSRF token, someone's notes) cannot be recovered by watching compressed sizes:
    a page rendered for someone with cookies compresses differently every time."""
    client = Client(headers={"accept-encoding": "gzip"})
    client.cookies["sessionid"] = "none"
    bodies = [client.get("/about/").content for _ in range(5)]
    assert len({gzip.decompress(body) for body in bodies}) == 1
    # 0 to 99 random bytes each time: five alike would happen once in 100 million runs.
    assert len(set(bodies)) > 1


def test_public_pages_are_cached_compressed():
    """Pages for visitors without cookies hold no secret, so they are compressed once, when
    cached, and served as stored."""
    client = Client(headers={"accept-encoding": "gzip"})
    first = client.get("/about/")
    second = client.get("/about/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second["Content-Encoding"] == "gzip"
    assert first.content == second.content
    assert b"csrfmiddlewaretoken" not in gzip.decompress(second.content)
    plain = Client().get("/about/")
    assert plain["X-Page-Cache"] == "miss" and "Content-Encoding" not in plain


def test_cached_public_pages_vary_on_cookie():
    client = Client()
    for expected in ["miss", "hit"]:
        response = client.get("/recommendations/ne-3-2/")
        assert response["X-Page-Cache"] == expected
        assert "Cookie" in response["Vary"]
        assert "public" in response["Cache-Control"]


def test_favicon_is_served_at_the_root():
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_static_files_get_brotli_copies():
    """docs/deploy.md promises Brotli files from collectstatic: whitenoise writes them
    only when the brotli package is installed."""
    from whitenoise.compress import Compressor

    assert Compressor(quiet=True).use_brotli


def test_citations_and_exports_use_the_configured_site_address(settings, django_user_model):
    """Whatever host a page was reached by, what people copy or download carries the
    canonical address (SITE_URL)."""
    settings.SITE_URL = "https://commonground.example.org"
    page = Client().get("/recommendations/ne-3-2/", HTTP_HOST="localhost")
    assert "https://commonground.example.org/recommendations/ne-3-2/" in page.text
    assert "http://localhost/recommendations/ne-3-2/" not in page.text
