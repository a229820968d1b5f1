"""Move content between the fixture files in fixtures/ and the database.

Fixtures are Django serializer JSON with natural keys, one file per model, so they
also load with ``loaddata``. ``load`` is the careful path: it compares each record
with the row it would replace and never overwrites a row a curator has edited
since it was last loaded, nor deletes anything.
"""

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from modeltranslation.fields import TranslationField

from . import indexing
from .models import (
    ActionItem,
    Chapter,
    CrosswalkLink,
    DraftRevision,
    GlossaryTerm,
    Pillar,
    Program,
    ProgramTopic,
    Recommendation,
    Source,
    StakeholderAction,
    Topic,
    TopicQuestion,
)

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"

# Load order: every model comes after the models it refers to.
FIXTURES = [
    (Source, "sources.json"),
    (Topic, "topics.json"),
    (GlossaryTerm, "glossary.json"),
    (Pillar, "pillars.json"),
    (Chapter, "chapters.json"),
    (Recommendation, "recommendations.json"),
    (ActionItem, "action_items.json"),
    (StakeholderAction, "stakeholder_actions.json"),
    (Program, "programs.json"),
    (ProgramTopic, "program_topics.json"),
    (CrosswalkLink, "crosswalk.json"),
    (TopicQuestion, "topic_questions.json"),
]


class ContentError(Exception):
    """A fixture record that cannot be loaded; the message says which and why."""


CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
HELD = "held for a draft"


@dataclass
class LoadReport:
    """What a load did (or would do), item by item."""

    items: list[tuple[str, str, str]] = field(default_factory=list)
    # The Spanish versions (spanish.py), counted apart: one item, two loads.
    spanish: "LoadReport | None" = None

    def add(self, status, model, key):
        self.items.append((status, model._meta.verbose_name, key))

    def count(self, status):
        return sum(1 for item in self.items if item[0] == status)


# Publication is the database's business: fixtures hold published content only. The
# Spanish version has fixtures and rules of its own (spanish.py).
NOT_IN_FIXTURES = {"status", "spanish_reviewed"}


def content_fields(model):
    """The fields an English fixture carries: everything a curator can edit in English
    but its status."""
    # A relation with its own through model (a program's topics) is a fixture of its own.
    many = [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]
    return [
        f.name
        for f in [*model._meta.local_fields, *many]
        if f.editable
        and not f.primary_key
        and f.name not in NOT_IN_FIXTURES
        and not is_language_column(f)
    ]


def is_language_column(field):
    """A column of one language's version: summary_en and summary_es, which stand behind
    ``summary`` (modeltranslation), and a quote's Spanish rendering (wording_es)."""
    return isinstance(field, TranslationField) or field.name.endswith("_es")


def _canonical(data, model):
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    for m2m in model._meta.local_many_to_many:
        if m2m.name in data:
            data[m2m.name] = sorted(data[m2m.name], key=json.dumps)
    return data


def row_fields(instance):
    """A saved row as its fixture record's fields."""
    model = type(instance)
    [record] = serializers.serialize(
        "python",
        [instance],
        fields=content_fields(model),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    return _canonical(record["fields"], model)


def fingerprint(fields):
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


# Fields added to a model after databases were first loaded. A row loaded before a field
# existed was fingerprinted without it: while the field is still empty, the row is not a
# curator's edit, and the loader may fill the field in. (Migration 0008 re-fingerprinted
# rows instead, which works only until the next field is added.)
LATER_FIELDS = {
    "glossaryterm": ["synonyms"],
    "recommendation": ["explained_at"],
    "stakeholderaction": ["summary"],
}


def edited_by_curator(model, fields, loaded_hash, defaults):
    """Whether a row's fields differ from what load_content last wrote to it."""
    if fingerprint(fields) == loaded_hash:
        return False
    later = [
        name
        for name in LATER_FIELDS.get(model._meta.model_name, [])
        if fields.get(name) == defaults.get(name)
    ]
    for size in range(1, len(later) + 1):
        for names in itertools.combinations(later, size):
            older = {name: value for name, value in fields.items() if name not in names}
            if fingerprint(older) == loaded_hash:
                return False
    return True


def _defaults(model):
    """The fields of a new, empty row: what a fixture record that leaves a field out means."""
    names = content_fields(model)
    local = [f.name for f in model._meta.local_fields if f.name in names]
    [record] = serializers.serialize("python", [model()], fields=local)
    many = [f.name for f in model._meta.local_many_to_many if f.name in names]
    return {**record["fields"], **{name: [] for name in many}}


def _rows_by_natural_key(model):
    """Every row of the model, fetched with everything row_fields() reads."""
    names = content_fields(model)
    foreign_keys = [f.name for f in model._meta.local_fields if f.is_relation and f.name in names]
    many = [f.name for f in model._meta.local_many_to_many if f.name in names]
    rows = model.objects.select_related(*foreign_keys).prefetch_related(*many)
    return {row.natural_key(): row for row in rows}


def load(fixture_dir=FIXTURE_DIR, dry_run=False):
    from . import spanish  # which reads this module's rules

    report = LoadReport()
    # One transaction, and one rebuild of the search index at its end if anything changed.
    with indexing.batch(rebuild=not dry_run):
        for model, filename in FIXTURES:
            path = Path(fixture_dir) / filename
            try:
                records = json.loads(path.read_text())
            except (OSError, ValueError) as exc:
                raise ContentError(f"Cannot read {path}: {exc}") from exc
            rows = _rows_by_natural_key(model)
            defaults = _defaults(model)
            drafted = _drafted(model)
            for position, record in enumerate(records, start=1):
                try:
                    _load_record(model, record, rows, defaults, report, drafted)
                except (
                    DeserializationError,
                    ObjectDoesNotExist,
                    KeyError,
                    ValueError,
                    TypeError,
                ) as exc:
                    raise ContentError(f"{path}, record {position}: {exc}") from exc
        report.spanish = spanish.load(LoadReport(), Path(fixture_dir) / "es")
        if dry_run:
            transaction.set_rollback(True)
    return report


def _drafted(model):
    """The ids of the model's rows with a draft waiting (ADR 10)."""
    content_type = ContentType.objects.get_for_model(model)
    waiting = DraftRevision.objects.waiting().filter(content_type=content_type)
    return set(waiting.values_list("object_id", flat=True))


def _load_record(model, record, rows, defaults, report, drafted=frozenset()):
    natural_key = (record["fields"][model.natural_key_field],)
    existing = rows.get(natural_key)
    current_fields = row_fields(existing) if existing else None
    current_hash = fingerprint(current_fields) if existing else None
    # The common case, a record identical to its row, costs no query at all.
    if current_hash == fingerprint(_canonical({**defaults, **record["fields"]}, model)):
        report.add(UNCHANGED, model, existing.key)
        return

    [deserialized] = serializers.deserialize("python", [record])
    instance = deserialized.object
    if existing is not None:
        # A curator is changing the item: the load neither writes under the draft (whose
        # publication would then undo it) nor is undone by it.
        if existing.pk in drafted:
            report.add(HELD, model, existing.key)
            return
        if edited_by_curator(model, current_fields, existing.loaded_hash, defaults):
            report.add(SKIPPED, model, existing.key)
            return
        # Whether an item is published is the curators' call, never the fixture's.
        instance.status = existing.status
        instance.published_at, instance.published_by_id = (
            existing.published_at,
            existing.published_by_id,
        )
        status = UPDATED
    else:
        status = CREATED
    instance.save()
    for name, values in deserialized.m2m_data.items():
        getattr(instance, name).set(values)
    saved_hash = fingerprint(row_fields(instance))
    model.objects.filter(pk=instance.pk).update(loaded_hash=saved_hash)
    if saved_hash == current_hash:
        status = UNCHANGED  # the record only spelled the same values differently
    report.add(status, model, instance.key)


def export(fixture_dir=FIXTURE_DIR):
    """Write the published content back to the fixture files; return the paths."""
    paths = []
    for model, filename in FIXTURES:
        path = Path(fixture_dir) / filename
        text = serializers.serialize(
            "json",
            model.objects.published(),
            fields=content_fields(model),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            indent=2,
        )
        path.write_text(text + "\n")
        paths.append(path)
    return paths
