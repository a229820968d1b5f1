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


def make_user(username="alice", password="correct horse battery staple", verified=True, **fields):
    """An account as sign-up leaves it: with its address as allauth's primary EmailAddress,
    verified unless told otherwise."""
    from allauth.account.models import EmailAddress

    from agencies.models import User

    fields.setdefault("email", f"{username}@example.org")
    user = User.objects.create_user(username=username, password=password, **fields)
    if user.email:
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


def make_totp(user):
    """Turn on two-factor sign-in for the user; return a function giving the current code."""
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return lambda: format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def make_agency(name="Springfield Police Department", coordinator=None, **fields):
    from django.utils.text import slugify

    from agencies.models import Agency, Membership, Role

    fields.setdefault("kind", "municipal")
    fields.setdefault("state", "IL")
    agency = Agency.objects.create(name=name, slug=slugify(name), **fields)
    if coordinator:
        Membership.objects.create(user=coordinator, agency=agency, role=Role.COORDINATOR)
    return agency


def client_for(user):
    """A test client signed in as this person (signed out for None)."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client
