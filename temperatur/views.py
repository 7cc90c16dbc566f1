"""The front page and the about page: the site as a whole, not one app's concept."""

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from challenges.models import AreaFinding, Measurement, ProjectChallenge
from challenges.prevalence import temperature
from projects.models import Domain, FundingRound, Highlight, Project


def _owner_type_counts():
    """``(rows, total)``: published projects per owner type, in one query."""
    counts = dict(
        Project.objects.published()
        .order_by()
        .values_list("owner_type")
        .annotate(projects=Count("pk"))
    )
    rows = [
        {"label": label, "projects": counts.get(value, 0)}
        for value, label in Project.OwnerType.choices
    ]
    return rows, sum(counts.values())


@require_safe
def home(request):
    owner_types, projects_total = _owner_type_counts()
    published = Q(projects__is_published=True)
    temp = temperature(Project.objects.published())
    ranked = temp.ranked()
    context = {
        "projects_total": projects_total,
        "owner_types": owner_types,
        # Domains with at least one published project, in the domains' own order.
        "domains": Domain.objects.annotate(projects_count=Count("projects", filter=published))
        .filter(projects_count__gt=0)
        .order_by("order", "name"),
        "funding_rounds": FundingRound.objects.annotate(
            projects_published=Count("projects", filter=published)
        ).order_by("year"),
        "temperature": temp,
        # Only areas some project met are ranked; a row of zeros would read as "no problem"
        # where it only means "nothing registered here yet".
        "ranking": [item for item in ranked if item.projects],
        "areas_not_met": [item.area for item in ranked if not item.projects],
        "projects_with_observations": Project.objects.published()
        .filter(Exists(ProjectChallenge.objects.published().filter(project=OuterRef("pk"))))
        .count(),
        # What the measurements themselves concluded about each area (ranked ones first): the
        # authoritative picture, and the only one while no project has published observations.
        "findings": AreaFinding.objects.select_related("measurement", "area").order_by(
            "measurement__published_on",
            "measurement__pk",
            F("rank").asc(nulls_last=True),
            "area__order",
        ),
        "highlights": Highlight.objects.filter(
            Q(project__isnull=True) | Q(project__is_published=True)
        ).select_related("project", "municipality", "organisation"),
    }
    return render(request, "pages/home.html", context)


@require_safe
def about(request):
    context = {
        "measurements": Measurement.objects.order_by("published_on", "pk"),
        "DATA_LICENSE_NAME": settings.DATA_LICENSE_NAME,
        "DATA_LICENSE_URL": settings.DATA_LICENSE_URL,
    }
    return render(request, "pages/about.html", context)
