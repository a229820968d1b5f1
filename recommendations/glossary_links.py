"""Link the first mention of each glossary term on an item page to the term's own page.

The linker works on HTML that is already safe (escaped text, or sanitised Markdown): it
splits it into tags and text, leaves text inside links alone, and rewrites only text,
unescaped for matching and escaped again around the links it adds, so the words of
quoted wording stay exactly as they were, only wrapped. Names are a term and its
synonyms (never the search aliases, which include loose neighbours such as "union"); an
all-capital name (an acronym: "BWC", "CIT") matches only in capitals.

Building the pattern reads every published term, so each process keeps one linker and
builds it again only when the content version changes (portal.middleware).
"""

import html
import re
from dataclasses import dataclass

from django.urls import reverse

from portal.middleware import content_version

TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class Term:
    slug: str
    name: str
    url: str


class Linker:
    def __init__(self, terms):
        """terms: (slug, name, synonyms) for every published glossary term."""
        self.by_name = {}
        folded, exact = [], []
        for slug, name, synonyms in terms:
            term = Term(slug, name, reverse("recommendations:glossary_term", args=[slug]))
            for form in [name, *synonyms]:
                form = form.strip()
                if len(form) < 2:
                    continue
                form = " ".join(form.split())
                if form.isupper():
                    self.by_name.setdefault(form, term)
                    exact.append(form)
                else:
                    self.by_name.setdefault(form.casefold(), term)
                    folded.append(form)
        self.pattern = _alternation(folded, re.IGNORECASE) if folded else None
        self.acronyms = _alternation(exact, 0) if exact else None

    def link(self, safe_html, linked, skip=""):
        """The HTML with the first mention of each term not in ``linked`` made a link;
        ``linked`` (a set of slugs) is updated, so a page links each term once."""
        parts = TAG.split(safe_html)
        depth = 0  # inside how many <a> elements
        for index, part in enumerate(parts):
            if index % 2:  # a tag
                lowered = part[:3].lower()
                if lowered == "<a " or lowered == "<a>":
                    depth += 1
                elif part[:4].lower() == "</a>" or part.lower().startswith("</a "):
                    depth = max(0, depth - 1)
            elif part and depth == 0:
                parts[index] = self._link_text(html.unescape(part), linked, skip)
        return "".join(parts)

    def _link_text(self, text, linked, skip):
        found = []  # (start, end, term), earliest first, never overlapping
        for pattern, fold in ((self.pattern, True), (self.acronyms, False)):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                name = " ".join(match.group("name").split())
                found.append(
                    (match.start(), match.end(), self.by_name[name.casefold() if fold else name])
                )
        found.sort(key=lambda hit: (hit[0], -hit[1]))
        out, position = [], 0
        for start, end, term in found:
            if start < position or term.slug in linked or term.slug == skip:
                continue
            linked.add(term.slug)
            out.append(html.escape(text[position:start], quote=False))
            out.append(
                f'<a class="term-link" href="{html.escape(term.url)}">'
                f"{html.escape(text[start:end], quote=False)}</a>"
            )
            position = end
        out.append(html.escape(text[position:], quote=False))
        return "".join(out)


def _alternation(forms, flags):
    # Longest first, so "use of force continuum" wins over "use of force"; whole words only.
    # A plural ("body cameras") is the same term; the name group is the form as listed.
    ordered = sorted(set(forms), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, form.split())) for form in ordered)
    return re.compile(rf"(?<![\w-])(?P<name>{body})(?:e?s)?(?![\w-])", flags)


_current = {"version": None, "linker": None}


def linker():
    """This process's linker for the current content version."""
    version = content_version()
    if _current["linker"] is None or _current["version"] != version:
        from .models import GlossaryTerm

        terms = GlossaryTerm.objects.published().values_list("slug", "term", "synonyms")
        _current.update(version=version, linker=Linker(list(terms)))
    return _current["linker"]


def forget():
    """Drop this process's linker, so the next page builds it again from the database."""
    _current.update(version=None, linker=None)
