"""An area's page (and its CSV/JSON twins): how many projects met it, its concrete
challenges, what the measurements found, the projects that met it, advice and resources."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projects.models import Project
from resources.models import Advice, Resource
from temperatur.core.loaded import attach
from temperatur.core.paging import KeysFirstPaginator
from temperatur.core.statements import kept_queryset
from temperatur.web.exports import export_name
from temperatur.web.renderers import Answer, format_view, respond

from . import heatmap, outputs, prevalence, trends
from .findings import measurement_findings, measurements_json
from .models import Challenge, ChallengeArea
from .views import projects_url

AREA_PROJECTS_PAGE_SIZE = 25
# The first tools and cases of the area; the rest are a link away, on the resource list.
AREA_RESOURCES_PER_KIND = 10
SHELF_KINDS = (Resource.Kind.TOOL, Resource.Kind.CASE)


class Shelf(list):
    """The first resources of one kind on an area's page: ``total`` of them in all, every
    one of them listed at ``url``."""

    def __init__(self, resources, *, kind, total, url):
        super().__init__(resources)
        self.kind = kind
        self.total = total
        self.url = url

    @classmethod
    def of_kind(cls, kind, resources, area):
        """Those of ``resources`` (``first_of_each_kind``, in order) that are of ``kind``."""
        of_kind = [resource for resource in resources if resource.kind == kind]
        query = urlencode({"area": area.slug, "kind": kind})
        return cls(
            of_kind,
            kind=kind,
            total=of_kind[0].of_its_kind if of_kind else 0,
            url=f"{reverse('resources:list')}?{query}",
        )

    @property
    def has_more(self):
        return self.total > len(self)


@require_safe
@format_view
def area_view(request, slug):
    area = next(
        iter(kept_queryset(("area", slug), lambda: ChallengeArea.objects.filter(slug=slug))), None
    )
    if area is None:
        raise Http404(_("Siden findes ikke."))
    return respond(
        request,
        Answer(
            html=lambda: area_page(request, area, **area_findings(request, area)),
            data=lambda: area_json(request, area, **area_findings(request, area)),
            table=lambda: area_table(heatmap.projects_meeting(area)),
            # The area names the file; its one parameter, the page of projects, does not.
            filename=export_name(request, f"omraade-{area.slug}", params=()),
        ),
    )


def area_findings(request, area):
    """What the page and its JSON show of ``area``, in a fixed number of queries."""
    empty = prevalence.Tally(0, 0, {})
    by_area, by_challenge, per_measurement = prevalence.tally_cuts(
        Project.objects.published(),
        [(None, "area"), (None, "challenge"), ("measurement", "area")],
        area=area,
        projects_key=("every-published-project",),
    )
    counts = by_area.get(None, empty)
    result = prevalence.temperature_of(counts, [area]).areas[0]
    base = prevalence.Temperature(
        projects_total=counts.total, projects_assessed=counts.recorded, areas=[result]
    )
    in_area = kept_queryset(
        ("area-challenges", area.pk), lambda: Challenge.objects.filter(area=area.pk)
    )
    challenges = [
        (challenge, by_challenge.get(None, empty).count(challenge.pk))
        for challenge in attach(list(in_area), "area", [area])
    ]
    advice = list(
        kept_queryset(
            ("area-advice", area.pk), lambda: Advice.objects.published().filter(areas=area.pk)
        )
    )
    shelved = kept_queryset(
        ("area-shelf", area.pk),
        lambda: (
            area.resources.published()
            .filter(kind__in=SHELF_KINDS)
            .select_related("publisher_organisation", "publisher_municipality", "publisher_region")
            .first_of_each_kind(AREA_RESOURCES_PER_KIND)
        ),
    )
    resources = [Shelf.of_kind(kind, shelved, area) for kind in SHELF_KINDS]
    measurements = measurement_findings(area=area)
    findings = [finding for item in measurements for finding in item.findings]
    # The JSON pages through the projects as the page does: thousands of projects with
    # all their observations would make one response of megabytes.
    paginator = KeysFirstPaginator(
        kept_queryset(("area-meeting", area.pk), lambda: heatmap.projects_meeting(area)),
        AREA_PROJECTS_PAGE_SIZE,
        rows=lambda keys: heatmap.meeting_rows(area, keys),
        key=("area-projects", area.pk),
    )
    paginator.count = result.projects  # counted already: the projects that met the area
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = heatmap.with_area_observations(list(page.object_list), area)
    observations = [item for project in page for item in project.area_observations]
    attach(observations, "challenge", [challenge for challenge, _count in challenges])
    attach(observations, "measurement", [item.measurement for item in measurements])
    line = trends.area_line(
        area, [item.measurement for item in measurements], per_measurement, findings
    )
    return {
        "base": base,
        "result": result,
        "challenges": challenges,
        "page": page,
        "advice": advice,
        "resources": resources,
        "measurements": measurements,
        "line": line,
    }


def area_page(
    request, area, *, base, result, challenges, page, advice, resources, measurements, line
):
    return render(
        request,
        "challenges/challengearea_detail.html",
        {
            "area": area,
            "base": base,
            "result": result,
            "challenges": challenges,
            "page_obj": page,
            "projects": [
                (
                    project,
                    heatmap.HeatCell(heatmap.HeatState.MET, project.highest_severity),
                )
                for project in page
            ],
            "projects_url": projects_url({}, area),
            "advice": advice,
            "tools": resources[0],
            "cases": resources[1],
            "measurements": measurements,
            "line": line,
        },
    )


def area_json(
    request, area, *, base, result, challenges, page, advice, resources, measurements, line
):
    def absolute(url):
        return request.build_absolute_uri(url)

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return absolute(f"{request.path}?{query.urlencode()}")

    return {
        "slug": area.slug,
        "name": area.name,
        "description": area.description,
        **outputs.base_json(base),
        # How many of the recorded projects met the area (all of them, every page).
        "met": outputs.count_json(result),
        "projects_url": absolute(projects_url({}, area)),
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "challenges": [
            {"slug": challenge.slug, "name": challenge.name, **outputs.count_json(count)}
            for challenge, count in challenges
        ],
        "through_measurements": [
            {"measurement": point.measurement.slug, **outputs.count_json(point.count)}
            for point in line
        ],
        "projects": [
            {
                "slug": project.slug,
                "title": project.title,
                "url": absolute(project.get_absolute_url()),
                "owner": project.owner_name,
                "domain": project.domain.slug,
                "highest_severity": project.highest_severity,
                "observations": [
                    {
                        "challenge": _slug_or_none(observation.challenge),
                        "measurement": _slug_or_none(observation.measurement),
                        "severity": observation.severity,
                        "description": observation.description,
                    }
                    for observation in project.area_observations
                ],
            }
            for project in page
        ],
        "advice": [
            {
                "number": item.number,
                "title": item.title,
                "url": absolute(item.get_absolute_url()),
            }
            for item in advice
        ],
        # The first of each kind, as on the page; how many there are, and where all of them are.
        "resources": [
            {
                "slug": resource.slug,
                "kind": resource.kind,
                "title": resource.title,
                "url": absolute(resource.get_absolute_url()),
            }
            for shelf in resources
            for resource in shelf
        ],
        "resources_by_kind": [
            {"kind": shelf.kind, "count": shelf.total, "url": absolute(shelf.url)}
            for shelf in resources
        ],
        "measurements": measurements_json(measurements, absolute),
    }


def _slug_or_none(instance):
    return instance.slug if instance is not None else None


def area_table(projects):
    """One row per published project that met the area (observations that count)."""
    rows = [
        [
            project.slug,
            project.title,
            project.owner_name,
            project.domain.slug,
            project.highest_severity,
        ]
        for project in projects
    ]
    return outputs.AREA_CSV_HEADER, rows
