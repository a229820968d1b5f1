"""Load the Spanish versions of our own text from fixtures/es/, and count them (ADR 13).

Each file holds, per item, the Spanish columns only: ``{"model", "key", "fields":
{"summary_es": ...}}``. The rules are the English loader's, for the Spanish columns on
their own: a record identical to the row costs nothing; an item whose Spanish text a
curator has edited since the loader wrote it (its fingerprint no longer matches
``loaded_hash_es``) or has marked as reviewed is skipped; an item with a waiting draft is
held; nothing is ever deleted. Writing the Spanish columns never touches the English
ones, nor their fingerprint, so each language's edits are kept apart.
"""

import json
from functools import cache
from pathlib import Path

from django.apps import apps
from django.utils.translation import get_language

from . import indexing
from .content import (
    CREATED,
    FIXTURE_DIR,
    FIXTURES,
    HELD,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    ContentError,
    _drafted,
    fingerprint,
)

SPANISH_DIR = FIXTURE_DIR / "es"


@cache
def spanish_fields(model):
    """The model's Spanish columns: modeltranslation's (summary_es) and renderings."""
    return tuple(
        f.name
        for f in model._meta.local_fields
        if f.name.endswith("_es") and f.name != "loaded_hash_es"
    )


def in_spanish():
    """Whether the request (or an override block) is in Spanish."""
    return (get_language() or "en").startswith("es")


def has_spanish(item):
    """Whether any of the item's texts has a Spanish version (pages, API and coverage
    counts all say an item is translated by this)."""
    return any(getattr(item, name, None) for name in spanish_fields(type(item)))


def load(report, fixture_dir=SPANISH_DIR):
    """Load every Spanish file there is; return ``report`` (a content.LoadReport) with
    what was done to each item's Spanish version."""
    for model, filename in FIXTURES:
        path = Path(fixture_dir) / filename
        if not path.exists() or not spanish_fields(model):
            continue
        try:
            records = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise ContentError(f"Cannot read {path}: {exc}") from exc
        rows = {str(row.natural_key()[0]): row for row in model.objects.all()}
        drafted = _drafted(model)
        for position, record in enumerate(records, start=1):
            try:
                _load_record(model, record, rows, drafted, report)
            except (KeyError, TypeError, ValueError) as exc:
                raise ContentError(f"{path}, record {position}: {exc}") from exc
    return report


def _load_record(model, record, rows, drafted, report):
    if apps.get_model(record["model"]) is not model:
        raise ValueError(f"a {record['model']} record in the {model._meta.model_name} file")
    row = rows.get(str(record["key"]))
    if row is None:
        raise KeyError(f"no {model._meta.verbose_name} {record['key']!r} to translate")
    names = spanish_fields(model)
    unknown = set(record["fields"]) - set(names)
    if unknown:
        raise ValueError(f"not Spanish fields of {model._meta.model_name}: {sorted(unknown)}")
    wanted = {name: record["fields"].get(name, _empty(row, name)) for name in names}
    current = {name: getattr(row, name) for name in names}
    label = f"{row.key} in Spanish"
    if current == wanted:
        report.items.append((UNCHANGED, model._meta.verbose_name, label))
        return
    if row.pk in drafted:
        report.items.append((HELD, model._meta.verbose_name, label))
        return
    written_before = any(current.values())
    if row.spanish_reviewed or (written_before and fingerprint(current) != row.loaded_hash_es):
        report.items.append((SKIPPED, model._meta.verbose_name, label))
        return
    model.objects.filter(pk=row.pk).update(**wanted, loaded_hash_es=fingerprint(wanted))
    indexing.content_changed()  # the Spanish index is rebuilt once, at the batch's end
    status = UPDATED if written_before else CREATED
    report.items.append((status, model._meta.verbose_name, label))


def _empty(row, name):
    return [] if isinstance(getattr(row, name), list) else ""


def coverage():
    """{model verbose name plural: (items, reviewed, unreviewed, none)}: how many
    published items have a Spanish version, checked by a curator or not yet."""
    counts = {}
    for model, _filename in FIXTURES:
        names = spanish_fields(model)
        if not names:
            continue
        items = reviewed = unreviewed = 0
        for row in model.objects.published():
            items += 1
            if not has_spanish(row):
                continue
            if row.spanish_reviewed:
                reviewed += 1
            else:
                unreviewed += 1
        counts[str(model._meta.verbose_name_plural)] = (
            items,
            reviewed,
            unreviewed,
            items - reviewed - unreviewed,
        )
    return counts
