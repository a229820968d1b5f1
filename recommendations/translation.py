"""Which of our own texts have a Spanish version (ADR 13).

django-modeltranslation gives each field named here a column per language
(``summary_en``, ``summary_es``) in the item's own row, so a Spanish page reads the same
rows with no join, and ``item.summary`` is the text in the language of the request, the
English one while an item has no Spanish version yet.

Quoted wording is not here: a quote stays in English on every page. Its Spanish
rendering, shown beside it and labelled as our unofficial translation, is a plain field
of its own (``wording_es``, ``text_es``, ``title_es``, ``introduction_es``, ``name_es``),
as are a glossary term's Spanish search aliases (``aliases_es``).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    ActionItem,
    CrosswalkLink,
    GlossaryTerm,
    Pillar,
    Program,
    ProgramTopic,
    Recommendation,
    StakeholderAction,
    Topic,
    TopicQuestion,
)


@register(Recommendation)
class RecommendationText(TranslationOptions):
    fields = ("summary",)


@register(ActionItem)
class ActionItemText(TranslationOptions):
    fields = ("summary",)


@register(StakeholderAction)
class StakeholderActionText(TranslationOptions):
    fields = ("summary",)


@register(Topic)
class TopicText(TranslationOptions):
    fields = ("name", "description")


@register(TopicQuestion)
class TopicQuestionText(TranslationOptions):
    fields = ("text",)


@register(Pillar)
class PillarText(TranslationOptions):
    fields = ("summary",)


@register(Program)
class ProgramText(TranslationOptions):
    fields = (
        "summary",
        "offers",
        "who_can_ask",
        "how_to_ask",
        "requirements",
        "cost",
        "intensity",
        "results_published",
    )


@register(GlossaryTerm)
class GlossaryTermText(TranslationOptions):
    fields = ("term", "definition")


@register(CrosswalkLink)
class CrosswalkLinkText(TranslationOptions):
    fields = ("reason",)


@register(ProgramTopic)
class ProgramTopicText(TranslationOptions):
    fields = ("reason",)
