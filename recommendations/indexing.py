"""Keep the search index in step with the content, in the same transaction as the change.

Every save or delete of content rebuilds the index before its transaction commits, so
search never shows a draft or a deleted item, not even for an instant, and the change
and the index become visible together. Once the transaction commits, cached pages are
forgotten everywhere (``search.replace_index`` bumps the content version in the
shared cache). Work that changes many rows at once, the loader or one admin form with
its relations, runs in a ``batch()``, which rebuilds once at its end.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

# The open batch's record of whether anything changed, or None outside a batch.
_batch: ContextVar[list | None] = ContextVar("search_index_batch", default=None)


def content_changed():
    """Call after content changed, inside the transaction that changed it."""
    pending = _batch.get()
    if pending is not None:
        pending.append(True)
        return
    from . import search

    search.rebuild_index()


@contextmanager
def batch(rebuild=True):
    """Run a block in one transaction and rebuild the index once at its end, if anything
    changed (and ``rebuild`` is true: a dry run that rolls back need not)."""
    if _batch.get() is not None:  # inside another batch, which rebuilds at its own end
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
                from . import search

                search.rebuild_index()
    finally:
        if token is not None:
            _batch.reset(token)
