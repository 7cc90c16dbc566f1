"""The temperature (how widespread each challenge area is) and the page of one area.

The temperature filters projects with the project list's own ``ProjectFilter``, so
every count here links to a project list that shows exactly the counted projects.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projects.filters import DEFAULT_SORT, ProjectFilter
from projects.models import Project
from temperatur.core.html import text_list
from temperatur.core.tables import read_table
from temperatur.templatetags.content import danish
from temperatur.web.exports import export_name
from temperatur.web.renderers import Answer, format_view, invalid, invalid_page, respond

from . import charts, heatmap, outputs, prevalence, regions, trends
from .findings import (
    measurement_findings,
    measurements_with_coverage,
)
from .models import ChallengeArea

HEATMAP_PAGE_SIZE = 25


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
@format_view
def temperature_view(request):
    filterset = ProjectFilter(
        request.GET,
        queryset=Project.objects.published(),
        request=request,
        queryset_key="published",
    )
    # The page lists the areas anyway: the area filter chooses among (and validates against)
    # the same instances instead of reading them again.
    areas, version = read_table(ChallengeArea.objects.all())
    filterset.form.fields["area"].use(areas, version=version)
    # The measurements too: the filter's, the comparison's and the findings' (with coverage).
    all_measurements = list(measurements_with_coverage())
    filterset.form.fields["measurement"].use(all_measurements)
    if not filterset.is_valid():
        return invalid_page(
            request,
            filterset.form.errors,
            "challenges/temperature.html",
            {"filter": filterset, "action": reverse("challenges:temperature"), "invalid": True},
        )

    measurement = filterset.form.cleaned_data.get("measurement")
    chosen = list(filterset.form.cleaned_data.get("area") or [])
    values = filter_values(filterset)
    statement_key = filterset.statement_key()
    result = prevalence.temperature(
        filterset.qs, measurement=measurement, areas=areas, projects_key=statement_key
    )
    rows = {item.area.pk: AreaRow(item, projects_url(values, item.area)) for item in result.areas}

    compare_form = trends.CompareForm(request.GET if trends.is_requested(request.GET) else None)
    comparison = None
    if compare_form.is_bound:
        if not compare_form.is_valid() and request.format != "html":
            # The page shows these errors at its comparison form; the twins cannot.
            return invalid(request, compare_form.errors)
        if compare_form.is_valid():
            comparison = trends.compare(
                comparison_projects(request, filterset),
                compare_form.cleaned_data["from"],
                compare_form.cleaned_data["to"],
                areas=areas,
            )

    def page():
        heatmap_page = None
        heatmap_rows = []
        if result.is_recorded:
            paginator = Paginator(filterset.qs.only("title", "slug"), HEATMAP_PAGE_SIZE)
            paginator.count = result.projects_total  # counted already, by the same filters
            heatmap_page = paginator.get_page(request.GET.get("page"))
            heatmap_rows = heatmap.heatmap(
                heatmap_page,
                areas,
                measurement=measurement,
                ordering=lambda: filterset.ordering(
                    filterset.form.cleaned_data.get("sort") or DEFAULT_SORT
                ),
                statement_key=statement_key,
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
                "chosen_names": text_list([danish(area.name) for area in chosen], _("og")),
                "rows": [rows[item.area.pk] for item in result.ranked()],
                "cooccurrence": [rows[item.area.pk] for item in result.others(chosen)],
                "all_projects_url": projects_url(values),
                "areas": areas,
                "heatmap_rows": heatmap_rows,
                "page_obj": heatmap_page,
                "legend": heatmap.LEGEND,
                "measurements": measurement_findings(measurements=all_measurements),
                **comparison_context(request, compare_form, comparison),
            },
            # The page, with the comparison form's errors at the form, answers bad measurements.
            status=400 if compare_form.errors else 200,
        )

    def table():
        if comparison is not None:
            return outputs.comparison_table(comparison)
        return outputs.temperature_table(result)

    # The file names carry the page, its filters (and the two measurements compared), the date.
    params = [*filterset.filters, "from", "to"]
    return respond(
        request,
        Answer(
            html=page,
            data=lambda: outputs.temperature_json(
                request,
                result,
                values,
                rows,
                measurement_findings(measurements=all_measurements),
                chosen,
                comparison,
            ),
            table=table,
            filename=export_name(request, "udvikling" if comparison else "temperatur", params),
        ),
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
    without = ProjectFilter(
        data, queryset=Project.objects.published(), request=request, queryset_key="published"
    )
    for name, field in without.form.fields.items():
        if hasattr(field, "use"):
            field.use(filterset.form.fields[name].instances())
    without.is_valid()  # the same values that were valid with the measurement
    return without.qs


def share_choices(form, instances):
    """Give each model choice field of ``form`` the instances read already (no query)."""
    for field in form.fields.values():
        field.use(instances)


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


@require_safe
@format_view
def region_overview(request):
    rows, areas, without_region, map_height = regions.regional_picture()
    return respond(
        request,
        Answer(
            html=lambda: render(
                request,
                "challenges/regions.html",
                {
                    "rows": rows,
                    "areas": areas,
                    "without_region": without_region,
                    "any_recorded": any(row.temperature.is_recorded for row in rows),
                    "measurements": measurement_findings(),
                    "map_width": charts.MAP_WIDTH,
                    "map_height": map_height,
                    "minimum": prevalence.minimum_assessed(),
                },
            ),
            data=lambda: outputs.regions_json(request, rows, without_region),
            table=lambda: outputs.regions_table(rows),
            filename=export_name(request, "regioner", params=()),
        ),
    )
