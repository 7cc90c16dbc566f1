"""The editors' workplace for regions, municipalities, domains and projects.

The building blocks every app's admin shares (publishing, history, the protection against
overwriting another editor's changes, the draft preview, ``YearRangeFormMixin``,
``PublicPageMixin``, ``format_dkk``) come from ``temperatur.editors``.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from temperatur.editors.content_admin import ContentAdmin, ReferenceAdmin, publication_fieldset
from temperatur.editors.kit import (
    TIMESTAMPS,
    CountColumnsMixin,
    EditorInlineFormSet,
    PublicPageMixin,
    YearRangeFormMixin,
    count_column,
    format_dkk,
)
from temperatur.editors.preview import DraftPreviewMixin
from temperatur.editors.publishing import PublicationStateFilter
from temperatur.editors.review_admin import WorkflowInlineMixin

from .highlights import Highlight
from .models import Project
from .reference import Domain, FundingRound, Municipality, Organisation, Region
from .views import ProjectDetailView


@admin.register(Region)
class RegionAdmin(CountColumnsMixin, ReferenceAdmin):
    list_display = ["name", "code", "municipality_count"]
    search_fields = ["name", "code"]
    search_help_text = _("Søg på navn eller regionskode.")
    fields = ["name", "slug", "code"]

    municipality_count = count_column("municipalities", _("kommuner"))


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]
    search_help_text = _("Søg på navn eller kommunekode.")
    autocomplete_fields = ["region"]
    fields = ["name", "slug", "code", "region"]
    list_per_page = 100


@admin.register(Domain)
class DomainAdmin(CountColumnsMixin, ReferenceAdmin):
    list_display = ["name", "order", "project_count"]
    list_editable = ["order"]
    search_fields = ["name"]
    fields = ["name", "slug", "order"]

    project_count = count_column("projects", _("projekter"))


@admin.register(Organisation)
class OrganisationAdmin(ReferenceAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]
    fields = ["name", "slug", "kind", "region", "url"]


class FundingRoundAdminForm(YearRangeFormMixin, forms.ModelForm):
    year_fields = ("year",)


@admin.register(FundingRound)
class FundingRoundAdmin(CountColumnsMixin, ReferenceAdmin):
    form = FundingRoundAdminForm
    list_display = ["name", "year", "projects_reported", "budget", "project_count"]
    search_fields = ["name"]
    fields = [
        "name",
        "slug",
        "year",
        "projects_reported",
        ("budget_dkk", "budget_is_approximate"),
        "description",
        "source_url",
    ]

    project_count = count_column("projects", _("projekter beskrevet her"))

    @admin.display(description=_("samlet bevilling"), ordering="budget_dkk")
    def budget(self, obj):
        return format_dkk(obj.budget_dkk)


class ProjectPreview(ProjectDetailView):
    """The public project page for any project, drafts included (»Vis kladde«)."""

    template_name = "admin/projects/project_preview.html"

    def get_queryset(self):
        # The public page's queryset without its ``.published()``; the view reads the same
        # related rows.
        return Project.objects.with_related()


class ProjectAdminForm(YearRangeFormMixin, forms.ModelForm):
    """Put the project's rules on the field an editor has to change, not above the form.

    The database constraints say the same; an error attached to a field here also keeps
    the constraint from repeating it at the top of the form (Django skips constraints
    on fields that already have an error).
    """

    year_fields = ("start_year", "end_year")

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("owner_type") == Project.OwnerType.MUNICIPAL
            and not cleaned_data.get("lead_municipality")
            and "lead_municipality" not in self.errors
        ):
            self.add_error(
                "lead_municipality",
                _(
                    "Et kommunalt projekt skal have en projektejer (kommune). Vælg kommunen "
                    "her, eller sæt »Ejer« til »Regionalt«, hvis en region står bag."
                ),
            )
        start_year, end_year = cleaned_data.get("start_year"), cleaned_data.get("end_year")
        if start_year and end_year and end_year < start_year:
            self.add_error(
                "end_year",
                _(
                    "Slutåret (%(end)s) ligger før startåret (%(start)s). Ret et af årene, "
                    "eller lad slutåret stå tomt, hvis det ikke er kendt."
                )
                % {"end": end_year, "start": start_year},
            )
        return cleaned_data


class HighlightInline(WorkflowInlineMixin, admin.TabularInline):
    model = Highlight
    formset = EditorInlineFormSet
    extra = 0
    fields = ["order", "text", "slug", "ready_for_review", "is_published"]
    prepopulated_fields = {"slug": ("text",)}
    # Keep rows compact; the text is a sentence or two.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


@admin.register(Project)
class ProjectAdmin(PublicPageMixin, DraftPreviewMixin, ContentAdmin):
    # challenges/admin.py extends this class with the observed challenges inline and a
    # challenge-area filter; see the comment there.
    form = ProjectAdminForm
    list_display = [
        "title",
        "owner",
        "domain",
        "region",
        "status",
        "funding_round",
        "grant",
        "publication_status",
        "updated_at",
    ]
    list_filter = [
        PublicationStateFilter,
        "domain",
        "owner_type",
        "region",
        "status",
        "funding_round",
    ]
    list_select_related = [
        "lead_municipality",
        "lead_organisation",
        "domain",
        "region",
        "funding_round",
    ]
    search_fields = [
        "title",
        "slug",
        "summary",
        "lead_municipality__name",
        "lead_organisation__name",
    ]
    search_help_text = _("Søg i titel, resumé og projektejer.")
    autocomplete_fields = [
        "region",
        "lead_municipality",
        "lead_organisation",
        "municipalities",
        "organisations",
        "domain",
        "funding_round",
    ]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = TIMESTAMPS
    fieldsets = [
        (
            _("Grundoplysninger"),
            {
                "fields": [
                    ("title", "title_is_working"),
                    "slug",
                    ("domain", "domain_is_inferred"),
                    ("status", "status_as_of"),
                    "summary",
                    "description",
                    "highlight",
                ]
            },
        ),
        (
            _("Ejer og deltagere"),
            {
                "description": _(
                    "Et kommunalt projekt skal have en projektejer (kommune). Et regionalt "
                    "projekt har typisk en organisation, fx et hospital, som projektejer."
                ),
                "fields": [
                    "owner_type",
                    "lead_municipality",
                    "lead_organisation",
                    "region",
                    "municipalities",
                    "organisations",
                ],
            },
        ),
        (
            _("Økonomi og periode"),
            {
                "fields": [
                    ("funding_round", "funding_round_is_inferred"),
                    ("grant_dkk", "grant_is_approximate"),
                    ("start_year", "end_year"),
                ]
            },
        ),
        (
            _("Kontakt"),
            {
                "description": _(
                    "Hvordan man kommer i kontakt med projektet. Udfyld kun, hvad en offentlig "
                    "kilde viser. Står felterne tomme, siger projektets side, at ingen offentlig "
                    "kontakt er kendt, og henviser til redaktionen."
                ),
                "fields": ["contact_url", ("contact_name", "contact_email")],
            },
        ),
        (_("Kilde og noter"), {"fields": ["source_url", "editor_note"]}),
        publication_fieldset(
            _(
                "Kun offentliggjorte projekter vises på det offentlige site. Markér "
                "projektet som klar til gennemsyn, når det er færdigt; en redaktør "
                "offentliggør det."
            )
        ),
    ]
    inlines = [HighlightInline]
    show_facets = admin.ShowFacets.ALWAYS
    edit_conflict_subject = _("dette projekt")

    def preview_response(self, request, obj, context):
        return ProjectPreview.as_view(extra_context=context)(request, pk=obj.pk)

    @admin.display(
        description=_("projektejer"),
        ordering=Coalesce("lead_municipality__name", "lead_organisation__name"),
    )
    def owner(self, obj):
        return obj.owner

    @admin.display(description=_("bevilling"), ordering="grant_dkk")
    def grant(self, obj):
        return format_dkk(obj.grant_dkk)


@admin.register(Highlight)
class HighlightAdmin(ContentAdmin):
    list_display = [
        "excerpt",
        "project",
        "municipality",
        "organisation",
        "order",
        "publication_status",
    ]
    list_filter = [PublicationStateFilter]
    list_select_related = ["project", "municipality", "organisation"]
    search_fields = ["text", "project__title", "municipality__name", "organisation__name"]
    search_help_text = _("Søg i teksten og i navnet på projekt, kommune eller organisation.")
    autocomplete_fields = ["project", "municipality", "organisation"]
    prepopulated_fields = {"slug": ("text",)}
    fieldsets = [
        (None, {"fields": ["text", "slug", "order"]}),
        (
            _("Hvem erfaringen stammer fra"),
            {
                "description": _(
                    "Udfyld det, kilden nævner: projekt, kommune og/eller organisation."
                ),
                "fields": ["project", "municipality", "organisation"],
            },
        ),
        publication_fieldset(
            _(
                "Erfaringen vises kun offentligt, når den er offentliggjort, og dens "
                "projekt (hvis den har et) også er det."
            ),
            timestamps=None,
        ),
    ]
    edit_conflict_subject = _("denne fremhævede erfaring")

    @admin.display(description=_("tekst"), ordering="text")
    def excerpt(self, obj):
        return str(obj)
