"""What needs a curator's attention, for the admin index: each a count and the filtered
list that shows those items."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
# worth a look for each. Whole sentences, one per kind, for the translators.
NOT_REVIEWED = {
    Recommendation: _("Recommendations not reviewed in a year"),
    ActionItem: _("Action items not reviewed in a year"),
    StakeholderAction: _("Stakeholder actions not reviewed in a year"),
    Program: _("Programs not reviewed in a year"),
    GlossaryTerm: _("Glossary terms not reviewed in a year"),
    Topic: _("Topics not reviewed in a year"),
}
NOT_VERIFIED = {
    Recommendation: _("Recommendations not yet verified"),
    ActionItem: _("Action items not yet verified"),
}


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
            gettext("Drafts waiting to be published or discarded"),
            DraftRevision.objects.waiting().count(),
            _changelist(DraftRevision, "?state__exact=waiting"),
        ),
        Attention(
            gettext("Broken links found by check_links"),
            LinkCheck.objects.broken().count(),
            _changelist(LinkCheck, "?ok__exact=0"),
        ),
    ]
    for model, label in NOT_VERIFIED.items():
        found.append(
            Attention(
                str(label),
                model.objects.filter(uncertain=True).count(),
                _changelist(model, "?uncertain__exact=1"),
            )
        )
    for model, label in NOT_REVIEWED.items():
        found.append(
            Attention(
                str(label),
                model.objects.filter(not_reviewed_in_a_year()).count(),
                _changelist(model, "?reviewed=stale"),
            )
        )
    return found
