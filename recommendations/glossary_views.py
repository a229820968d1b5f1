"""The glossary: an A–Z index of terms, and a page for each term."""

import unicodedata

from django.contrib.postgres.search import SearchQuery
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from portal.http import read_only

from .models import GlossaryTerm, ItemType, SearchEntry, Source
from .search import languages
from .search.text import term_token


def _alphabetical(text):
    """A term's place in the A–Z in any language: accents and case aside (Á with A), but
    Ñ after N, as Spanish dictionaries have it."""
    text = text.casefold().replace("ñ", "n\uffff")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


class GlossaryView(ListView):
    queryset = GlossaryTerm.objects.published().only("slug", "term", "definition")
    template_name = "recommendations/glossary.html"

    def get_context_data(self, **kwargs):
        """The terms under their initials, in the order of the page's language: the
        database orders them by their English names, which a Spanish page does not show.
        Read only when the kept part of the page is made, not for every request."""
        context = super().get_context_data(**kwargs)
        context["letters"] = SimpleLazyObject(lambda: _by_initial(context["object_list"]))
        return context


def _by_initial(terms):
    letters = {}
    for term in sorted(terms, key=lambda term: _alphabetical(term.term)):
        initial = _alphabetical(term.term[:1]).upper().replace("N\uffff", "Ñ") or "#"
        letters.setdefault(initial, []).append(term)
    return [{"grouper": initial, "list": terms} for initial, terms in letters.items()]


# What a term page lists as mentioning the term: guidance, not other reference pages.
MENTIONING_TYPES = [
    (ItemType.RECOMMENDATION, _("Recommendations")),
    (ItemType.ACTION_ITEM, _("Task Force action items")),
    (ItemType.STAKEHOLDER_ACTION, _("Implementation Guide actions")),
    (ItemType.PROGRAM, _("DOJ programs")),
]


@read_only
def glossary_term(request, slug):
    term = get_object_or_404(
        GlossaryTerm.objects.visible_to(request.user).prefetch_related("topics"), slug=slug
    )
    # Every item that mentions the term in any form is indexed under the term's token
    # (search/index.py), so one index lookup finds them all.
    mentions = list(
        SearchEntry.objects.filter(
            type__in=[kind for kind, _ in MENTIONING_TYPES],
            vector=SearchQuery(term_token(term.slug), config="english"),
        )
        .order_by("position")
        .only("key", "type", "title", "url", "source")
    )
    language = languages.current()
    if language is not languages.ENGLISH:
        # The same items as the page's language indexes them: its titles and addresses,
        # so a Spanish reader is not sent to English pages.
        shown = language.entries.objects.only("key", "type", "title", "url", "source").in_bulk(
            [entry.key for entry in mentions], field_name="key"
        )
        mentions = [shown.get(entry.key, entry) for entry in mentions]
    groups = [
        (label, [entry for entry in mentions if entry.type == kind])
        for kind, label in MENTIONING_TYPES
    ]
    return render(
        request,
        "recommendations/glossary_term.html",
        {
            "term": term,
            "groups": [group for group in groups if group[1]],
            "mention_count": len(mentions),
            "sources": Source.objects.filter(slug__in={entry.source for entry in mentions}),
        },
    )
