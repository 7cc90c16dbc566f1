from django import forms
from django.contrib import admin
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.admin import ProjectAdmin
from projects.models import Project
from temperatur.editors.conflicts import ConcurrentEditMixin
from temperatur.editors.content_admin import ContentAdmin, ReferenceAdmin, publication_fieldset
from temperatur.editors.kit import (
    HTTPS_URLS,
    TIMESTAMPS,
    CountColumnsMixin,
    EditorInlineFormSet,
    PublicPageMixin,
    count_column,
)
from temperatur.editors.publishing import PublicationStateFilter
from temperatur.editors.review_admin import WorkflowInlineMixin

from .catalogue import AreaFinding, Challenge, ChallengeArea, Measurement
from .models import ChallengeRecord, ProjectChallenge
from .observation_import_admin import ObservationImportAdminMixin

COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class ChallengeInline(admin.TabularInline):
    model = Challenge
    formset = EditorInlineFormSet
    extra = 0
    fields = ["order", "name", "slug", "description"]
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = COMPACT_TEXT


@admin.register(ChallengeArea)
class ChallengeAreaAdmin(CountColumnsMixin, PublicPageMixin, ReferenceAdmin):
    list_display = ["name", "order", "challenge_count", "observation_count"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    fields = ["name", "slug", "order", "description"]
    inlines = [ChallengeInline]

    challenge_count = count_column("challenges", _("konkrete udfordringer"))
    observation_count = count_column("observations", _("oplevede udfordringer"))


@admin.register(Challenge)
class ChallengeAdmin(ReferenceAdmin):
    list_display = ["name", "area", "order"]
    list_filter = ["area"]
    list_select_related = ["area"]
    # The area's name is searchable too, so that typing it in the autocomplete of an
    # observation narrows the list to that area's challenges.
    search_fields = ["name", "area__name"]
    search_help_text = _("Søg på udfordringens eller områdets navn.")
    autocomplete_fields = ["area"]
    fields = ["area", "name", "slug", "order", "description"]


class AreaFindingForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "rank" in self.fields:
            self.fields["rank"].validators.append(
                MinValueValidator(
                    1, message=_("Placeringen skal være 1 eller højere (1 = vigtigst).")
                )
            )


class AreaFindingFormSet(EditorInlineFormSet):
    duplicate_fields = ("area",)


class AreaFindingInline(admin.StackedInline):
    model = AreaFinding
    form = AreaFindingForm
    formset = AreaFindingFormSet
    extra = 0
    fields = ["area", ("rank", "projects_reporting"), "summary", "quote"]
    autocomplete_fields = ["area"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


@admin.register(Measurement)
class MeasurementAdmin(ReferenceAdmin):
    list_display = ["name", "published_on", "publisher", "projects_covered"]
    search_fields = ["name", "publisher"]
    search_help_text = _("Søg på målingens navn eller udgiver.")
    date_hierarchy = "published_on"
    fieldsets = [
        (_("Grundoplysninger"), {"fields": ["name", "slug", "published_on", "publisher"]}),
        (_("Metode og resultat"), {"fields": ["projects_covered", "method", "summary"]}),
        (_("Kilde"), {"fields": ["source_url"]}),
    ]
    inlines = [AreaFindingInline]


@admin.register(AreaFinding)
class AreaFindingAdmin(ConcurrentEditMixin, admin.ModelAdmin):
    form = AreaFindingForm
    list_display = ["area", "measurement", "rank", "projects_reporting"]
    list_filter = ["measurement", "area"]
    list_select_related = ["area", "measurement"]
    search_fields = ["area__name", "measurement__name", "summary"]
    search_help_text = _("Søg på område, måling eller i konklusionen.")
    autocomplete_fields = ["measurement", "area"]
    fields = ["measurement", "area", ("rank", "projects_reporting"), "summary", "quote"]
    list_per_page = 50


class ProjectChallengeInlineFormSet(EditorInlineFormSet):
    """The same observation twice on one project is refused (EditorInlineFormSet)."""

    duplicate_fields = ("area", "challenge", "measurement")
    duplicate_message = _(
        "Projektet har allerede denne udfordring registreret for samme område og måling. Ret "
        "den eksisterende række i stedet, eller fjern denne."
    )
    saved_meanwhile_message = _(
        "En anden har netop registreret denne udfordring for projektet (samme område og "
        "måling), mens du redigerede. Ret rækken, eller fjern den; dine øvrige indtastninger "
        "er bevaret."
    )


class ProjectChallengeInline(WorkflowInlineMixin, admin.TabularInline):
    model = ProjectChallenge
    formset = ProjectChallengeInlineFormSet
    extra = 0
    fields = [*ProjectChallenge.CONTENT_FIELDS, "ready_for_review", "is_published"]
    autocomplete_fields = ["area", "challenge", "measurement"]
    formfield_overrides = {**HTTPS_URLS, **COMPACT_TEXT}
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project", "area")


class ChallengeRecordInlineFormSet(EditorInlineFormSet):
    """A project has at most one record per measurement (EditorInlineFormSet)."""

    duplicate_fields = ("measurement",)
    duplicate_message = _(
        "Projektet har allerede en registrering for denne måling. Ret den eksisterende række "
        "i stedet, eller fjern denne."
    )
    saved_meanwhile_message = _(
        "En anden har netop registreret projektet for denne måling, mens du redigerede. Ret "
        "rækken, eller fjern den; dine øvrige indtastninger er bevaret."
    )


class ChallengeRecordInline(WorkflowInlineMixin, admin.TabularInline):
    model = ChallengeRecord
    formset = ChallengeRecordInlineFormSet
    extra = 0
    verbose_name_plural = _(
        "registreringer: målinger, hvor projektets udfordringer er registreret fuldt ud"
    )
    fields = [*ChallengeRecord.CONTENT_FIELDS, "ready_for_review", "is_published"]
    autocomplete_fields = ["measurement"]
    formfield_overrides = {**HTTPS_URLS, **COMPACT_TEXT}
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project", "measurement")


class ProjectRecordFilter(admin.SimpleListFilter):
    """Projects by whether their challenges are recorded (published record) in a measurement.

    The values are ``<measurement>`` (recorded in it) and ``ikke-<measurement>`` (not), plus
    ``alle``/``ingen`` for any measurement.
    """

    title = _("registrering")
    parameter_name = "registrering"

    def lookups(self, request, model_admin):
        choices = [
            ("alle", _("Registreret (i en hvilken som helst måling)")),
            ("ingen", _("Ikke registreret")),
        ]
        for measurement in Measurement.objects.order_by("published_on"):
            choices += [
                (measurement.slug, _("Registreret i %(name)s") % {"name": measurement}),
                (
                    f"ikke-{measurement.slug}",
                    _("Ikke registreret i %(name)s") % {"name": measurement},
                ),
            ]
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        records = ChallengeRecord.objects.filter(is_published=True)
        negate = value == "ingen" or value.startswith("ikke-")
        slug = value.removeprefix("ikke-")
        if slug not in ("alle", "ingen"):
            records = records.filter(measurement__slug=slug)
        recorded = records.values("project")
        return queryset.exclude(pk__in=recorded) if negate else queryset.filter(pk__in=recorded)


class ProjectChallengeAreaFilter(admin.SimpleListFilter):
    """Projects by the challenge areas they met.

    A plain ``challenges__area`` filter would count a project once per observation in
    its facet counts; a subquery counts each project once.
    """

    title = _("udfordringsområde")
    parameter_name = "udfordringsomraade"

    def lookups(self, request, model_admin):
        return [(area.slug, area.name) for area in ChallengeArea.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            observations = ProjectChallenge.objects.filter(area__slug=self.value())
            return queryset.filter(pk__in=observations.values("project"))
        return queryset


# Editors record a project's observed challenges on the project's own page. Of the
# ``challenges`` app, ``projects`` may use only the models (dependencies run one way,
# checked by import-linter in `make lint`), so rather than importing this inline into
# projects/admin.py we extend the registered
# ProjectAdmin here and register the subclass in its place. Importing projects.admin
# above guarantees the original is registered before we replace it, whatever the
# order of INSTALLED_APPS; without this app the project admin simply has no inline.
class ProjectWithChallengesAdmin(ProjectAdmin):
    inlines = [ChallengeRecordInline, ProjectChallengeInline, *ProjectAdmin.inlines]
    list_filter = [*ProjectAdmin.list_filter, ProjectRecordFilter, ProjectChallengeAreaFilter]


admin.site.unregister(Project)
admin.site.register(Project, ProjectWithChallengesAdmin)


@admin.register(ProjectChallenge)
class ProjectChallengeAdmin(ObservationImportAdminMixin, ContentAdmin):
    # »Importér fra CSV« (ObservationImportAdminMixin): challenges/observation_import_admin.py.
    list_display = [
        "project",
        "area",
        "challenge",
        "measurement",
        "severity",
        "publication_status",
        "updated_at",
    ]
    list_filter = [PublicationStateFilter, "area", "measurement", "severity", "project__domain"]
    list_select_related = ["project", "area", "challenge", "measurement"]
    search_fields = ["project__title", "area__name", "challenge__name", "description"]
    search_help_text = _("Søg på projekt, område, konkret udfordring eller i beskrivelsen.")
    autocomplete_fields = ["project", "area", "challenge", "measurement"]
    readonly_fields = TIMESTAMPS
    fieldsets = [
        (
            _("Projekt og udfordring"),
            {
                "description": _(
                    "Den konkrete udfordring er valgfri, men skal høre til det valgte område."
                ),
                "fields": ["project", "area", "challenge"],
            },
        ),
        (_("Måling og alvor"), {"fields": ["measurement", "severity"]}),
        (_("Beskrivelse og kilde"), {"fields": ["description", "source_url"]}),
        publication_fieldset(
            _("Udfordringen vises kun offentligt, når både den og projektet er offentliggjort.")
        ),
    ]
    show_facets = admin.ShowFacets.ALWAYS
    edit_conflict_subject = _("denne oplevede udfordring")


@admin.register(ChallengeRecord)
class ChallengeRecordAdmin(ContentAdmin):
    list_display = ["project", "measurement", "publication_status", "updated_at"]
    list_filter = [PublicationStateFilter, "measurement", "project__domain"]
    list_select_related = ["project", "measurement"]
    search_fields = ["project__title", "measurement__name", "note"]
    search_help_text = _("Søg på projekt, måling eller i noten.")
    autocomplete_fields = ["project", "measurement"]
    readonly_fields = TIMESTAMPS
    fieldsets = [
        (
            _("Projekt og måling"),
            {
                "description": _(
                    "En offentliggjort registrering siger: projektets udfordringer i målingen er "
                    "registreret fuldt ud, inden for alle syv områder. Så tæller projektets "
                    "udfordringer fra målingen med i temperaturen, og de områder, hvor der ikke "
                    "er registreret en udfordring, vises som »ikke mødt«. Uden registrering "
                    "ved vi ikke, hvilke områder projektet har mødt."
                ),
                "fields": ["project", "measurement"],
            },
        ),
        (_("Kilde og note"), {"fields": ["source_url", "note"]}),
        publication_fieldset(
            _("Registreringen vises kun offentligt, når både den og projektet er offentliggjort.")
        ),
    ]
    show_facets = admin.ShowFacets.ALWAYS
    edit_conflict_subject = _("denne registrering")
