"""What's new: recently published and updated content, as a page and as Atom feeds."""

from heapq import nlargest

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.http import READ_ONLY

from .models import GlossaryTerm, Program, Recommendation, StakeholderAction, Topic

LIMIT = 50


def recent_changes(topic=None, limit=LIMIT):
    """The most recently updated published items, newest first (one query per kind)."""
    kinds = [Recommendation, StakeholderAction, Program, GlossaryTerm]
    items = []
    for model in kinds:
        queryset = model.objects.published()
        if topic is not None:
            queryset = queryset.filter(topics=topic)
        items.extend(queryset.order_by("-updated_at")[:limit])
    return nlargest(limit, items, key=lambda item: item.updated_at)


class WhatsNewFeed(Feed):
    allowed_methods = READ_ONLY
    feed_type = Atom1Feed
    title = _("Common Ground: what's new")
    link = "/whats-new/"
    subtitle = _("Policing reform guidance recently published or updated on Common Ground.")

    def items(self):
        return recent_changes()

    def item_title(self, item):
        return f"{item.key}: {item.title}"

    def item_description(self, item):
        return getattr(item, "summary", "") or getattr(item, "definition", "") or item.title

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.published_at or item.updated_at


class TopicFeed(WhatsNewFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.published(), slug=slug)

    def title(self, topic):
        return gettext("Common Ground: what's new on %(topic)s") % {"topic": topic.name}

    def link(self, topic):
        return topic.get_absolute_url()

    def subtitle(self, topic):
        return topic.description

    def items(self, topic):
        return recent_changes(topic)
