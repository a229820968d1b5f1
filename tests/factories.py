"""Tiny helpers that write fixture records in the format of fixtures/."""

import json
from pathlib import Path

from recommendations import content


def make_source_record(slug="test-source", **fields):
    return {
        "model": "recommendations.source",
        "fields": {
            "slug": slug,
            "position": 99,
            "title": "A test publication",
            "short_title": "Test publication",
            "publisher": "Test Publisher",
            "description": "Used by the tests.",
            "copy_file": "none",
            **fields,
        },
    }


def make_recommendation_record(key, source="test-source", **fields):
    return {
        "model": "recommendations.recommendation",
        "fields": {"key": key, "source": [source], "wording": f"Wording of {key}.", **fields},
    }


def write_fixtures(directory: Path, records_by_file: dict[str, list]) -> Path:
    """Write a complete fixture directory: every file the loader expects, most of them empty."""
    for _model, filename in content.FIXTURES:
        records = records_by_file.get(filename, [])
        (directory / filename).write_text(json.dumps(records))
    return directory
