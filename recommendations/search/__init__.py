"""Search across every public item, inside PostgreSQL.

``rebuild_index()`` copies the content into ``SearchEntry`` rows, whose stored,
weighted ``tsvector`` column has a GIN index, and records the vocabulary used to
correct typos. ``search()`` turns what a person typed into one ranked query:

- each word (or glossary phrase, or quoted phrase) becomes a *group* of
  alternatives: the word itself and its hyphen-free compound. A glossary term or
  alias, quoted or not, becomes the term's token: a document that mentions a
  glossary term in any form is indexed under all its forms and under one made-up
  word for the term, so the token finds everything any alias would, with one
  lookup and no phrase check;
- a result needs to match one group, not all of them (at least half of them when
  the words are so common that one would match thousands of items), and ranks by
  how many groups it matches, how well its title matches, then ``ts_rank``;
- a word that is not in the corpus vocabulary is corrected to the closest
  vocabulary word (edit distance, ties broken by frequency);
- ``"quoted phrases"``, ``-exclusions`` and ``or`` work as in web search.

Only features every PostgreSQL 15+ has are used: no pg_trgm, no unaccent.
"""

# The package reads in the order a search runs: text.py (words and tokens),
# entries.py (what the index holds for each item), index.py (storing it, whole or one
# item at a time), data.py (what a search loads besides), query.py and spelling.py
# (reading the query), keys.py (a query that is a key), matching.py (which entries
# match and what each word weighs), ranking.py (a search, start to end),
# statement.py (its SQL), suggest.py (help when nothing matches).
from . import ranking, statement
from .data import CACHE_KEY, VERSION_KEY, IndexData, index_data
from .entries import add_glossary, content_entries, glossary_matcher
from .index import rebuild_index, replace_index, update_items
from .matching import group_weight
from .query import Group, ParsedQuery, parse
from .ranking import PAGE_SIZE, SearchResults, about, ranked_keys, search
from .text import term_token, words

MAX_QUERY_LENGTH = 500

__all__ = [
    "CACHE_KEY",
    "Group",
    "IndexData",
    "MAX_QUERY_LENGTH",
    "PAGE_SIZE",
    "ParsedQuery",
    "SearchResults",
    "VERSION_KEY",
    "about",
    "add_glossary",
    "content_entries",
    "glossary_matcher",
    "group_weight",
    "index_data",
    "parse",
    "ranked_keys",
    "ranking",
    "statement",
    "rebuild_index",
    "replace_index",
    "update_items",
    "search",
    "term_token",
    "words",
]
