"""The public project pages: the filtered list (and its CSV/JSON twins) and a project's page.

The project page is where a project's own challenges and resources are shown, so it
reads the ``challenges`` and ``resources`` apps through the project's reverse relations.
"""

import re

from django.core.paginator import EmptyPage
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import DetailView
from django.views.generic.base import TemplateResponseMixin

from challenges.models import (
    ChallengeArea,
    ChallengeRecord,
    PopulationCount,
    ProjectChallenge,
    Standing,
)
from resources.models import Resource
from temperatur.core.loaded import attach, attach_rows
from temperatur.core.paging import KeysFirstPaginator
from temperatur.core.statements import kept_queryset
from temperatur.core.tables import table_rows
from temperatur.web.exports import export_name
from temperatur.web.renderers import Answer, format_view, invalid, respond

from .filters import ProjectFilter
from .models import Highlight, Municipality, Organisation, Project
from .outputs import EXPORT_FIELDS, csv_value, export_row

# A page number is a positive whole number; anything else is a bad request (a number
# beyond the last page is a page that does not exist: 404).
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,99}")


def areas_met(observations):
    """The distinct areas of some observations, in the order the observations come."""
    return list({observation.area_id: observation.area for observation in observations}.values())


# A project's foreign keys to rows the list's filter form offers: (key, filter).
CHOICE_KEYS = (
    ("domain", "domain"),
    ("region", "region"),
    ("lead_municipality", "municipality"),
    ("funding_round", "funding_round"),
)


class ProjectListView(TemplateResponseMixin, View):
    """Published projects, filtered by ProjectFilter, 20 a page; all of them as CSV or JSON."""

    filterset_class = ProjectFilter
    paginate_by = 20
    template_name = "projects/project_list.html"

    def get_queryset(self):
        return Project.objects.published().with_related().for_rows()

    @method_decorator(format_view)
    def get(self, request, *args, **kwargs):
        # Always bound, so the default order applies to a bare /projekter/ too.
        self.filterset = self.filterset_class(
            request.GET, queryset=self.get_queryset(), request=request, queryset_key="list"
        )
        if not self.filterset.is_valid():
            return self.invalid(self.filterset.errors)
        projects = self.filterset.qs
        return respond(
            request,
            Answer(
                html=lambda: self.page(projects),
                data=lambda: self.json(projects),
                table=lambda: self.csv(projects),
                filename=self.export_name(),
            ),
        )

    def page(self, projects):
        page_number = self.request.GET.get("page") or "1"
        if not PAGE_NUMBER.fullmatch(page_number):
            return self.invalid({"page": [_("Sidetallet skal være et helt tal fra 1.")]})
        chips = self.filterset.active_filters()
        statement = self.filterset.statement_key()
        paginator = KeysFirstPaginator(
            projects,
            self.paginate_by,
            rows=lambda keys: self.shown(projects.query.order_by).filter(pk__in=keys),
            # Filtered, the keys are sorted from every matching row: count them meanwhile.
            count_with_keys=bool(chips),
            # Unfiltered, the keys' query depends on the order alone; filtered, the keys
            # are a list: either way the rows' SQL depends on nothing else.
            key=("project-rows", bool(chips), *self.filterset.rows_key()),
            statement_key=statement and ("project-keys", *statement),
        )
        if not chips:
            # Every published project: the database keeps their number (challenges.population).
            paginator.count = PopulationCount.published_projects()
        try:
            page = paginator.page(int(page_number))
        except EmptyPage:
            raise Http404(_("Siden findes ikke.")) from None
        rows = self.with_met_rows(list(page.object_list))
        page.object_list = self.with_areas_met(self.with_choices(rows))
        return self.render_to_response(
            self.context(chips=chips, paginator=paginator, page_obj=page, projects=page.object_list)
        )

    def shown(self, order):
        """The page's rows, in ``order``, read from their keys: the filters are conditions
        on a project's own rows, so the database starts from the keys. The rows point to
        the domains, regions … that the filter form reads anyway (``with_choices``)."""
        # The rows are published projects: their records need no test of that again
        # (PostgreSQL read every record to test it: 6.5 of the 20 rows' 11 ms).
        records = self.filterset.published_records(of_published_projects=False)
        recorded = records.filter(project=OuterRef("pk"))
        return (
            Project.objects.published()
            .select_related("lead_organisation")
            .for_rows()
            .annotate(is_recorded=Exists(recorded))
            .order_by(*order)
        )

    def met(self):
        """The areas projects met: the summary's rows (``challenges.standing``), one per
        project and area, in the areas' order."""
        return self.filterset.areas_met().order_by("area__order", "area__name", "area_id")

    def met_rows(self):
        """Prefetch each project's ``met_rows`` (``met()``), joined to their areas."""
        return Prefetch("standings", self.met().select_related("area"), to_attr="met_rows")

    def with_met_rows(self, projects):
        """The page's ``projects`` with their ``met_rows`` (``met()``), in one query kept per
        measurement and page: their areas are attached from the filter form's."""
        keys = tuple(project.pk for project in projects)
        met = kept_queryset(
            ("project-met-rows", self.filterset.rows_key()[1], keys),
            lambda: self.met().filter(project__in=keys),
        )
        return attach_rows(projects, "met_rows", met)

    def with_choices(self, projects):
        """``projects`` and the areas they met pointed at the rows the filter form read."""
        for key, name in CHOICE_KEYS:
            attach(projects, key, self.filterset.choices(name))
        met = [row for project in projects for row in project.met_rows]
        attach(met, "area", self.filterset.choices("area"))
        return projects

    def records(self):
        """Prefetch the published records: whether (and where) a row's challenges are recorded."""
        records = (
            self.filterset.published_records()
            .select_related("measurement")
            .order_by("measurement__published_on", "pk")
        )
        return Prefetch("records", queryset=records, to_attr="shown_records")

    def with_areas_met(self, projects):
        projects = list(projects)
        for project in projects:
            project.areas_met = [row.area for row in project.met_rows]
        return projects

    def context(self, **kwargs):
        kwargs.setdefault("chips", self.filterset.active_filters())
        return {"filter": self.filterset, "list_url": reverse("projects:list"), **kwargs}

    def invalid(self, errors):
        """400: the page with the form errors, or the errors as JSON or text."""
        page_error = errors.get("page", [None])[0]
        return invalid(
            self.request,
            errors,
            page=lambda: self.render_to_response(
                self.context(invalid=True, page_error=page_error), status=400
            ),
        )

    def export(self, projects):
        projects = self.with_areas_met(
            projects.prefetch_related(
                self.met_rows(), "municipalities", "organisations", self.records()
            )
        )
        return [export_row(project, self.request) for project in projects]

    def export_name(self):
        """``projekter-<filters>-<date>``: the file names its filters."""
        return export_name(self.request, "projekter", params=self.filterset.filters)

    def json(self, projects):
        rows = self.export(projects)
        return {"count": len(rows), "results": rows}

    def csv(self, projects):
        header = [column for _key, column in EXPORT_FIELDS]
        rows = (
            [csv_value(row[key]) for key, _column in EXPORT_FIELDS] for row in self.export(projects)
        )
        return header, rows


class ProjectDetailView(DetailView):
    """Everything about one published project, in a fixed number of queries."""

    template_name = "projects/project_detail.html"
    context_object_name = "project"
    similar_limit = 5

    def get_queryset(self):
        return Project.objects.published().with_related()

    def get_object(self, queryset=None):
        """The project of the address and its related rows, each read with SQL kept per
        view and slug, and per project (Django's prefetches compiled six queries anew on
        every request, which took several times as long as the database took to answer)."""
        slug = self.kwargs.get(self.slug_url_kwarg)
        keep = queryset is None and slug is not None  # else the preview, by the project's id
        if not keep:
            project = super().get_object(queryset)
        else:
            view = type(self)
            found = kept_queryset(
                ("project-page", view.__module__, view.__qualname__, slug),
                lambda: self.get_queryset().filter(slug=slug),
            )
            project = next(iter(found), None)
            if project is None:
                raise Http404(_("Siden findes ikke."))
        for name, build in related_rows(project).items():
            rows = kept_queryset(("project-page", name, project.pk), build) if keep else build()
            setattr(project, name, list(rows))
        for observation in project.shown_observations:
            observation.project = project
        return project

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        project.counted_observations = [o for o in project.shown_observations if o.counts]
        project.single_observations = [o for o in project.shown_observations if not o.counts]
        areas = areas_met(project.counted_observations)
        context["areas_met"] = areas
        context["record_rows"] = record_rows(project, table_rows(ChallengeArea.objects.all()))
        context["similar_projects"] = similar_projects(project, areas, self.similar_limit)
        return context


def related_rows(project):
    """What a project's page shows of its related rows: ``{attribute: build}``, where
    ``build()`` makes the queryset of the rows (in the order shown). Records, observations
    and resources are the page's own project's whatever its state (its preview shows a
    draft's rows as the public page will once it is published)."""
    mine = {"of_published_projects": False}
    return {
        "shown_municipalities": lambda: Municipality.objects.filter(joined_projects=project),
        "shown_organisations": lambda: Organisation.objects.filter(joined_projects=project),
        "shown_highlights": lambda: Highlight.objects.filter(project=project, is_published=True),
        "shown_observations": lambda: (
            ProjectChallenge.objects.with_counts(**mine)
            .filter(project=project)
            .select_related("area", "challenge", "measurement")
            .order_by("area__order", "area__name", "area_id", "challenge__order", "pk")
        ),
        "published_records": lambda: (
            ChallengeRecord.objects.published(**mine)
            .filter(project=project)
            .select_related("measurement")
            .order_by("measurement__published_on", "pk")
        ),
        "published_resources": lambda: (
            Resource.objects.published().filter(projects=project).order_by("kind", "title")
        ),
    }


def similar_projects(project, areas, limit):
    """``Project.objects.similar_to``, with SQL kept per project, domain and areas met."""
    return kept_queryset(
        ("similar-projects", project.pk, project.domain_id, tuple(a.pk for a in areas), limit),
        lambda: (
            Project.objects.published()
            .select_related("domain")
            .similar_to(project, areas, met=Standing.objects.met(), limit=limit)
        ),
    )


def record_rows(project, areas):
    """Per published record of ``project``: the areas it met and did not meet there.

    ``[(record, [(area, [observations that count]), …] met, [area, …] not met), …]``.
    """
    rows = []
    for record in project.published_records:
        in_record = [
            observation
            for observation in project.counted_observations
            if observation.measurement_id == record.measurement_id
        ]
        met = {}
        for observation in in_record:
            met.setdefault(observation.area_id, []).append(observation)
        rows.append(
            (
                record,
                [(area, met[area.pk]) for area in areas if area.pk in met],
                [area for area in areas if area.pk not in met],
            )
        )
    return rows


@require_safe
def municipality_detail(request, region, slug):
    """A municipality's published projects, those it leads and those it joins (labelled).

    The same projects as the project list's ``municipality`` filter. 404 for an unknown
    municipality, one outside ``region``, or one with no published project.
    """
    municipality = get_object_or_404(
        Municipality.objects.select_related("region"), slug=slug, region__slug=region
    )
    joined = Project.municipalities.through.objects.filter(
        project=OuterRef("pk"), municipality=municipality
    )
    projects = list(
        Project.objects.published()
        .with_related()
        .filter(Q(lead_municipality=municipality) | Exists(joined))
        .order_by("title", "slug")
    )
    if not projects:
        raise Http404(_("Kommunen har ingen offentliggjorte projekter."))
    led = [project for project in projects if project.lead_municipality_id == municipality.pk]
    joined_projects = [p for p in projects if p.lead_municipality_id != municipality.pk]
    return render(
        request,
        "projects/municipality_detail.html",
        {
            "municipality": municipality,
            "led": led,
            "joined": joined_projects,
            "count": len(projects),
            "projects_url": reverse("projects:list") + f"?municipality={municipality.slug}",
        },
    )
