"""The agencies app's models, a module for each part: people and agencies, bookmarks and
collections, the tracker; requests to join or add an agency, and the national tally, live
beside the code that uses them."""

# The order matters: joining and registration import the names above them from this package.
# ruff: noqa: I001

from .bookmarks import Bookmark, BookmarkQuerySet, Collection, CollectionQuerySet
from .people import (
    INVITATION_LIFETIME,
    US_STATES,
    Agency,
    AgencyKind,
    Invitation,
    InvitationQuerySet,
    Membership,
    Role,
    SizeBand,
    User,
)
from .tracker import NOT_RECORDED, ReportedStatus, Status, TrackerEntry

# Defined beside the code that uses them; imported here so Django finds them.
from ..joining import JoinRequest
from ..registration import AgencyRequest
from ..national import NationalTally

__all__ = [
    "INVITATION_LIFETIME",
    "NOT_RECORDED",
    "US_STATES",
    "Agency",
    "AgencyKind",
    "AgencyRequest",
    "Bookmark",
    "BookmarkQuerySet",
    "Collection",
    "CollectionQuerySet",
    "Invitation",
    "InvitationQuerySet",
    "JoinRequest",
    "Membership",
    "NationalTally",
    "ReportedStatus",
    "Role",
    "SizeBand",
    "Status",
    "TrackerEntry",
    "User",
]
