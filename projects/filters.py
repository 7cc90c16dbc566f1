"""The project FilterSet: the one definition of "the projects of a view".

The project list and the temperature page (``challenges``) both filter with it,
so a count on the temperature page and the list it links to always agree.
Filter values in URLs are slugs, never ids.

Invalid input (an unknown slug, a bad sort, a NUL byte, an enormous value) becomes
a form error, never an exception: the guarded fields below refuse malformed values
before a model field's own cleaning sends them to the database.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.html import conditional_escape
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from challenges.models import (
    ChallengeArea,
    ChallengeRecord,
    Measurement,
    ProjectChallenge,
    Standing,
)
from temperatur.core.fields import (
    BuiltOnceFilterSetMixin,
    ChoiceFilter,
    ModelChoiceFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
)
from temperatur.core.html import format_message
from temperatur.core.search import MAX_QUERY_LENGTH, Related
from temperatur.core.widgets import choices_are_content
from temperatur.templatetags.content import danish

from .models import Domain, FundingRound, Municipality, Project, Region


def search_related():
    """What else a project is found by: the names of its domain, region, owner, participating
    municipalities and organisations, and of the areas it met (observations that count).
    The project list's search and the site search (/soeg/) both use it."""
    return (
        "domain",
        "region",
        "lead_municipality",
        "lead_organisation",
        "municipalities",
        "organisations",
        Related(
            "challenges",
            ChallengeArea.objects.all(),
            through=ProjectChallenge.objects.counted(),
            through_field="area",
        ),
    )


DEFAULT_SORT = "title"
SORT_CHOICES = [
    ("title", _("Titel (A–Å)")),
    ("-grant", _("Største bevilling først")),
    ("grant", _("Mindste bevilling først")),
    ("-start_year", _("Nyeste startår først")),
    ("start_year", _("Ældste startår først")),
    ("-areas", _("Flest udfordringsområder først")),
    ("areas", _("Færrest udfordringsområder først")),
]
# Parameters that are not filters: they never become chips, and a chip's link drops ``page``.
NOT_FILTERS = {"sort", "page", "format"}


@dataclass(frozen=True)
class Chip:
    """One active filter value: what to call it and where to go to remove it.

    ``is_content`` says the value's name comes from the database (a domain, a region…),
    so it is Danish on English pages too and marked so in ``label_html``.
    """

    name: str
    filter_label: str
    value_label: str
    remove_url: str
    is_content: bool = False

    @property
    def label(self):
        return gettext("%(filter)s: %(value)s") % {
            "filter": self.filter_label,
            "value": self.value_label,
        }

    @property
    def label_html(self):
        value = (
            danish(self.value_label) if self.is_content else conditional_escape(self.value_label)
        )
        return format_message(
            gettext("%(filter)s: %(value)s"), filter=self.filter_label, value=value
        )


class ProjectFilter(BuiltOnceFilterSetMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Søg"),
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "Ord i titel, resumé eller beskrivelse, eller navnet på fagområde, område, "
            "kommune eller organisation."
        ),
        widget=forms.TextInput(attrs={"class": "form-input", "type": "search"}),
    )
    domain = ModelMultipleChoiceFilter(
        label=_("Fagområde"),
        queryset=Domain.objects.all(),
    )
    owner_type = ChoiceFilter(
        label=_("Ejer"), choices=Project.OwnerType.choices, empty_label=_("Alle")
    )
    region = ModelMultipleChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        method="filter_region",
        help_text=_("Projekter, der ejes i regionen eller har deltagende kommuner i den."),
    )
    municipality = ModelChoiceFilter(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        method="filter_municipality",
        empty_label=_("Alle kommuner"),
        help_text=_("Projekter, kommunen ejer eller deltager i."),
    )
    status = MultipleChoiceFilter(label=_("Fase"), choices=Project.Status.choices)
    area = ModelMultipleChoiceFilter(
        label=_("Udfordringsområde"),
        queryset=ChallengeArea.objects.all(),
        method="filter_area",
        help_text=_(
            "Registrerede projekter, der har mødt alle de valgte områder. Projekter, hvis "
            "udfordringer ikke er registreret, kommer ikke med."
        ),
    )
    measurement = ModelChoiceFilter(
        label=_("Måling"),
        queryset=Measurement.objects.all(),
        method="filter_measurement",
        empty_label=_("Alle målinger"),
        help_text=_("Projekter, hvis udfordringer er registreret i målingen."),
    )
    funding_round = ModelChoiceFilter(
        label=_("Ansøgningsrunde"),
        queryset=FundingRound.objects.all(),
        empty_label=_("Alle runder"),
    )
    sort = ChoiceFilter(
        label=pgettext_lazy("rækkefølge", "Sortér efter"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Project
        fields = []

    def _measurement(self):
        return getattr(self.form, "cleaned_data", {}).get("measurement")

    def rows_key(self):
        """What the SQL of a page's rows depends on beside which rows they are: the order
        and the measurement (``temperatur.core.statements.kept_queryset``)."""
        measurement = self._measurement()
        sort = self.form.cleaned_data.get("sort") or DEFAULT_SORT
        return (sort, None if measurement is None else measurement.pk)

    def choices(self, name):
        """The rows filter ``name`` offers: its whole table, read once for the form."""
        return self.form.fields[name].instances()

    def areas_met(self):
        """Which projects met which areas, within the chosen measurement when there is one:
        the summary of the observations that count (``challenges.standing``), one row per
        project and area."""
        return Standing.objects.met(measurement=self._measurement())

    def published_records(self, *, of_published_projects=True):
        """The published records, within the chosen measurement when there is one
        (``of_published_projects=False``: whatever the project's state, for a caller whose
        projects are published already)."""
        records = ChallengeRecord.objects.published(of_published_projects=of_published_projects)
        measurement = self._measurement()
        if measurement is not None:
            records = records.filter(measurement=measurement)
        return records

    def filter_q(self, queryset, name, value):
        return queryset.search(value, related=search_related())

    def filter_region(self, queryset, name, value):
        """Projects owned in any of the regions or joined by a municipality in one of them.

        The definition of /regioner/ (``challenges.regions``), so its figures equal this
        list. One ``pk IN`` of the three ways in, each read from its own index: SQLite
        counts a region's projects from that set (at 10,000 projects 3.7 ms, where an OR
        of the three took 7.3 ms and an OR of EXISTS, which reads every project, 9.1 ms).
        """
        regions = [region.pk for region in value]
        if not regions:
            return queryset
        own = Project.objects.filter(region__in=regions).order_by().values("pk")
        led = Project.objects.filter(lead_municipality__region__in=regions).order_by()
        joined = Project.municipalities.through.objects.filter(
            municipality__region__in=regions
        ).values("project_id")
        return queryset.filter(pk__in=own.union(led.values("pk"), joined))

    def filter_municipality(self, queryset, name, value):
        joined = Project.municipalities.through.objects.filter(
            project=OuterRef("pk"), municipality=value
        )
        return queryset.filter(Q(lead_municipality=value) | Exists(joined))

    def filter_area(self, queryset, name, value):
        """Projects that met every chosen area (observations that count).

        A correlated EXISTS, one index seek per project in the summary's index for a
        project's own rows: a page of the list in title order reads projects only until it
        has its 20 (at 10,000 projects, 0.3 ms instead of 12 ms for ``pk IN (…)``, which made
        SQLite read every project that met the area and sort them), and a count reads each
        project once.
        """
        for area in value:
            met = self.areas_met().filter(project=OuterRef("pk"), area=area)
            queryset = queryset.filter(Exists(met))
        return queryset

    def filter_measurement(self, queryset, name, value):
        """Projects with a published record in the measurement (``challenges.prevalence``)."""
        return queryset.filter(pk__in=self.published_records().values("project_id"))

    def filter_sort(self, queryset, name, value):
        # The order is applied last, in filter_queryset, so that the default applies too.
        return queryset

    # Ordering

    def _area_count(self):
        """The number of distinct areas a project met (as a subquery, so no GROUP BY);
        None for a project that is not recorded, which is unknown, not 0.
        """
        per_project = (
            self.areas_met()
            .filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(areas=Count("area"))
            .values("areas")
        )
        recorded = self.published_records().filter(project=OuterRef("pk"))
        return Case(
            When(
                Exists(recorded),
                then=Coalesce(Subquery(per_project, output_field=IntegerField()), Value(0)),
            ),
            default=None,
            output_field=IntegerField(),
        )

    def ordering(self, sort):
        """``order_by()`` arguments for a sort value; the title breaks ties, then the slug."""
        descending = sort.startswith("-")
        key = sort.lstrip("-")
        if key == "title":
            return ["title", "slug"]
        expression = {
            "grant": F("grant_dkk"),
            "start_year": F("start_year"),
            "areas": self._area_count(),
        }[key]
        # Unknown grants, years and area counts (not recorded) go last either way.
        if descending:
            return [expression.desc(nulls_last=True), "title", "slug"]
        return [expression.asc(nulls_last=True), "title", "slug"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or DEFAULT_SORT
        return queryset.order_by(*self.ordering(sort))

    # Chips

    def active_filters(self):
        """The active filter values as chips, each with a link that removes just that value.

        Values come from ``cleaned_data`` (model instances already loaded by validation),
        so this makes no queries. Fields with errors show no chips.
        """
        if not self.is_bound:
            return []
        self.form.is_valid()
        chips = []
        for name, field in self.form.fields.items():
            if name in NOT_FILTERS or name in self.form.errors:
                continue
            value = self.form.cleaned_data.get(name)
            if value in EMPTY_VALUES:
                continue
            is_content = choices_are_content(field)
            if isinstance(field, forms.ModelMultipleChoiceField):
                items = [(item.slug, str(item)) for item in value]
            elif isinstance(field, forms.ModelChoiceField):
                items = [(value.slug, str(value))]
            elif isinstance(field, forms.MultipleChoiceField):
                labels = dict(field.choices)
                items = [(item, str(labels[item])) for item in dict.fromkeys(value)]
            elif isinstance(field, forms.ChoiceField):
                items = [(value, str(dict(field.choices)[value]))]
            else:
                # Translators: the words the visitor searched for, quoted.
                items = [(None, gettext("»%(words)s«") % {"words": value})]
            for raw, value_label in items:
                chips.append(
                    Chip(
                        name=name,
                        filter_label=str(field.label),
                        value_label=value_label,
                        remove_url=self._url_without(name, raw),
                        is_content=is_content,
                    )
                )
        return chips

    def _url_without(self, name, raw):
        """The current query string without one value of ``name`` (all of it if raw is None)."""
        data = self.data.copy()
        for key in ("page", "format"):
            data.pop(key, None)
        if raw is None:
            data.pop(name, None)
        else:
            data.setlist(name, [item for item in data.getlist(name) if item != raw])
        query = data.urlencode()
        path = self.request.path if self.request is not None else ""
        if query:
            return f"{path}?{query}"
        return path or "?"
