"""What needs a curator's attention, for the admin index: each a count and the filtered
list that shows those items."""

from dataclasses import dataclass

from django.urls import reverse

from .admin.content import not_reviewed_in_a_year
from .models import (
    ActionItem,
    DraftRevision,
    GlossaryTerm,
    LinkCheck,
    Program,
    Recommendation,
    StakeholderAction,
    Topic,
)

# The kinds of content readers read as guidance or reference; a year without review is
# worth a look for each.
REVIEWED_KINDS = [Recommendation, ActionItem, StakeholderAction, Program, GlossaryTerm, Topic]
UNVERIFIED_KINDS = [Recommendation, ActionItem]


@dataclass(frozen=True)
class Attention:
    label: str
    count: int
    url: str


def _changelist(model, query):
    return reverse(f"admin:recommendations_{model._meta.model_name}_changelist") + query


def needs_attention(user):
    """The counts this user may act on, in the order a curator would take them."""
    if not user.has_perm("recommendations.change_recommendation"):
        return []
    found = [
        Attention(
            "Drafts waiting to be published or discarded",
            DraftRevision.objects.waiting().count(),
            _changelist(DraftRevision, "?state__exact=waiting"),
        ),
        Attention(
            "Broken links found by check_links",
            LinkCheck.objects.broken().count(),
            _changelist(LinkCheck, "?ok__exact=0"),
        ),
    ]
    for model in UNVERIFIED_KINDS:
        found.append(
            Attention(
                f"{model._meta.verbose_name_plural.capitalize()} not yet verified",
                model.objects.filter(uncertain=True).count(),
                _changelist(model, "?uncertain__exact=1"),
            )
        )
    for model in REVIEWED_KINDS:
        found.append(
            Attention(
                f"{model._meta.verbose_name_plural.capitalize()} not reviewed in a year",
                model.objects.filter(not_reviewed_in_a_year()).count(),
                _changelist(model, "?reviewed=stale"),
            )
        )
    return found
