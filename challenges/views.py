"""The temperature (how widespread each challenge area is) and the page of one area.

The temperature filters projects with the project list's own ``ProjectFilter``, so
every count here links to a project list that shows exactly the counted projects.
"""

from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projects.filters import DEFAULT_SORT, NOT_FILTERS, ProjectFilter
from projects.models import Project
from resources.models import Resource
from temperatur.exports import (
    UnknownFormat,
    csv_response,
    json_response,
    requested_format,
    unknown_format_response,
)
from temperatur.templatetags.content import danish

from . import prevalence, trends
from .models import AreaFinding, ChallengeArea

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


def findings_by_measurement(findings):
    """``[(measurement, [finding, …]), …]`` in the order of ``findings``."""
    return [
        (measurement, list(group))
        for measurement, group in groupby(findings, lambda f: f.measurement)
    ]


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
    if not filterset.is_valid():
        return invalid_filters(request, output, filterset)

    measurement = filterset.form.cleaned_data.get("measurement")
    chosen = list(filterset.form.cleaned_data.get("area") or [])
    values = filter_values(filterset)
    result = prevalence.temperature(filterset.qs, measurement=measurement, areas=areas)
    rows = {item.area.pk: AreaRow(item, projects_url(values, item.area)) for item in result.areas}
    findings = list(AreaFinding.objects.select_related("measurement", "area"))

    compare_form = trends.CompareForm(request.GET if trends.is_requested(request.GET) else None)
    comparison = None
    if compare_form.is_bound:
        if not compare_form.is_valid() and output != "html":
            return invalid_comparison(output, compare_form)
        if compare_form.is_valid():
            comparison = trends.compare(
                filterset.qs,
                compare_form.cleaned_data["from"],
                compare_form.cleaned_data["to"],
                areas=areas,
            )

    if output == "csv":
        if comparison is not None:
            return comparison_csv(comparison)
        return temperature_csv(result)
    if output == "json":
        return temperature_json(request, result, values, rows, findings, chosen, comparison)

    heatmap_page = None
    heatmap_rows = []
    if result.has_observations:
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
            "findings": findings_by_measurement(findings),
            **comparison_context(request, compare_form, comparison),
        },
        # The page, with the comparison form's errors at the form, answers bad measurements.
        status=400 if compare_form.errors else 200,
    )


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
    def side(item):
        if item is None:
            return None
        return {"projects": item.projects, "share": item.share}

    def finding(item):
        if item is None:
            return None
        return {
            "rank": item.rank,
            "projects_reporting": item.projects_reporting,
            "summary": item.summary,
        }

    return {
        "measurements": [
            {
                "slug": column.measurement.slug,
                "name": column.measurement.name,
                "has_project_data": column.has_project_data,
                "projects_total": column.projects_total,
            }
            for column in (comparison.before, comparison.after)
        ],
        "areas": [
            {
                "slug": trend.area.slug,
                "name": trend.area.name,
                "from": side(trend.before),
                "to": side(trend.after),
                "change_points": trend.change,
                "from_finding": finding(trend.before_finding),
                "to_finding": finding(trend.after_finding),
            }
            for trend in comparison.areas
        ],
    }


def comparison_csv(comparison):
    before, after = comparison.before, comparison.after
    header = [
        _("slug"),
        _("navn"),
        _("maaling_fra"),
        _("projekter_fra"),
        _("af_i_alt_fra"),
        _("andel_fra"),
        _("placering_fra"),
        _("maaling_til"),
        _("projekter_til"),
        _("af_i_alt_til"),
        _("andel_til"),
        _("placering_til"),
        _("aendring_procentpoint"),
    ]

    def side(column, item, finding):
        return [
            column.measurement.slug,
            None if item is None else item.projects,
            column.projects_total if column.has_project_data else None,
            None if item is None else number_format(item.share, decimal_pos=4),
            None if finding is None else finding.rank,
        ]

    rows = [
        [
            trend.area.slug,
            trend.area.name,
            *side(before, trend.before, trend.before_finding),
            *side(after, trend.after, trend.after_finding),
            None if trend.change is None else number_format(trend.change, decimal_pos=2),
        ]
        for trend in comparison.areas
    ]
    return csv_response(
        f"udvikling-{before.measurement.slug}-{after.measurement.slug}", header, rows
    )


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


def temperature_json(request, result, values, rows, findings, chosen, comparison=None):
    def area_json(item):
        return {
            "slug": item.area.slug,
            "name": item.area.name,
            "projects": item.projects,
            "share": item.share,
            "mean_severity": item.mean_severity,
            "projects_url": request.build_absolute_uri(rows[item.area.pk].projects_url),
        }

    data = {
        "projects_total": result.projects_total,
        "filters": {name: value for name, value in values.items() if name not in NOT_FILTERS},
        "measurement": values.get("measurement"),
        "areas": [area_json(item) for item in result.areas],
        "findings": [
            {
                "measurement": finding.measurement.slug,
                "area": finding.area.slug,
                "rank": finding.rank,
                "projects_reporting": finding.projects_reporting,
                "summary": finding.summary,
            }
            for finding in findings
        ],
    }
    if chosen:
        data["cooccurrence"] = [area_json(item) for item in result.others(chosen)]
    if comparison is not None:
        data["comparison"] = comparison_json(comparison)
    return json_response(data)


def temperature_csv(result):
    header = [
        _("slug"),
        _("navn"),
        _("projekter"),
        _("af_i_alt"),
        _("andel"),
        _("gennemsnitlig_alvor"),
    ]
    rows = [
        [
            item.area.slug,
            item.area.name,
            item.projects,
            result.projects_total,
            number_format(item.share, decimal_pos=4),
            None if item.mean_severity is None else number_format(item.mean_severity, 2),
        ]
        for item in result.areas
    ]
    return csv_response("temperatur", header, rows)


@require_safe
def area_view(request, slug):
    try:
        output = requested_format(request)
    except UnknownFormat as error:
        return unknown_format_response(error)

    area = get_object_or_404(ChallengeArea, slug=slug)
    if output == "csv":
        return area_csv(area, prevalence.projects_meeting(area, with_observations=False))

    challenges = list(prevalence.challenges_with_counts(area))
    advice = list(area.advice.published())
    resources = list(
        area.resources.published()
        .filter(kind__in=[Resource.Kind.TOOL, Resource.Kind.CASE])
        .select_related("publisher_organisation", "publisher_municipality", "publisher_region")
    )
    findings = list(
        area.findings.select_related("measurement").order_by("measurement__published_on", "rank")
    )
    # The JSON pages through the projects as the page does: thousands of projects with
    # all their observations would make one response of megabytes.
    paginator = Paginator(prevalence.projects_meeting(area), AREA_PROJECTS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    if output == "json":
        return area_json(request, area, challenges, page, advice, resources, findings)

    return render(
        request,
        "challenges/challengearea_detail.html",
        {
            "area": area,
            "challenges": challenges,
            "page_obj": page,
            "projects": [
                (
                    project,
                    owner_name(project),
                    prevalence.HeatCell(met=True, severity=project.highest_severity),
                )
                for project in page
            ],
            "projects_url": projects_url({}, area),
            "advice": advice,
            "tools": [r for r in resources if r.kind == Resource.Kind.TOOL],
            "cases": [r for r in resources if r.kind == Resource.Kind.CASE],
            "findings": findings,
            "line": trends.area_line(area, findings),
        },
    )


def owner_name(project):
    """Who runs a project: the lead municipality or organisation, else the kind of owner."""
    owner = project.lead_municipality or project.lead_organisation
    return owner.name if owner else project.get_owner_type_display()


def area_json(request, area, challenges, page, advice, resources, findings):
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
            "projects_total": page.paginator.count,
            "projects_url": absolute(projects_url({}, area)),
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "challenges": [
                {"slug": c.slug, "name": c.name, "projects": c.projects} for c in challenges
            ],
            "projects": [
                {
                    "slug": project.slug,
                    "title": project.title,
                    "url": absolute(project.get_absolute_url()),
                    "owner": owner_name(project),
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
            "findings": [
                {
                    "measurement": finding.measurement.slug,
                    "rank": finding.rank,
                    "projects_reporting": finding.projects_reporting,
                    "summary": finding.summary,
                }
                for finding in findings
            ],
        }
    )


def _slug_or_none(instance):
    return instance.slug if instance is not None else None


def area_csv(area, projects):
    """One row per published project that met the area."""
    header = [_("slug"), _("titel"), _("projektejer"), _("fagomraade"), _("hoejeste_alvor")]
    rows = [
        [
            project.slug,
            project.title,
            owner_name(project),
            project.domain.slug,
            project.highest_severity,
        ]
        for project in projects
    ]
    return csv_response(f"udfordringer-{area.slug}", header, rows)
