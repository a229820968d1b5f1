"""Find interface text in templates that is not marked for translation.

A template's words reach Spanish readers only through ``{% translate %}`` and
``{% blocktranslate %}``: anything else is shown in English on every page. This reads a
template the way Django's lexer does and returns the words it would show untranslated,
both between tags and in the attributes a person reads or hears (alt, title, aria-label,
placeholder, content). Run it as ``python -m portal.i18n.untranslated [template ...]``.
"""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"

# Attributes whose values are read aloud or shown; the rest (href, class, id) are code.
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "content", "aria-description"}
# Blocks whose text is not interface: translated wholesale, code, or a comment.
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
# Names, formats and symbols that read the same in both languages.
SAME_IN_BOTH = {
    "common",
    "ground",
    "csv",
    "json",
    "api",
    "atom",
    "rss",
    "pdf",
    "doj",
    "cops",
    "cri-tac",
    "ne",
    "tf",
    "ig",
    "utf-8",
    "openapi",
    "github",
    "totp",
    "url",
    "http",
    "https",
    "www",
    "viewport",
    "width",
    "device-width",
    "initial-scale",
    "noindex",
    "nofollow",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


class _TextCollector(HTMLParser):
    """Collects the human-readable text of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        # <meta name="viewport" content="..."> is configuration, not text.
        if tag == "meta" and dict(attrs).get("name") not in ("description", None):
            return
        self.texts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


def _is_language(text):
    """Whether the text holds a word a reader would need in their own language."""
    return any(w.lower() not in SAME_IN_BOTH for w in WORD.findall(text) if len(w) > 1)


def untranslated(source):
    """The untranslated pieces of interface text in a template's source."""
    html, skipping = [], None
    for token in Lexer(source).tokenize():
        if skipping:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skipping:
                skipping = None
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            skipping = SKIPPED_BLOCKS.get(name)
            html.append(" ")  # a tag separates text, and stands for its value in attributes
        elif token.token_type == TokenType.TEXT:
            html.append(token.contents)
        else:
            html.append(" ")
    collector = _TextCollector()
    collector.feed("".join(html))
    collector.close()
    pieces = (" ".join(text.split()) for text in collector.texts)
    return [piece for piece in pieces if _is_language(piece)]


def report(paths):
    """{template name: [untranslated pieces]} for the templates that have any."""
    found = {}
    for path in paths:
        pieces = untranslated(Path(path).read_text())
        if pieces:
            found[str(Path(path).relative_to(TEMPLATE_DIR))] = pieces
    return found


def all_templates():
    return sorted(TEMPLATE_DIR.rglob("*.html")) + sorted(TEMPLATE_DIR.rglob("*.txt"))


if __name__ == "__main__":
    import django

    django.setup()
    targets = [Path(p).resolve() for p in sys.argv[1:]] or all_templates()
    for name, pieces in report(targets).items():
        print(f"{name}:")
        for piece in pieces:
            print(f"    {piece}")
