from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from challenges import outputs
from challenges.models import ChallengeArea
from projects.models import Project
from temperatur.core.paging import KeysFirstPaginator
from temperatur.core.statements import kept_queryset
from temperatur.core.tables import table_rows
from temperatur.web.contact import site_contact
from temperatur.web.exports import export_name
from temperatur.web.renderers import Answer, format_view, invalid_page, respond

from . import guide as guides
from .filters import ResourceFilter
from .models import Advice, Resource

RESOURCES_PER_PAGE = 20

# The keys of ?format=json and the columns of ?format=csv, in order: the column names in
# Danish, the same whatever the page's language (documented on /data/).
EXPORT_COLUMNS = [
    ("slug", "Kort navn"),
    ("title", "Titel"),
    ("kind", "Type"),
    ("summary", "Resumé"),
    ("url", "Link"),
    ("publisher", "Udgiver"),
    ("year", "År"),
    ("areas", "Udfordringsområder"),
    ("projects", "Projekter"),
    ("page_url", "Side på Temperatur"),
]
# ?format=csv of the guide: one row per area it names, in its order.
GUIDE_CSV_COLUMNS = [
    ("slug", "slug"),
    ("name", "navn"),
    ("expected", "forventet"),
    ("named_by_measurements", "naevnt_af_maalingerne"),
    *zip(outputs.COUNT_JSON_KEYS, outputs.COUNT_CSV_HEADER, strict=True),
    ("advice", "gode_raad"),
    ("tools", "vaerktoejer"),
    ("cases", "cases"),
]


@require_safe
def advice_list(request):
    advice = Advice.objects.published().prefetch_related("areas").order_by("number")
    return render(request, "resources/advice_list.html", {"advice_list": advice})


def _resources():
    return Resource.objects.published().select_related(
        "publisher_organisation", "publisher_municipality", "publisher_region"
    )


def _with_relations(resources):
    """Prefetch the areas and the published projects (unpublished ones never show)."""
    return resources.prefetch_related(
        "areas", Prefetch("projects", queryset=Project.objects.published().order_by("title"))
    )


def _export_row(request, resource):
    publisher = resource.publisher
    return {
        "slug": resource.slug,
        "title": resource.title,
        "kind": resource.kind,
        "summary": resource.summary,
        "url": resource.url,
        "publisher": str(publisher) if publisher else "",
        "year": resource.year,
        "areas": [area.slug for area in resource.areas.all()],
        "projects": [project.slug for project in resource.projects.all()],
        "page_url": request.build_absolute_uri(resource.get_absolute_url()),
    }


def _export_rows(request, filterset):
    """All matching resources (not one page), as the JSON and the CSV give them."""
    return [_export_row(request, resource) for resource in _with_relations(filterset.qs)]


def _export_json(request, filterset):
    rows = _export_rows(request, filterset)
    return {"count": len(rows), "results": rows}


def _export_table(request, filterset):
    rows = (
        [
            ", ".join(row[key]) if key in {"areas", "projects"} else row[key]
            for key, _label in EXPORT_COLUMNS
        ]
        for row in _export_rows(request, filterset)
    )
    return [column for _key, column in EXPORT_COLUMNS], rows


def _list_page(request, filterset):
    """A page of the matching resources, read with SQL kept per filter values (not with a
    search), each with the areas it is about (``shown_areas``)."""
    statement = filterset.statement_key()
    paginator = KeysFirstPaginator(
        filterset.qs,
        RESOURCES_PER_PAGE,
        count_with_keys=True,  # a few hundred resources at the most
        key=statement and ("resource-rows", *statement),
        statement_key=statement and ("resource-keys", *statement),
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = _with_areas(list(page_obj.object_list))
    context = {
        "filterset": filterset,
        "page_obj": page_obj,
        "is_filtered": any(
            value for name in filterset.filters for value in request.GET.getlist(name)
        ),
    }
    return render(request, "resources/resource_list.html", context)


def _with_areas(resources):
    """``resources``, each with ``shown_areas``: its areas, in their order, from the kept
    table of areas (``temperatur.core.tables``) and one query of which are whose."""
    keys = tuple(resource.pk for resource in resources)
    through = Resource.areas.through
    links = kept_queryset(
        ("resource-areas", keys),
        lambda: through.objects.filter(resource__in=keys).values_list(
            "resource_id", "challengearea_id"
        ),
    )
    areas_of = {key: set() for key in keys}
    for resource_id, area_id in links if keys else ():
        areas_of[resource_id].add(area_id)
    areas = table_rows(ChallengeArea.objects.all())
    for resource in resources:
        resource.shown_areas = [area for area in areas if area.pk in areas_of[resource.pk]]
    return resources


@require_safe
@format_view
def resource_list(request):
    filterset = ResourceFilter(request.GET, queryset=_resources(), request=request)
    if not filterset.is_valid():
        context = {"filterset": filterset, "page_obj": None, "is_filtered": True}
        return invalid_page(request, filterset.errors, "resources/resource_list.html", context)
    return respond(
        request,
        Answer(
            html=lambda: _list_page(request, filterset),
            data=lambda: _export_json(request, filterset),
            table=lambda: _export_table(request, filterset),
            filename=export_name(request, "ressourcer", params=filterset.filters),
        ),
    )


@require_safe
def resource_detail(request, slug):
    resource = get_object_or_404(_with_relations(_resources()), slug=slug)
    return render(request, "resources/resource_detail.html", {"resource": resource})


@require_safe
@format_view
def guide(request):
    """»Kom godt i gang«: the answers live in the URL; nothing is stored."""
    form = guides.GuideForm(request.GET if guides.is_requested(request.GET) else None)
    result = None
    if form.is_bound and form.is_valid():
        result = guides.build(
            domain=form.cleaned_data["domain"],
            owner_type=form.cleaned_data["owner_type"],
            expected=list(form.cleaned_data["area"]),
        )
    context = {"form": form, "guide": result, "min_similar": guides.MIN_SIMILAR}
    if form.is_bound and form.errors:
        return invalid_page(request, form.errors, "resources/guide.html", context)
    return respond(
        request,
        Answer(
            html=lambda: render(request, "resources/guide.html", context),
            data=lambda: _guide_json(request, result),
            table=lambda: _guide_csv(result),
            filename=export_name(request, "kom-i-gang", params=guides.FIELDS),
        ),
    )


def _guide_csv(result):
    """The areas the guide names, with their counts over the projects it compared."""
    rows = []
    for item in result.areas if result is not None else []:
        values = {
            "slug": item.area.slug,
            "name": item.area.name,
            "expected": item.expected,
            "named_by_measurements": item.named_by_measurements,
            **dict(zip(outputs.COUNT_JSON_KEYS, outputs.count_csv(item.prevalence), strict=True)),
            "advice": ", ".join(advice.slug for advice in item.advice),
            "tools": ", ".join(tool.slug for tool in item.tools),
            "cases": ", ".join(case.slug for case in item.cases),
        }
        rows.append([_csv_value(values[key]) for key, _column in GUIDE_CSV_COLUMNS])
    return [column for _key, column in GUIDE_CSV_COLUMNS], rows


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"  # as in the JSON
    return value


def _guide_json(request, result):
    """The guide's answers as data (``?format=json``)."""
    if result is None:
        return {"guide": None}

    def absolute(url):
        return request.build_absolute_uri(url)

    contact = site_contact()
    return {
        "domain": result.domain.slug,
        "owner_type": result.owner_type,
        "expected_areas": [area.slug for area in result.expected],
        "similar_projects": result.exact_count,
        "widening": result.widening,
        "compared_projects": result.compared_total,
        **outputs.base_json(result.temperature),
        # Every area's count over the recorded projects; unknown shares are null. The page
        # ranks them only where enough projects are recorded (minimum_assessed).
        "areas": [outputs.area_json(item) for item in result.temperature.areas],
        "advice": [
            {
                "area": item.area.slug,
                "expected": item.expected,
                "named_by_measurements": item.named_by_measurements,
                "advice": [absolute(advice.get_absolute_url()) for advice in item.advice],
                "tools": [absolute(tool.get_absolute_url()) for tool in item.tools],
                "cases": [absolute(case.get_absolute_url()) for case in item.cases],
            }
            for item in result.areas
        ],
        "contacts": [
            {
                "slug": project.slug,
                "title": project.title,
                "url": absolute(project.get_absolute_url()),
                "owner": project.owner_name,
                "score": project.score,
                "shared_areas": project.overlap,
                # How to reach it, as a public source gives it; null when none is known.
                "contact": {
                    "url": project.contact_url or None,
                    "name": project.contact_name or None,
                    "email": project.contact_email or None,
                }
                if project.has_contact
                else None,
            }
            for project in result.contacts
        ],
        # The editors, who help where no public contact of a project is known.
        "site_contact": absolute(contact.url) if contact.kind == "form" else contact.url,
    }
