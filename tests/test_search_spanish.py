"""Search in Spanish (/es/search/): the Spanish index, glossary and spelling."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation

from recommendations import search
from recommendations.search.spelling import is_stop_word

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_spanish():
    cache.delete_many([search.CACHE_KEY, search.VERSION_KEY])
    with translation.override("es"):
        yield


def keys(text):
    return [r["key"] for r in search.search(text).results]


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("camaras corporales", "cámaras corporales"),
        ("situacion migratoria", "situación migratoria"),
    ],
)
def test_a_query_typed_without_accents_finds_what_the_accented_one_finds(typed, meant):
    assert keys(typed) == keys(meant)
    assert keys(meant)


def test_a_word_the_corpus_writes_with_accents_is_searched_so():
    # A glossary alias writes "policia comunitaria" without accents for people who type
    # so; the word alone must still be "policía", which Snowball stems apart.
    results = search.search("quejas contra la policia")
    assert results.corrected is None  # a glossary alias, read without its accents
    policia = search.search("policia")
    assert policia.corrected == "policía"
    assert keys("policia") == keys("policía")
    assert search.search("polisia").corrected == "policía"


@pytest.mark.parametrize(
    "query, missing",
    [
        ("inmunidad calificada", ["inmunidad", "calificada"]),
        ("desfinanciar a la policía", ["desfinanciar"]),
        ("perros policía", ["perros"]),
        ("mi hijo y su pelea", ["hijo", "pelea"]),
    ],
)
def test_a_real_spanish_word_the_corpus_lacks_is_reported_not_rewritten(query, missing):
    results = search.search(query)
    assert results.corrected is None
    assert results.missing == missing


def test_a_spanish_typo_is_still_corrected():
    assert search.search("transparensia").corrected == "transparencia"


@pytest.mark.parametrize("word", ["cómo", "cuándo", "dónde", "quién", "cuál", "como", "qué"])
def test_question_words_are_stop_words_with_or_without_accents(word):
    assert is_stop_word(word)
    assert search.parse(f"¿{word} presento una queja?", search.index_data()).groups == (
        search.parse("presento una queja", search.index_data()).groups
    )


def test_folding_accents_makes_no_english_word_a_stop_word():
    with translation.override("en"):
        assert not is_stop_word("como")  # an English search reads English stop words
        assert is_stop_word("the")


@pytest.mark.parametrize(
    "spanish, english",
    [
        ("cámaras corporales", "body-worn camera"),
        ("uso de la fuerza", "use of force"),
        ("policía comunitaria", "community policing"),
        ("salud mental", "mental health crisis"),
    ],
)
def test_a_spanish_glossary_alias_finds_what_the_english_term_finds(spanish, english):
    found, wanted = search.search(spanish, page_size=1000), search.search(english, page_size=1000)
    assert sorted(r["key"] for r in found.results) == sorted(r["key"] for r in wanted.results)
    assert found.count >= 5
    assert found.glossary == wanted.glossary


def test_a_glossary_phrase_is_found_in_its_other_forms():
    # The alias is "pistola paralizante"; TF-4.6.5 says "pistolas paralizantes".
    assert "TF-4.6.5" in keys("pistola paralizante")
    assert "TF-4.6.5" in keys("pistolas paralizantes")
    assert search.search("pistolas paralizantes").glossary[0]["term"] == (
        "Arma de descarga eléctrica"
    )


def test_a_verb_common_in_all_its_forms_does_not_match_alone():
    # "deber" is rare as written, but "deben" and "debería" are everywhere: PostgreSQL
    # matches them all, so it counts as common and the term's rarer word decides.
    found = search.search("deber de intervenir")
    assert found.count < 20
    assert "NE-4.7" in keys("deber de intervenir")[:5]


@pytest.mark.parametrize(
    "query, key",
    [("Nueva Era 8.5", "NE-8.5"), ("recomendación TF-2.13", "TF-2.13"), ("ne 3.2", "NE-3.2")],
)
def test_a_key_in_spanish_words_goes_to_the_item(query, key):
    assert keys(query) == [key]


def test_the_spanish_page_shows_spanish_results_with_spanish_links(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get("/es/search/?q=c%C3%A1maras+corporales")
    html = response.text
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "Redactar normas claras para las <mark>cámaras</mark> <mark>corporales</mark>" in html
    results = re.findall(r'<h3 class="card-title"><a href="([^"]+)">', html)
    assert results[0] == "/es/recommendations/ne-8-5/"
    assert all(href.startswith("/es/") for href in results)
