import re

from django.conf import settings
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from portal.http import read_only

from . import guides, search
from .feeds import recent_changes
from .filters import RecommendationFilter, SearchFilter
from .forms import SearchForm
from .models import (
    ActionItem,
    Chapter,
    ItemType,
    Pillar,
    Program,
    Publication,
    Recommendation,
    Source,
    Stakeholder,
    StakeholderAction,
    Topic,
)
from .search.suggest import nearest


def _recommendations():
    return (
        Recommendation.objects.published()
        .select_related("source", "chapter", "pillar")
        .prefetch_related("pillars", "topics")
    )


PUBLISHED = Publication.PUBLISHED


class PillarListView(ListView):
    queryset = Pillar.objects.published().annotate(
        task_force_count=Count(
            "task_force_recommendations",
            filter=Q(task_force_recommendations__status=PUBLISHED),
            distinct=True,
        ),
        new_era_count=Count(
            "building_recommendations",
            filter=Q(building_recommendations__status=PUBLISHED),
            distinct=True,
        ),
    )


@read_only
def pillar_detail(request, number, slug):
    pillar = get_object_or_404(
        Pillar.objects.visible_to(request.user).select_related("source"), number=number
    )
    if slug != pillar.slug:
        return redirect(pillar, permanent=True)
    # Even unread, building these querysets took a third of a kept page's time.
    lists = {
        "task_force_recommendations": lambda: (
            pillar.task_force_recommendations.published()
            .select_related("source")
            .prefetch_related(Prefetch("action_items", queryset=ActionItem.objects.published()))
        ),
        "new_era_recommendations": lambda: (
            pillar.building_recommendations.published().select_related("chapter")
        ),
        "chapters": lambda: pillar.chapters.published(),
        "programs": lambda: pillar.programs.published(),
        "stakeholder_actions": lambda: pillar.stakeholder_actions.published(),
    }
    context = {name: SimpleLazyObject(build) for name, build in lists.items()}
    return render(request, "recommendations/pillar_detail.html", {"pillar": pillar, **context})


@read_only
def chapter_detail(request, number, slug):
    chapter = get_object_or_404(
        Chapter.objects.visible_to(request.user)
        .select_related("source")
        .prefetch_related("pillars"),
        number=number,
    )
    if slug != chapter.slug:
        return redirect(chapter, permanent=True)
    return render(
        request,
        "recommendations/chapter_detail.html",
        {
            "chapter": chapter,
            "recommendations": chapter.recommendations.published(),
        },
    )


class RecommendationListView(ListView):
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.filterset = RecommendationFilter(request.GET or None, queryset=_recommendations())
        if self.filterset.is_bound and not self.filterset.is_valid():
            return render(
                request,
                "recommendations/recommendation_list.html",
                {"filter": self.filterset, "error": self.filterset.error_message()},
                status=400,
            )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


def _action_item_address(request, slug):
    """An action item's key in the address ('TF-1.4.2', 'tf-1-4-2') leads to its place on
    its recommendation's page."""
    match = re.fullmatch(r"tf-(\d{1,2})[-.](\d{1,2})[-.](\d{1,2})", slug.lower())
    if match is None:
        raise Http404("No recommendation has that key.")
    key = "TF-" + ".".join(str(int(n)) for n in match.groups())
    action = get_object_or_404(
        ActionItem.objects.visible_to(request.user).select_related("recommendation"), key=key
    )
    return redirect(action.get_absolute_url(), permanent=True)


@read_only
def recommendation_detail(request, slug):
    key = Recommendation.key_from_slug(slug)
    if key is None:
        return _action_item_address(request, slug)
    recommendation = get_object_or_404(
        Recommendation.objects.visible_to(request.user).select_related(
            "source", "chapter", "pillar"
        ),
        key=key,
    )
    if slug != recommendation.slug:
        return redirect(recommendation, permanent=True)
    siblings = (
        Recommendation.objects.published()
        .filter(source_id=recommendation.source_id)
        .only("key", "wording", "summary")
    )
    section, number = recommendation.section, recommendation.number
    previous = siblings.filter(
        Q(section__lt=section) | Q(section=section, number__lt=number)
    ).order_by("-section", "-number")
    following = siblings.filter(
        Q(section__gt=section) | Q(section=section, number__gt=number)
    ).order_by("section", "number")
    # Read only if the page's content part is rendered, not when it is kept (fragments).
    return render(
        request,
        "recommendations/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "prepare_content": lambda: prefetch_related_objects(
                [recommendation],
                "pillars",
                "topics",
                Prefetch("action_items", queryset=ActionItem.objects.published()),
            ),
            "previous": SimpleLazyObject(previous.first),
            "next": SimpleLazyObject(following.first),
            "related": SimpleLazyObject(lambda: guides.related_links(recommendation)),
            "programs": SimpleLazyObject(
                lambda: guides.program_links([t.pk for t in recommendation.topics.all()])
            ),
            # The canonical address (SITE_URL), whatever host this page was reached by.
            "page_url": settings.SITE_URL + recommendation.get_absolute_url(),
        },
    )


class ProgramListView(ListView):
    queryset = Program.objects.published().prefetch_related("topics")


class ProgramDetailView(DetailView):
    def get_queryset(self):
        return (
            Program.objects.visible_to(self.request.user)
            .select_related("source")
            .prefetch_related("pillars")
        )

    def get_context_data(self, **kwargs):
        links = (
            self.object.topic_links.published()
            .filter(topic__status=PUBLISHED)
            .select_related("topic")
            .annotate(
                recommendation_count=Count(
                    "topic__recommendations",
                    filter=Q(topic__recommendations__status=PUBLISHED),
                    distinct=True,
                )
            )
        )
        return super().get_context_data(topic_links=links, **kwargs)


class TopicListView(ListView):
    queryset = Topic.objects.published().annotate(
        recommendation_count=Count(
            "recommendations", filter=Q(recommendations__status=PUBLISHED), distinct=True
        ),
        program_count=Count("programs", filter=Q(programs__status=PUBLISHED), distinct=True),
    )


class StakeholderActionListView(ListView):
    queryset = StakeholderAction.objects.published().select_related("source")

    def get_context_data(self, **kwargs):
        groups = [
            (label, [a for a in self.object_list if a.stakeholder == value])
            for value, label in Stakeholder.choices
        ]
        return super().get_context_data(groups=groups, **kwargs)


@read_only
def stakeholder_action_detail(request, slug):
    action = get_object_or_404(
        StakeholderAction.objects.visible_to(request.user)
        .select_related("source")
        .prefetch_related("pillars", "topics"),
        key=f"IG-{slug}",
    )
    return render(request, "recommendations/stakeholderaction_detail.html", {"action": action})


class SourceListView(ListView):
    queryset = Source.objects.published()

    def get_context_data(self, **kwargs):
        corrected = Q(note__gt="")
        return super().get_context_data(
            corrected_chapters=Chapter.objects.published().filter(corrected),
            corrected_recommendations=Recommendation.objects.published().filter(corrected),
            unverified_count=Recommendation.objects.published().filter(uncertain=True).count()
            + ActionItem.objects.published().filter(uncertain=True).count(),
            **kwargs,
        )


def run_search(request):
    """Validate the query string and search; return (results, forms, error message)."""
    form = SearchForm(request.GET)
    data = search.index_data()
    facets = SearchFilter(request.GET, labels=data.labels)
    if not form.is_valid() or not facets.is_valid():
        errors = [" ".join(e) for e in form.errors.values()] + [facets.error_message()]
        return None, form, facets, " ".join(e for e in errors if e)
    query = form.cleaned_data
    results = search.search(
        query["q"], facets.chosen(), page=query["page"] or 1, correct=not query["exact"]
    )
    return results, form, facets, None


def _facet_groups(request, results, facets):
    """Each facet with its values as links that add (or remove) that filter."""
    chosen = facets.chosen()
    type_labels = dict(ItemType.choices)
    groups = []
    for name, values in results.facets.items():
        links = []
        for facet in values:
            query = request.GET.copy()
            query.pop("page", None)
            is_chosen = chosen.get(name) == facet["value"]
            if is_chosen:
                query.pop(name, None)
            else:
                query[name] = facet["value"]
            links.append({**facet, "href": f"?{query.urlencode()}", "chosen": is_chosen})
        if links:
            groups.append((facets.form.fields[name].label, links))
    for result in results.results:
        result["type_label"] = type_labels.get(result["type"], result["type"])
    return groups


@read_only
def search_page(request):
    results, form, facets, error = run_search(request)
    if results is not None and results.named_item and results.page == 1:
        return redirect(results.named_item["url"])  # the query is an item's key
    context = {"results": results, "form": form, "facets": facets, "error": error}
    if results is not None:
        context["facet_groups"] = _facet_groups(request, results, facets)
        context["first_number"] = (results.page - 1) * search.PAGE_SIZE + 1
        query = request.GET.copy()
        query.pop("page", None)
        context["search_key"] = f"search:{query.urlencode()}"
        if results.count == 0 and results.query:
            context["nearest"] = nearest(results.query, search.index_data())
    return render(request, "recommendations/search.html", context, status=400 if error else 200)


@read_only
def whats_new(request):
    return render(request, "recommendations/whats_new.html", {"items": recent_changes()})
