"""Keep the search index in step with the content, in the same transaction as the change.

Every save or delete of content updates the index before its transaction commits, so
search never shows a draft or a deleted item, not even for an instant, and the change
and the index become visible together. Once the transaction commits, cached pages are
forgotten everywhere (``search.index`` bumps the content version in the shared cache).

A change of one item of guidance (a recommendation, an action, a program) replaces only
that item's entries. Anything else, a deletion, a glossary term or topic that other
entries are built from, or many changes at once, rebuilds the whole index. Work that
changes many rows, the loader or one admin form with its relations, runs in a
``batch()``, which updates the index once at its end.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

# Beyond this many changed items, one rebuild is quicker than updating each.
MOST_ITEMS_UPDATED = 50
EVERYTHING = None  # a change that needs a full rebuild

# The open batch's changed items (EVERYTHING for a rebuild), or None outside a batch.
_batch: ContextVar[list | None] = ContextVar("search_index_batch", default=None)


def content_changed(item=EVERYTHING):
    """Call after content changed, inside the transaction that changed it: `item` is
    the saved item, or nothing when it was deleted or when many rows changed."""
    pending = _batch.get()
    if pending is not None:
        pending.append(item)
        return
    _update([item])


def _update(changed):
    from . import search

    items = list({(type(i), i.pk): i for i in changed if i is not EVERYTHING}.values())
    whole = EVERYTHING in changed or len(items) > MOST_ITEMS_UPDATED
    if whole or not search.update_items(items):
        search.rebuild_index()


@contextmanager
def batch(rebuild=True):
    """Run a block in one transaction and update the index once at its end, if anything
    changed (and ``rebuild`` is true: a dry run that rolls back need not)."""
    if _batch.get() is not None:  # inside another batch, which updates at its own end
        yield
        return
    pending = []
    token = _batch.set(pending)
    try:
        with transaction.atomic():
            yield
            _batch.reset(token)
            token = None
            if pending and rebuild:
                _update(pending)
    finally:
        if token is not None:
            _batch.reset(token)
