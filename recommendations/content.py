"""Move content between the fixture files in fixtures/ and the database.

Fixtures are Django serializer JSON with natural keys, one file per model, so they
also load with ``loaddata``. ``load`` is the careful path: it compares each record
with the row it would replace and never overwrites a row a curator has edited
since it was last loaded, nor deletes anything.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from .models import (
    ActionItem,
    Chapter,
    Pillar,
    Program,
    Recommendation,
    Source,
    StakeholderAction,
    Topic,
)

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"

# Load order: every model comes after the models it refers to.
FIXTURES = [
    (Source, "sources.json"),
    (Topic, "topics.json"),
    (Pillar, "pillars.json"),
    (Chapter, "chapters.json"),
    (Recommendation, "recommendations.json"),
    (ActionItem, "action_items.json"),
    (StakeholderAction, "stakeholder_actions.json"),
    (Program, "programs.json"),
]


class ContentError(Exception):
    """A fixture record that cannot be loaded; the message says which and why."""


CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"


@dataclass
class LoadReport:
    """What a load did (or would do), item by item."""

    items: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, status, model, key):
        self.items.append((status, model._meta.verbose_name, key))

    def count(self, status):
        return sum(1 for item in self.items if item[0] == status)


def content_fields(model):
    """The fields a fixture carries: everything a curator can edit."""
    return [
        f.name
        for f in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if f.editable and not f.primary_key
    ]


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


def _record_fields(deserialized, record, model):
    """A fixture record's fields with defaults filled in, comparable with row_fields()."""
    local = [f.name for f in model._meta.local_fields if f.name in content_fields(model)]
    [built] = serializers.serialize(
        "python",
        [deserialized.object],
        fields=local,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    fields = built["fields"]
    for m2m in model._meta.local_many_to_many:
        fields[m2m.name] = record["fields"].get(m2m.name, [])
    return _canonical(fields, model)


def load(fixture_dir=FIXTURE_DIR, dry_run=False):
    report = LoadReport()
    with transaction.atomic():
        for model, filename in FIXTURES:
            path = Path(fixture_dir) / filename
            try:
                records = json.loads(path.read_text())
            except (OSError, ValueError) as exc:
                raise ContentError(f"Cannot read {path}: {exc}") from exc
            for position, record in enumerate(records, start=1):
                try:
                    _load_record(model, record, report)
                except (DeserializationError, ObjectDoesNotExist, ValueError, TypeError) as exc:
                    raise ContentError(f"{path}, record {position}: {exc}") from exc
        if dry_run:
            transaction.set_rollback(True)
    return report


def _load_record(model, record, report):
    [deserialized] = serializers.deserialize("python", [record])
    instance = deserialized.object
    wanted = _record_fields(deserialized, record, model)
    wanted_hash = fingerprint(wanted)
    key = instance.key

    existing = model.objects.filter(pk=instance.pk).first() if instance.pk else None
    if existing is not None:
        current_hash = fingerprint(row_fields(existing))
        if current_hash == wanted_hash:
            if existing.loaded_hash != wanted_hash:
                model.objects.filter(pk=existing.pk).update(loaded_hash=wanted_hash)
            report.add(UNCHANGED, model, key)
            return
        if current_hash != existing.loaded_hash:
            report.add(SKIPPED, model, key)
            return
        status = UPDATED
    else:
        status = CREATED

    instance.loaded_hash = wanted_hash
    instance.save()
    for name, values in deserialized.m2m_data.items():
        getattr(instance, name).set(values)
    report.add(status, model, key)


def export(fixture_dir=FIXTURE_DIR):
    """Write the database's content back to the fixture files; return the paths."""
    paths = []
    for model, filename in FIXTURES:
        path = Path(fixture_dir) / filename
        text = serializers.serialize(
            "json",
            model.objects.all(),
            fields=content_fields(model),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            indent=2,
        )
        path.write_text(text + "\n")
        paths.append(path)
    return paths
