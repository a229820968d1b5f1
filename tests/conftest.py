import pytest

from . import content_database


def pytest_configure(config):
    content_database.start_run()


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_modify_db_settings, django_db_blocker):
    """The test database with the real content, copied from the run's template (see
    content_database); each test then runs in a transaction that is rolled back."""
    from django.test.utils import teardown_databases

    with django_db_blocker.unblock():
        made = content_database.set_up()
    yield
    with django_db_blocker.unblock():
        teardown_databases(made, verbosity=0)
        content_database.drop_template()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages never leak between tests."""
    from django.core.cache import cache

    from agencies import rendered
    from portal import fragments, middleware

    cache.clear()
    middleware.local_pages.clear()
    rendered.local_parts.clear()
    fragments.local_fragments.clear()
    # The memo of the content version goes too: a token read in an earlier test would
    # otherwise outlive the cleared cache for up to PAGE_VERSION_CHECK_SECONDS, and a slow
    # render could see it change between two requests of one test.
    middleware._version.update(token=None, read_at=float("-inf"))


@pytest.fixture(autouse=True)
def english_between_tests():
    """Each test starts in English. LocaleMiddleware leaves the language of a request to a
    Spanish page active in the thread; a later test that saves content would then write
    into the Spanish columns what it means for the English ones (ADR 13)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser (behind ``admin_client``), with the second factor that the
    admin requires of staff."""
    from .factories import make_totp

    make_totp(admin_user)
    return admin_user


# People and an agency that many tests share: Alice coordinates it, Bob is a member,
# Mallory has no agency. A test module may define its own with the same names.
@pytest.fixture
def alice():
    from .factories import make_user

    return make_user("alice")


@pytest.fixture
def bob():
    from .factories import make_user

    return make_user("bob")


@pytest.fixture
def outsider():
    from .factories import make_user

    return make_user("mallory")


@pytest.fixture
def agency(alice, bob):
    from agencies.models import Membership, Role

    from .factories import make_agency

    agency = make_agency(coordinator=alice)
    Membership.objects.create(user=bob, agency=agency, role=Role.MEMBER)
    return agency
