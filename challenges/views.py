"""The temperature (how widespread each challenge area is) and the page of one area.

The temperature filters projects with the project list's own ``ProjectFilter``, so
every count here links to a project list that shows exactly the counted projects.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projects.filters import DEFAULT_SORT, NOT_FILTERS, ProjectFilter
from projects.models import Project
from resources.models import Resource
from temperatur.templatetags.content import danish
from temperatur.web.exports import (
    UnknownFormat,
    csv_decimal,
    csv_response,
    export_name,
    json_response,
    requested_format,
    unknown_format_response,
)

from . import charts, outputs, prevalence, trends
from .findings import (
    finding_json,
    measurement_findings,
    measurements_json,
    measurements_with_coverage,
)
from .models import ChallengeArea

HEATMAP_PAGE_SIZE = 25
AREA_PROJECTS_PAGE_SIZE = 25


@dataclass(frozen=True)
class AreaRow:
    """An area's prevalence and the project list of exactly the projects it counts."""

    prevalence: prevalence.AreaPrevalence
    projects_url: str


def filter_values(filterset):
    """The active values of a valid ``filterset`` as slugs: ``{name: value or [values]}``."""
    values = {}
    for name, value in filterset.form.cleaned_data.items():
        if (
            value is None
            or value == ""
            or (isinstance(value, QuerySet | list | tuple) and not value)
        ):
            continue
        if isinstance(value, QuerySet | list | tuple):
            values[name] = [getattr(item, "slug", item) for item in value]
        else:
            values[name] = getattr(value, "slug", value)
    return values


def projects_url(values, area=None):
    """The project list filtered by ``values``, and by ``area`` too when given."""
    params = dict(values)
    if area is not None and area.slug not in params.get("area", []):
        params["area"] = [*params.get("area", []), area.slug]
    query = urlencode(params, doseq=True)
    return reverse("projects:list") + (f"?{query}" if query else "")


@require_safe
def temperature_view(request):
    try:
        output = requested_format(request)
    except UnknownFormat as error:
        return unknown_format_response(error)

    filterset = ProjectFilter(request.GET, queryset=Project.objects.published(), request=request)
    # The page lists the areas anyway: the area filter chooses among (and validates against)
    # the same instances instead of reading them again.
    areas = list(ChallengeArea.objects.all())
    filterset.form.fields["area"].use(areas)
    # The measurements too: the filter's, the comparison's and the findings' (with coverage).
    all_measurements = list(measurements_with_coverage())
    filterset.form.fields["measurement"].use(all_measurements)
    if not filterset.is_valid():
        return invalid_filters(request, output, filterset)

    measurement = filterset.form.cleaned_data.get("measurement")
    chosen = list(filterset.form.cleaned_data.get("area") or [])
    values = filter_values(filterset)
    result = prevalence.temperature(filterset.qs, measurement=measurement, areas=areas)
    rows = {item.area.pk: AreaRow(item, projects_url(values, item.area)) for item in result.areas}

    compare_form = trends.CompareForm(request.GET if trends.is_requested(request.GET) else None)
    comparison = None
    if compare_form.is_bound:
        if not compare_form.is_valid() and output != "html":
            return invalid_comparison(output, compare_form)
        if compare_form.is_valid():
            comparison = trends.compare(
                comparison_projects(request, filterset),
                compare_form.cleaned_data["from"],
                compare_form.cleaned_data["to"],
                areas=areas,
            )

    # The file names carry the page, its filters (and the two measurements compared), the date.
    params = [*filterset.filters, "from", "to"]
    if output == "csv":
        if comparison is not None:
            return comparison_csv(comparison, export_name(request, "udvikling", params))
        return temperature_csv(result, export_name(request, "temperatur", params))
    measurements = measurement_findings(measurements=all_measurements)
    if output == "json":
        return temperature_json(
            request,
            result,
            values,
            rows,
            measurements,
            chosen,
            measurement,
            comparison,
            filename=export_name(request, "udvikling" if comparison else "temperatur", params),
        )

    heatmap_page = None
    heatmap_rows = []
    if result.is_recorded:
        paginator = Paginator(filterset.qs.only("title", "slug"), HEATMAP_PAGE_SIZE)
        paginator.count = result.projects_total  # counted already, by the same filters
        heatmap_page = paginator.get_page(request.GET.get("page"))
        heatmap_rows = prevalence.heatmap(
            heatmap_page,
            areas,
            measurement=measurement,
            ordering=lambda: filterset.ordering(
                filterset.form.cleaned_data.get("sort") or DEFAULT_SORT
            ),
        )

    if not compare_form.is_bound:
        # Its two lists are the filter's measurements: read once, shown three times.
        share_choices(compare_form, filterset.form.fields["measurement"].instances())

    return render(
        request,
        "challenges/temperature.html",
        {
            "filter": filterset,
            "action": reverse("challenges:temperature"),
            "chips": filterset.active_filters(),
            "result": result,
            "measurement": measurement,
            "chosen_areas": chosen,
            # The areas' names are content: Danish, marked so on English pages too.
            "chosen_names": mark_safe(
                get_text_list([danish(area.name) for area in chosen], conditional_escape(_("og")))
            ),
            "rows": [rows[item.area.pk] for item in result.ranked()],
            "cooccurrence": [rows[item.area.pk] for item in result.others(chosen)],
            "all_projects_url": projects_url(values),
            "areas": areas,
            "heatmap_rows": heatmap_rows,
            "page_obj": heatmap_page,
            "legend": prevalence.LEGEND,
            "measurements": measurements,
            **comparison_context(request, compare_form, comparison),
        },
        # The page, with the comparison form's errors at the form, answers bad measurements.
        status=400 if compare_form.errors else 200,
    )


def comparison_projects(request, filterset):
    """The view's projects for a comparison: every filter but »Måling«.

    A comparison chooses its own two measurements (``challenges.trends``), so the
    measurement filter must not narrow its projects. Without one, the page's own projects;
    with one, the same filters again without it, validated against the choices the page's
    form has read already (no query for them).
    """
    if filterset.form.cleaned_data.get("measurement") is None:
        return filterset.qs
    data = request.GET.copy()
    data.pop("measurement", None)
    without = ProjectFilter(data, queryset=Project.objects.published(), request=request)
    for name, field in without.form.fields.items():
        if hasattr(field, "use"):
            field.use(filterset.form.fields[name].instances())
    without.is_valid()  # the same values that were valid with the measurement
    return without.qs


def share_choices(form, instances):
    """Give each model choice field of an unbound ``form`` the choices of ``instances``."""
    for field in form.fields.values():
        field.choices = [
            ("", field.empty_label),
            *((field.prepare_value(item), field.label_from_instance(item)) for item in instances),
        ]


# Comparison parameters are not filters: the comparison form carries the filters along.
COMPARISON_PARAMETERS = {"from", "to", "page", "format"}


def comparison_context(request, compare_form, comparison):
    return {
        "compare_form": compare_form,
        "comparison": comparison,
        "compare_hidden": [
            (name, value)
            for name in request.GET
            if name not in COMPARISON_PARAMETERS
            for value in request.GET.getlist(name)
        ],
    }


def invalid_comparison(output, compare_form):
    """400 for the CSV and JSON twins: the two measurements cannot be compared."""
    if output == "json":
        response = json_response({"errors": compare_form.errors.get_json_data()})
        response.status_code = 400
        return response
    lines = [
        f"{compare_form.fields[name].label if name in compare_form.fields else name}: "
        + " ".join(errors)
        for name, errors in compare_form.errors.items()
    ]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


def comparison_json(comparison):
    def side(column):
        return {
            "slug": column.measurement.slug,
            "name": column.measurement.name,
            **outputs.base_json(column.temperature),
        }

    return {
        "measurements": [side(comparison.before), side(comparison.after)],
        "areas": [
            {
                "slug": trend.area.slug,
                "name": trend.area.name,
                "from": outputs.count_json(trend.before),
                "to": outputs.count_json(trend.after),
                "change_points": trend.change,
                "from_finding": None
                if trend.before_finding is None
                else finding_json(trend.before_finding),
                "to_finding": None
                if trend.after_finding is None
                else finding_json(trend.after_finding),
            }
            for trend in comparison.areas
        ],
    }


def comparison_csv(comparison, filename):
    """One row per area: each side's count and the measurement's own rank."""
    before, after = comparison.before, comparison.after

    def side(column, item, finding):
        return [
            column.measurement.slug,
            *outputs.count_csv(item),
            None if finding is None else finding.rank,
        ]

    rows = [
        [
            trend.area.slug,
            trend.area.name,
            *side(before, trend.before, trend.before_finding),
            *side(after, trend.after, trend.after_finding),
            csv_decimal(trend.change, 2),
        ]
        for trend in comparison.areas
    ]
    return csv_response(filename, outputs.COMPARISON_CSV_HEADER, rows)


def invalid_filters(request, output, filterset):
    """400: the filter input cannot be used; say why instead of guessing."""
    if output == "json":
        response = json_response({"errors": filterset.form.errors.get_json_data()})
        response.status_code = 400
        return response
    if output == "csv":
        lines = [
            f"{filterset.form.fields[name].label if name in filterset.form.fields else name}: "
            + " ".join(errors)
            for name, errors in filterset.form.errors.items()
        ]
        return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")
    return render(
        request,
        "challenges/temperature.html",
        {"filter": filterset, "action": reverse("challenges:temperature"), "invalid": True},
        status=400,
    )


def temperature_json(
    request, result, values, rows, measurements, chosen, measurement, comparison, *, filename
):
    def area(item):
        return outputs.area_json(
            item, projects_url=request.build_absolute_uri(rows[item.area.pk].projects_url)
        )

    data = {
        **outputs.base_json(result),
        "filters": {name: value for name, value in values.items() if name not in NOT_FILTERS},
        "measurement": values.get("measurement"),
        "areas": [area(item) for item in result.areas],
        "measurements": measurements_json(measurements, request.build_absolute_uri),
        "definitions": request.build_absolute_uri(reverse("opendata") + "#definitioner"),
    }
    if chosen:
        data["cooccurrence"] = [area(item) for item in result.others(chosen)]
    if comparison is not None:
        data["comparison"] = comparison_json(comparison)
    return json_response(data, filename)


def temperature_csv(result, filename):
    """One row per area, in the areas' order; unknown shares and severities are empty."""
    rows = [
        [
            item.area.slug,
            item.area.name,
            result.projects_total,
            result.projects_not_recorded,
            *outputs.count_csv(item),
            csv_decimal(item.mean_severity, 2),
        ]
        for item in result.areas
    ]
    return csv_response(filename, outputs.TEMPERATURE_CSV_HEADER, rows)


@require_safe
def area_view(request, slug):
    try:
        output = requested_format(request)
    except UnknownFormat as error:
        return unknown_format_response(error)

    area = get_object_or_404(ChallengeArea, slug=slug)
    # The area names the file; its one parameter, the page of projects, does not.
    filename = export_name(request, f"omraade-{area.slug}", params=())
    if output == "csv":
        return area_csv(area, prevalence.projects_meeting(area, with_observations=False), filename)

    empty = prevalence.Tally(0, 0, {})
    by_area, by_challenge, per_measurement = prevalence.tally_cuts(
        Project.objects.published(),
        [(None, "area"), (None, "challenge"), ("measurement", "area")],
    )
    counts = by_area.get(None, empty)
    result = prevalence.temperature_of(counts, [area]).areas[0]
    base = prevalence.Temperature(
        projects_total=counts.total, projects_assessed=counts.recorded, areas=[result]
    )
    challenges = [
        (challenge, by_challenge.get(None, empty).count(challenge.pk))
        for challenge in area.challenges.all()
    ]
    advice = list(area.advice.published())
    resources = list(
        area.resources.published()
        .filter(kind__in=[Resource.Kind.TOOL, Resource.Kind.CASE])
        .select_related("publisher_organisation", "publisher_municipality", "publisher_region")
        .reachable_first()
    )
    measurements = measurement_findings(area=area)
    findings = [finding for item in measurements for finding in item.findings]
    # The JSON pages through the projects as the page does: thousands of projects with
    # all their observations would make one response of megabytes.
    paginator = Paginator(prevalence.projects_meeting(area), AREA_PROJECTS_PAGE_SIZE)
    paginator.count = result.projects  # counted already: the projects that met the area
    page = paginator.get_page(request.GET.get("page"))
    line = trends.area_line(
        area, [item.measurement for item in measurements], per_measurement, findings
    )
    if output == "json":
        return area_json(
            request,
            area,
            base,
            result,
            challenges,
            page,
            advice,
            resources,
            measurements,
            line,
            filename=filename,
        )

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
                    prevalence.HeatCell(prevalence.HeatState.MET, project.highest_severity),
                )
                for project in page
            ],
            "projects_url": projects_url({}, area),
            "advice": advice,
            "tools": [r for r in resources if r.kind == Resource.Kind.TOOL],
            "cases": [r for r in resources if r.kind == Resource.Kind.CASE],
            "measurements": measurements,
            "line": line,
            "chart": charts.line_chart(line),
        },
    )


def area_json(
    request,
    area,
    base,
    result,
    challenges,
    page,
    advice,
    resources,
    measurements,
    line,
    *,
    filename,
):
    def absolute(url):
        return request.build_absolute_uri(url)

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return absolute(f"{request.path}?{query.urlencode()}")

    return json_response(
        {
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
            "resources": [
                {
                    "slug": resource.slug,
                    "kind": resource.kind,
                    "title": resource.title,
                    "url": absolute(resource.get_absolute_url()),
                }
                for resource in resources
            ],
            "measurements": measurements_json(measurements, absolute),
        },
        filename,
    )


def _slug_or_none(instance):
    return instance.slug if instance is not None else None


def area_csv(area, projects, filename):
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
    return csv_response(filename, outputs.AREA_CSV_HEADER, rows)
