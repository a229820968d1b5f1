"""The knowledge content, in three modules: the catalogue and what all content shares
(content), recommendations and their actions (recommendations), and what search reads
(search_index)."""

from .content import (
    Chapter,
    Content,
    ContentQuerySet,
    GlossaryTerm,
    Pillar,
    Program,
    Publication,
    Source,
    Topic,
)
from .drafts import DraftRevision, DraftState
from .guides import CrosswalkLink, ProgramTopic, TopicQuestion
from .links import LinkCheck
from .recommendations import (
    RECOMMENDATION_KEY,
    ActionItem,
    Actor,
    Recommendation,
    RecommendationQuerySet,
    Stakeholder,
    StakeholderAction,
)
from .search_index import ItemType, SearchEntry, SearchWord, SpanishSearchEntry, SpanishSearchWord

__all__ = [
    "RECOMMENDATION_KEY",
    "ActionItem",
    "Actor",
    "Chapter",
    "CrosswalkLink",
    "DraftRevision",
    "DraftState",
    "Content",
    "ContentQuerySet",
    "GlossaryTerm",
    "ItemType",
    "LinkCheck",
    "Pillar",
    "Program",
    "ProgramTopic",
    "Publication",
    "Recommendation",
    "RecommendationQuerySet",
    "SearchEntry",
    "SearchWord",
    "SpanishSearchEntry",
    "SpanishSearchWord",
    "Source",
    "Stakeholder",
    "StakeholderAction",
    "Topic",
    "TopicQuestion",
]
