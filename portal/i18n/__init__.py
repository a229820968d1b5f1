"""The portal in two languages: English at today's addresses, Spanish under /es/ (ADR 13)."""

import re

_PREFIX = re.compile(r"^/es(?=/)")


def unprefixed(path):
    """The address without its language prefix: /es/me/ -> /me/."""
    return _PREFIX.sub("", path)
