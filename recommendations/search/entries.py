"""What the index holds for each public item: one unsaved ``SearchEntry`` per item,
built by one function per kind of content, then indexed under the glossary terms it
mentions (``add_glossary``).

Each builder takes the items to index, so the same code builds the whole index and
the entries of the one item a curator changed (``index.update_items``).
"""

from django.utils.translation import gettext as _

from ..models import (
    ActionItem,
    CrosswalkLink,
    GlossaryTerm,
    ItemType,
    Pillar,
    Program,
    ProgramTopic,
    Publication,
    Recommendation,
    StakeholderAction,
    Topic,
    TopicQuestion,
)
from .languages import SPANISH, current, fold
from .spelling import is_stop_word, phrase_stems, stem
from .text import term_token, words


def _entry(**fields):
    """An unsaved entry of the current language's index, built from the text in that
    language: modeltranslation gives each item's Spanish text while Spanish is active."""
    return current().entries(**fields)


def rendering(item, name):
    """A quoted field in the search language: in Spanish, our rendering where there is one."""
    english = getattr(item, name)
    if current() is SPANISH:
        return getattr(item, f"{name}_es", "") or english
    return english


def item_title(recommendation):
    return rendering(recommendation, "wording") or recommendation.summary


def pillar_name(pillar):
    return rendering(pillar, "name")


def chapter_title(chapter):
    return rendering(chapter, "title")


def glossary_forms(term):
    """Every form search treats as the term: its name first. Spanish adds the Spanish name
    and aliases, and keeps the English ones, which people use in Spanish too."""
    if current() is not SPANISH:
        return [term.term, *term.search_forms]
    forms = [term.term, *term.aliases_es, term.term_en, *term.search_forms]
    return list(dict.fromkeys(forms))


def stemmed_forms(term):
    """The glossary forms recognised in any of their forms (a language whose forms are
    read by stem): the term's name and aliases in that language, which its stemmer reads;
    not the English ones, which Spanish stems would mangle ("public data" would be
    "publicar datos")."""
    return [term.term, *term.aliases_es] if current().forms_by_stem else []


def _in_english(title):
    """Spanish entries also hold their English title (weight D): a reader of the Spanish
    pages may type the English name of a practice."""
    return [title] if current() is SPANISH else []


def origin(item) -> str:
    """Which item an entry was copied from, so that it can be replaced when the item
    changes, whatever its key was before."""
    return f"{item._meta.model_name}:{item.pk}"


def recommendation_entries(recommendations):
    for recommendation in recommendations.select_related(
        "source", "chapter", "pillar"
    ).prefetch_related("pillars", "topics"):
        topics = list(recommendation.topics.all())
        pillars = recommendation.all_pillars
        context = [t.name for t in topics] + [pillar_name(p) for p in pillars]
        if recommendation.chapter:
            context.append(chapter_title(recommendation.chapter))
        context += _in_english(recommendation.wording or recommendation.summary_en)
        yield _entry(
            origin=origin(recommendation),
            key=recommendation.key,
            type=ItemType.RECOMMENDATION,
            title=item_title(recommendation),
            keywords=" ".join(recommendation.keywords),
            body=recommendation.summary if recommendation.wording else "",
            context=". ".join(context),
            url=recommendation.get_absolute_url(),
            source=recommendation.source.slug,
            chapter=recommendation.chapter.number if recommendation.chapter else None,
            pillars=[p.number for p in pillars],
            topics=[t.slug for t in topics],
        )


def action_item_entries(actions):
    """Action items are found by their recommendation's title, keywords and pillars too."""
    for action in (
        actions.filter(recommendation__status=Publication.PUBLISHED)
        .select_related("recommendation__source", "recommendation__pillar")
        .prefetch_related("recommendation__topics", "recommendation__pillars")
    ):
        parent = action.recommendation
        pillars = parent.all_pillars
        yield _entry(
            origin=origin(action),
            key=action.key,
            type=ItemType.ACTION_ITEM,
            title=action.summary,
            keywords=" ".join(parent.keywords),
            context=". ".join([item_title(parent), *(pillar_name(p) for p in pillars)]),
            url=action.get_absolute_url(),
            source=parent.source.slug,
            pillars=[p.number for p in pillars],
            topics=[t.slug for t in parent.topics.all()],
        )


def stakeholder_action_entries(actions):
    for action in actions.select_related("source").prefetch_related("pillars", "topics"):
        topics = list(action.topics.all())
        yield _entry(
            origin=origin(action),
            key=action.key,
            type=ItemType.STAKEHOLDER_ACTION,
            title=rendering(action, "text"),
            context=". ".join(
                [_("Implementation Guide: %(group)s") % {"group": action.get_stakeholder_display()}]
                + [t.name for t in topics]
                + _in_english(action.text)
            ),
            url=action.get_absolute_url(),
            source=action.source.slug,
            pillars=[p.number for p in action.pillars.all()],
            topics=[t.slug for t in topics],
        )


def program_entries(programs):
    for program in programs.select_related("source").prefetch_related("pillars", "topics"):
        topics = list(program.topics.all())
        about = [program.summary, program.offers, program.who_can_ask, program.how_to_ask]
        yield _entry(
            origin=origin(program),
            key=program.key,
            type=ItemType.PROGRAM,
            title=f"{program.name} ({program.short_name})" if program.short_name else program.name,
            keywords=f"{program.sponsor}. {program.assistance_level}",
            body="\n".join([*about, program.requirements]),
            context=". ".join(t.name for t in topics),
            url=program.get_absolute_url(),
            source=program.source.slug,
            pillars=[p.number for p in program.pillars.all()],
            topics=[t.slug for t in topics],
        )


def reference_entries():
    """Pillars, topics and glossary terms: pages that answer "what is"."""
    for pillar in Pillar.objects.published().select_related("source"):
        yield _entry(
            origin=origin(pillar),
            key=pillar.key,
            type=ItemType.PILLAR,
            title=_("Pillar %(number)s: %(name)s")
            % {"number": pillar.number, "name": pillar_name(pillar)},
            body=pillar.summary,
            url=pillar.get_absolute_url(),
            source=pillar.source.slug,
            pillars=[pillar.number],
        )
    for topic in Topic.objects.published():
        yield _entry(
            origin=origin(topic),
            key=topic.key,
            type=ItemType.TOPIC,
            title=topic.name,
            body=topic.description,
            url=topic.get_absolute_url(),
            topics=[topic.slug],
        )
    for term in GlossaryTerm.objects.published().prefetch_related("topics"):
        yield _entry(
            origin=origin(term),
            key=term.key,
            type=ItemType.GLOSSARY,
            title=term.term,
            keywords=", ".join(glossary_forms(term)[1:]),
            body=term.definition,
            url=term.get_absolute_url(),
            topics=[t.slug for t in term.topics.all()],
        )


def content_entries():
    """Yield unsaved SearchEntry rows for every public item, before add_glossary."""
    yield from recommendation_entries(Recommendation.objects.published())
    yield from action_item_entries(ActionItem.objects.published())
    yield from stakeholder_action_entries(StakeholderAction.objects.published())
    yield from program_entries(Program.objects.published())
    yield from reference_entries()


def item_entries(item):
    """The entries of one item of guidance (none if it is a draft), and the origins of
    the entries they replace: a recommendation's entry holds its action items' too, as
    theirs hold its title. None for content that other entries are built from (a
    topic's name, a glossary term's aliases): changing it means a full rebuild."""
    model = type(item)
    if model in (CrosswalkLink, TopicQuestion):
        return [], []  # shown on pages, never searched
    if model is ProgramTopic:  # the program's entry lists its topics
        return item_entries(item.program)
    if model is Recommendation:
        actions = ActionItem.objects.published().filter(recommendation=item)
        every_action = ActionItem.objects.filter(recommendation=item)
        origins = [origin(item), *(origin(a) for a in every_action)]
        found = Recommendation.objects.published().filter(pk=item.pk)
        return origins, [*recommendation_entries(found), *action_item_entries(actions)]
    builders = {
        ActionItem: action_item_entries,
        StakeholderAction: stakeholder_action_entries,
        Program: program_entries,
    }
    if model not in builders:
        return None
    return [origin(item)], list(builders[model](model.objects.published().filter(pk=item.pk)))


def glossary_matcher(terms):
    """A function giving the glossary terms whose term or alias a text contains (in a
    language that reads forms by stem, a phrase of two or more words in any form)."""
    phrases, stemmed = {}, {}
    for term in terms:
        for phrase in glossary_forms(term):
            normal = tuple(words(phrase))
            if normal:
                phrases[normal] = term
                phrases.setdefault(tuple(words(fold(phrase))), term)  # typed without accents
        for phrase in stemmed_forms(term):
            if len(phrase_stems(words(phrase))) > 1:
                stemmed.setdefault(phrase_stems(words(phrase)), term)
    longest = max(map(len, phrases), default=0)
    first_stems = {key[0] for key in stemmed}  # where a phrase's other form may start

    def matches(text):
        # At each word, the longest phrase that starts there (words are [a-z0-9]+, see
        # text.WORD, so a phrase is a run of whole words); a mention that starts inside a
        # longer one still counts. A dictionary of word runs, not one regular expression of
        # every phrase: the index rebuild spent half a second here.
        tokens = words(text)
        # Each word's stem, None for a stop word, which a phrase's stems leave out.
        token_stems = [None if is_stop_word(t) else stem(t) for t in tokens] if stemmed else ()
        found = set()
        for start in range(len(tokens)):
            for size in range(min(longest, len(tokens) - start), 0, -1):
                term = phrases.get(tuple(tokens[start : start + size]))
                if term is None and size > 1 and token_stems and token_stems[start] in first_stems:
                    run = token_stems[start : start + size]
                    term = stemmed.get(tuple(s for s in run if s is not None))
                if term is not None:
                    found.add(term)
                    break
        return sorted(found, key=lambda term: term.slug)

    return matches


def add_glossary(entry, glossary_in):
    """Index an entry under the glossary terms it mentions; return it.

    A document that mentions a glossary term in any of its forms is indexed under all
    of them (weight B), so a query for any alias finds it, and under the term's token,
    which a query naming the term in any form looks for.
    """
    terms = glossary_in(f"{entry.title} {entry.body} {entry.keywords} {entry.context}")
    forms = [form for term in terms if entry.key != term.key for form in glossary_forms(term)]
    tokens = [term_token(term.slug) for term in terms]
    entry.keywords = " ".join(filter(None, [entry.keywords, *forms, *tokens]))
    entry.title_terms = ". ".join(
        f"{term.term} {term_token(term.slug)}" for term in glossary_in(entry.title)
    )
    return entry
