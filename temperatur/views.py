"""The front page and the about page: the site as a whole, not one app's concept."""

from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from challenges.models import AreaFinding, Measurement
from challenges.prevalence import temperature
from projects.models import Domain, FundingRound, Highlight, Project


def _owner_type_counts():
    """``(rows, total, synthetic)``: published projects per owner type, in one query."""
    counts = {
        row["owner_type"]: row
        for row in Project.objects.published()
        .order_by()
        .values("owner_type")
        .annotate(projects=Count("pk"), synthetic=Count("pk", filter=Q(is_synthetic=True)))
    }
    rows = [
        {"label": label, "projects": counts[value]["projects"] if value in counts else 0}
        for value, label in Project.OwnerType.choices
    ]
    total = sum(row["projects"] for row in counts.values())
    synthetic = sum(row["synthetic"] for row in counts.values())
    return rows, total, synthetic


@require_safe
def home(request):
    owner_types, projects_total, synthetic_projects = _owner_type_counts()
    published = Q(projects__is_published=True)
    temp = temperature(Project.objects.published())
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
        "ranking": temp.ranked() if temp.has_observations else [],
        # Shown instead of a ranking while no project has published observations.
        "findings": AreaFinding.objects.filter(rank__isnull=False)
        .select_related("measurement", "area")
        .order_by("measurement__published_on", "measurement__pk", "rank"),
        "highlights": Highlight.objects.filter(
            Q(project__isnull=True) | Q(project__is_published=True)
        ).select_related("project", "municipality", "organisation"),
        "synthetic_data": synthetic_projects > 0,
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
