"""What the projects app puts on the public site (``temperatur.core.public``): the project
feed and sitemaps, the projects in the site search, the reference data and the projects
in the open data and the fixtures."""

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeRecord, ProjectChallenge
from temperatur.core import search_hits
from temperatur.core.public import Feed, PublicOutputs, SearchKind, Section
from temperatur.web.feeds import PublishedContentFeed
from temperatur.web.sitemaps import PageSitemap, PublishedSitemap

from .filters import search_related
from .models import Domain, FundingRound, Highlight, Municipality, Organisation, Project, Region


class ProjectFeed(PublishedContentFeed):
    model = Project
    title = _("Temperatur: nye og opdaterede projekter")
    subtitle = _("Offentliggjorte AI-signaturprojekter i kommuner og regioner, nyeste først.")
    link = reverse_lazy("projects:list")


class ProjectSitemap(PublishedSitemap):
    model = Project


class MunicipalitySitemap(PageSitemap):
    """A municipality's page exists while it leads or joins a published project."""

    def items(self):
        published = Project.objects.published()
        return (
            Municipality.objects.select_related("region")
            .filter(
                Exists(published.filter(lead_municipality=OuterRef("pk")))
                | Exists(published.filter(municipalities=OuterRef("pk")))
            )
            .order_by("region__slug", "slug")
        )

    def location(self, municipality):
        return reverse("municipality", args=[municipality.region.slug, municipality.slug])


def published_projects():
    return Project.objects.published()


RECORDS = Section(
    "records",
    ChallengeRecord,
    (*ChallengeRecord.CONTENT_FIELDS, "published_changed_at"),
    None,
    _(
        "Et projekts registreringer (inde i projektet): i hvilke målinger projektets "
        "udfordringer er registreret fuldt ud, inden for alle syv områder. Et projekt uden "
        "registrering er ikke registreret: vi ved ikke, hvilke områder det har mødt."
    ),
    source="published_records",
    parent_column="project",
)
OBSERVATIONS = Section(
    "observations",
    ProjectChallenge,
    (*ProjectChallenge.CONTENT_FIELDS, "published_changed_at"),
    None,
    _(
        "Et projekts offentliggjorte oplevede udfordringer (inde i projektet). En udfordring "
        "tæller kun med i temperaturen, når projektet har en registrering i samme måling."
    ),
    parent_column="project",
)

REFERENCE_SECTIONS = (
    Section(
        "regions",
        Region,
        ("slug", "name", "code"),
        lambda: Region.objects.order_by("code"),
        _("De fem regioner."),
    ),
    Section(
        "municipalities",
        Municipality,
        ("slug", "name", "code", "region"),
        lambda: Municipality.objects.select_related("region").order_by("code"),
        _("Kommunerne."),
    ),
    Section(
        "domains",
        Domain,
        ("slug", "name", "order"),
        lambda: Domain.objects.all(),
        _("Fagområderne, projekterne hører til."),
    ),
    Section(
        "organisations",
        Organisation,
        ("slug", "name", "kind", "region", "url"),
        lambda: Organisation.objects.select_related("region"),
        _("Hospitaler, fællesoffentlige organisationer, leverandører m.fl."),
    ),
    Section(
        "funding_rounds",
        FundingRound,
        (
            "slug",
            "name",
            "year",
            "projects_reported",
            "budget_dkk",
            "budget_is_approximate",
            "description",
            "source_url",
        ),
        lambda: FundingRound.objects.all(),
        _("Investeringsfondens ansøgningsrunder."),
    ),
)

CONTENT_SECTIONS = (
    Section(
        "projects",
        Project,
        (
            "slug",
            "title",
            "title_is_working",
            "summary",
            "description",
            "owner_type",
            "region",
            "lead_municipality",
            "lead_organisation",
            "municipalities",
            "organisations",
            "domain",
            "domain_is_inferred",
            "status",
            "status_as_of",
            "funding_round",
            "funding_round_is_inferred",
            "grant_dkk",
            "grant_is_approximate",
            "start_year",
            "end_year",
            "highlight",
            "source_url",
            "contact_url",
            "contact_name",
            "contact_email",
            "is_synthetic",
            "created_at",
            "published_changed_at",
        ),
        lambda: (
            published_projects()
            .select_related(
                "region", "lead_municipality", "lead_organisation", "domain", "funding_round"
            )
            .prefetch_related(
                "municipalities",
                "organisations",
                Prefetch(
                    "challenges",
                    queryset=ProjectChallenge.objects.published().select_related(
                        "area", "challenge", "measurement"
                    ),
                    to_attr="observations",
                ),
                Prefetch(
                    "records",
                    queryset=ChallengeRecord.objects.published()
                    .select_related("measurement")
                    .order_by("measurement__published_on", "pk"),
                    to_attr="published_records",
                ),
            )
            .order_by("title", "slug")
        ),
        _("De offentliggjorte projekter."),
        children=(RECORDS, OBSERVATIONS),
    ),
    Section(
        "highlights",
        Highlight,
        ("slug", "text", "order", "project", "municipality", "organisation"),
        lambda: Highlight.objects.published().select_related(
            "project", "municipality", "organisation"
        ),
        _("Fremhævede erfaringer fra første år."),
    ),
)

PUBLIC = PublicOutputs(
    feeds=(Feed("feeds/projekter/", ProjectFeed(), "feed_projects"),),
    sitemaps={"projects": ProjectSitemap, "municipalities": MunicipalitySitemap},
    pages=("projects:list",),
    search_kinds=(
        SearchKind(
            "projekt",
            _("Projekter"),
            search_hits.hit_columns("title", "summary", "description"),
            Project.objects.published,
            related=search_related,
            url=lambda row: reverse("projects:detail", args=[row["hit_slug"]]),
            label=lambda row: _("Projekt"),
        ),
    ),
    reference_sections=REFERENCE_SECTIONS,
    content_sections=CONTENT_SECTIONS,
    reference_fixtures=("regions", "municipalities", "domains", "organisations", "funding_rounds"),
    content_fixtures=("projects",),
    reported_pages={
        "projects:detail": lambda slug: Project.objects.published().filter(slug=slug).first(),
    },
    published_models=(Project, Highlight),
    synthetic=(lambda: Project.objects.synthetic(),),
)
