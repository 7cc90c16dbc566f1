"""»Kom godt i gang«: what the projects like yours met, what to read and whom to call.

Definitions (issues #7 and #12; recorded projects and shares as in
``challenges.prevalence``):
- projects like yours are the published projects with your domain and owner type;
  when fewer than ``MIN_SIMILAR`` are, the comparison widens: first to the domain
  (any owner type), then to all published projects; the page says which was used;
- when enough of them are recorded (the pages' minimum), the areas they met are ranked
  by share, then by mean severity (highest first, unknown last), then in the areas' own
  order; only areas at least one of them met are ranked. With fewer recorded projects,
  the areas they met are listed with their counts in the areas' own order; with none,
  nothing is ranked and the areas the measurements themselves named come first;
- the areas to prepare for are those areas, then the areas you expect; for each, the
  published advice, tools and cases about it (the resources a reader can reach first:
  with a link, then with a text of their own);
- the projects to call are scored: 1 for the same domain, 1 for the same owner type
  and 1 for each of your expected areas the project met (observations that count).
  Highest score first, then the most expected areas met, then by title. Projects
  with score 0 are not suggested.

Nothing is stored: the answers live in the URL. A fixed number of queries.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from challenges import prevalence
from challenges.models import AreaFinding, ChallengeArea, Standing
from projects.models import Domain, Project
from temperatur.core.fields import (
    GuardedChoiceField,
    GuardedModelChoiceField,
    GuardedModelMultipleChoiceField,
)
from temperatur.core.tables import table_rows

from .models import Advice, Resource

MIN_SIMILAR = 3
CONTACTS_LIMIT = 10
FIELDS = ("domain", "owner_type", "area")


class GuideForm(forms.Form):
    domain = GuardedModelChoiceField(
        label=_("Fagområde"),
        queryset=Domain.objects.all(),
        empty_label=_("Vælg fagområde"),
    )
    owner_type = GuardedChoiceField(
        label=_("Hvem ejer projektet?"),
        choices=[("", _("Vælg ejer")), *Project.OwnerType.choices],
        empty_label=None,  # the choices bring their own
    )
    area = GuardedModelMultipleChoiceField(
        label=_("Udfordringer, I allerede forventer (valgfrit)"),
        queryset=ChallengeArea.objects.all(),
        required=False,
    )


def is_requested(data):
    return any(name in data for name in FIELDS)


class Widening:
    NONE = "none"
    DOMAIN = "domain"  # owner type dropped
    ALL = "all"  # domain dropped too


@dataclass(frozen=True)
class AreaAdvice:
    prevalence: prevalence.AreaPrevalence  # how many of the recorded projects met it
    area: ChallengeArea
    expected: bool
    named_by_measurements: bool  # a measurement's finding is about the area
    advice: list
    tools: list
    cases: list


@dataclass(frozen=True)
class Guide:
    domain: Domain
    owner_type: str
    expected: list
    exact_count: int  # projects with the same domain and owner type
    widening: str
    temperature: prevalence.Temperature  # of the projects in the comparison actually used
    ranked: list  # AreaPrevalence, as defined above
    areas: list  # AreaAdvice
    checklist: list  # (advice, relevant)
    contacts: list  # projects with score, same_domain, same_owner, overlap

    @property
    def small_sample(self):
        return self.exact_count < MIN_SIMILAR

    @property
    def owner_type_label(self):
        return Project.OwnerType(self.owner_type).label

    @property
    def compared_total(self):
        return self.temperature.projects_total


def comparison_projects(domain, owner_type):
    """``(exact_count, widening, projects)``: the projects like yours, widened if too few.

    The three candidate sizes are counted in one query, so the number of queries does
    not depend on which widening is needed.
    """
    published = Project.objects.published()
    exact = Q(domain=domain, owner_type=owner_type)
    counts = published.aggregate(
        exact=Count("pk", filter=exact), same_domain=Count("pk", filter=Q(domain=domain))
    )
    if counts["exact"] >= MIN_SIMILAR:
        return counts["exact"], Widening.NONE, published.filter(exact)
    if counts["same_domain"] >= MIN_SIMILAR:
        return counts["exact"], Widening.DOMAIN, published.filter(domain=domain)
    return counts["exact"], Widening.ALL, published


def rank(temperature):
    """Areas met by at least one recorded project, ordered as defined above."""
    met = [item for item in temperature.areas if item.projects]
    if not temperature.shows_shares:
        return met
    return sorted(
        met,
        key=lambda item: (
            -item.share,
            item.mean_severity is None,
            -(item.mean_severity or 0),
            item.area.order,
            item.area.name,
        ),
    )


def contacts(domain, owner_type, expected):
    """The most similar published projects, scored as defined above (one query)."""
    expected_ids = [area.pk for area in expected]
    if expected_ids:
        per_project = (
            Standing.objects.met()
            .filter(project=OuterRef("pk"), area__in=expected_ids)
            .order_by()
            .values("project")
            .annotate(n=Count("area"))
            .values("n")
        )
        overlap = Coalesce(Subquery(per_project, output_field=IntegerField()), Value(0))
    else:
        overlap = Value(0, output_field=IntegerField())
    same_domain = Case(When(domain=domain, then=1), default=0, output_field=IntegerField())
    same_owner = Case(When(owner_type=owner_type, then=1), default=0, output_field=IntegerField())
    return list(
        Project.objects.published()
        .select_related("domain", "lead_municipality", "lead_organisation")
        .annotate(overlap=overlap, same_domain=same_domain, same_owner=same_owner)
        .annotate(score=F("same_domain") + F("same_owner") + F("overlap"))
        .filter(score__gt=0)
        .order_by("-score", "-overlap", "title", "slug")[:CONTACTS_LIMIT]
    )


def build(*, domain, owner_type, expected):
    exact_count, widening, projects = comparison_projects(domain, owner_type)
    all_areas = table_rows(ChallengeArea.objects.all())
    temperature = prevalence.temperature(projects, areas=all_areas)
    ranked = rank(temperature)
    named_ids = set(AreaFinding.objects.values_list("area_id", flat=True))
    expected_ids = {area.pk for area in expected}
    first = [item.area.pk for item in ranked]
    if not temperature.is_recorded:
        first = [area.pk for area in all_areas if area.pk in named_ids]
    chosen = first + [
        area.pk for area in all_areas if area.pk in expected_ids and area.pk not in first
    ]
    by_area = {item.area.pk: item for item in temperature.areas}
    areas = ChallengeArea.objects.filter(pk__in=chosen).prefetch_related(
        Prefetch("advice", queryset=Advice.objects.published().order_by("number")),
        Prefetch(
            "resources",
            # What a reader can reach first: with a link, then with a text of its own.
            queryset=Resource.objects.published()
            .filter(kind__in=[Resource.Kind.TOOL, Resource.Kind.CASE])
            .select_related("publisher_organisation", "publisher_municipality", "publisher_region")
            .reachable_first(),
        ),
    )
    by_id = {area.pk: area for area in areas}
    area_advice = []
    relevant = set()
    for pk in chosen:
        area = by_id[pk]
        advice = list(area.advice.all())
        relevant.update(item.pk for item in advice)
        resources = list(area.resources.all())
        area_advice.append(
            AreaAdvice(
                prevalence=by_area[pk],
                area=area,
                expected=pk in expected_ids,
                named_by_measurements=pk in named_ids,
                advice=advice,
                tools=[r for r in resources if r.kind == Resource.Kind.TOOL],
                cases=[r for r in resources if r.kind == Resource.Kind.CASE],
            )
        )
    checklist = [
        (item, item.pk in relevant) for item in Advice.objects.published().order_by("number")
    ]
    return Guide(
        domain=domain,
        owner_type=owner_type,
        expected=list(expected),
        exact_count=exact_count,
        widening=widening,
        temperature=temperature,
        ranked=ranked,
        areas=area_advice,
        checklist=checklist,
        contacts=contacts(domain, owner_type, expected),
    )
