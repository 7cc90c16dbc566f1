"""The front page, the about page and the search: the site as a whole, not one app's concept."""

from collections import Counter

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from challenges.findings import measurement_findings
from challenges.models import ChallengeArea
from challenges.prevalence import temperature
from projects.models import Domain, FundingRound, Highlight, Project
from temperatur.core import search, search_hits
from temperatur.core.statements import kept_queryset
from temperatur.site import assembly
from temperatur.web.cache import not_page_cached


def _published_counts():
    """Published projects per owner type, domain and funding round, in one small query.

    ``GROUP BY owner_type, domain_id, funding_round_id`` reads only the partial index
    ``projects_pub_owner_dom_idx``; the few rows it gives are summed here three ways.
    """
    owner_types, domains, rounds = Counter(), Counter(), Counter()
    rows = kept_queryset(
        ("published-counts",),
        lambda: (
            Project.objects.published()
            .order_by()
            .values_list("owner_type", "domain_id", "funding_round_id")
            .annotate(projects=Count("pk"))
        ),
    )
    for owner_type, domain_id, round_id, projects in rows:
        owner_types[owner_type] += projects
        domains[domain_id] += projects
        rounds[round_id] += projects
    return owner_types, domains, rounds


def _funding_rounds(round_counts):
    """The rounds in order, each with ``projects_published``, and the projects of no round.

    ``round_counts`` are the published projects per round id (``_published_counts``); the
    projects whose round the sources do not state are counted under ``None``.
    """
    funding_rounds = list(
        kept_queryset(("rounds-by-year",), lambda: FundingRound.objects.order_by("year"))
    )
    for round_ in funding_rounds:
        round_.projects_published = round_counts[round_.pk]
    return {"funding_rounds": funding_rounds, "projects_without_round": round_counts[None]}


@require_safe
def home(request):
    owner_counts, domain_counts, round_counts = _published_counts()
    owner_types = [
        {"label": label, "projects": owner_counts[value]}
        for value, label in Project.OwnerType.choices
    ]
    projects_total = sum(owner_counts.values())
    # Domains with at least one published project, in the domains' own order.
    domains = []
    for domain in kept_queryset(
        ("domains-by-order",), lambda: Domain.objects.order_by("order", "name")
    ):
        domain.projects_count = domain_counts[domain.pk]
        if domain.projects_count:
            domains.append(domain)
    temp = temperature(Project.objects.published(), projects_key=("every-published-project",))
    context = {
        "projects_total": projects_total,
        "owner_types": owner_types,
        "domains": domains,
        **_funding_rounds(round_counts),
        # Ranked only where enough projects are recorded (challenges.prevalence); otherwise
        # counts, and with nothing recorded, what the measurements themselves found.
        "temperature": temp,
        "measurements": [item for item in measurement_findings() if item.findings],
        "highlights": kept_queryset(
            ("home-highlights",),
            lambda: Highlight.objects.published().select_related(
                "project", "municipality", "organisation"
            ),
        ),
    }
    return render(request, "pages/home.html", context)


@require_safe
def about(request):
    _owner_counts, _domain_counts, round_counts = _published_counts()
    context = {
        **_funding_rounds(round_counts),
        "measurements": measurement_findings(),
        "DATA_LICENSE_NAME": settings.DATA_LICENSE_NAME,
        "DATA_LICENSE_URL": settings.DATA_LICENSE_URL,
    }
    return render(request, "pages/about.html", context)


# Search across the site (/soeg/): the engine is temperatur.core.search.

SEARCH_RESULTS_PER_PAGE = 20


def _search_kinds():
    """What /soeg/ searches, kind by kind, as each app declares it: published content and the
    challenge catalogue."""
    return {kind.slug: kind for kind in assembly.collect("search_kinds")}


def _search_hit(row, terms, stemmed):
    """A result row as the page shows it: kind, address, marked title and passage."""
    kind = _search_kinds()[row["hit_kind"]]
    return {
        "kind": kind.slug,
        "label": kind.label(row),
        "url": kind.url(row),
        "title": search_hits.highlight(row["hit_title"], terms, stemmed=stemmed),
        "passage": search_hits.passage(
            [row["hit_summary"], row["hit_body"]], terms, stemmed=stemmed
        ),
    }


@require_safe
@not_page_cached
def search_view(request):
    """Projects, areas, challenges, advice and resources matching ``q``, best first.

    Two queries whatever the data: the number of matches of each kind, and one page of
    the matches (of the chosen ``kind``, or of all); without a match, two more for the
    areas and domains the page suggests browsing by.
    """
    terms = search.parse(request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    kinds = _search_kinds()
    context = {"terms": terms, "kind": kind, "MAX_QUERY_LENGTH": search.MAX_QUERY_LENGTH}
    if kind and kind not in kinds:
        context["kind_error"] = _("Ukendt type. Vælg en af typerne herunder.")
        context["kinds"] = [{"slug": slug, "label": kind.plural} for slug, kind in kinds.items()]
        return render(request, "search/search.html", context, status=400)
    if not terms:
        context["kinds"] = [{"slug": slug, "label": kind.plural} for slug, kind in kinds.items()]
        return render(request, "search/search.html", context)

    branches = [kind.branch() for kind in kinds.values()]
    counts = search_hits.combined_counts(branches, terms)
    chosen = [branch for branch in branches if not kind or branch.kind == kind]
    total = sum(counts[branch.kind] for branch in chosen)
    results = search_hits.CombinedResults(chosen, terms, total)
    page_obj = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    stemmed = search.uses_full_text(Project.objects.db)
    page_obj.object_list = [_search_hit(row, terms, stemmed) for row in page_obj.object_list]
    context.update(
        page_obj=page_obj,
        total=total,
        all_count=sum(counts.values()),
        kinds=[
            {"slug": slug, "label": kind.plural, "count": counts[slug]}
            for slug, kind in kinds.items()
        ],
    )
    if not total:
        context.update(_search_suggestions(terms))
    return render(request, "search/search.html", context)


def _search_suggestions(terms):
    """What to try when nothing matched: each word alone, and the areas and domains to
    browse by (two small queries, only then)."""
    return {
        "single_words": list(terms.words) if len(terms.words) > 1 else [],
        "browse_areas": ChallengeArea.objects.only("slug", "name").order_by("order", "name"),
        "browse_domains": Domain.objects.only("slug", "name").order_by("order", "name"),
    }
