from django.db import models
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from temperatur.core.history import ContentHistory
from temperatur.core.links import slug_url
from temperatur.core.naturalkeys import SlugNaturalKeyMixin, SlugQuerySet
from temperatur.core.references import optional_reference
from temperatur.core.workflow import (
    PublicationFields,
    PublicationMixin,
    PublicationQuerySetMixin,
    not_in_review_when_published,
    published_index,
    register_publication_child,
)
from temperatur.core.years import MAX_YEAR, MIN_YEAR

from .highlights import Highlight
from .reference import Domain, FundingRound, Municipality, Organisation, Region

__all__ = [
    "Domain",
    "FundingRound",
    "Highlight",
    "Municipality",
    "Organisation",
    "Project",
    "Region",
]


# A project's long texts (search reads them in SQL).
LONG_TEXTS = ("description", "highlight", "editor_note")


class ProjectQuerySet(PublicationQuerySetMixin, SlugQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def synthetic(self):
        return self.filter(is_synthetic=True)

    def search(self, query, *, ranked=False, related=()):
        """Projects matching ``query`` in the title, summary or description (the site's search),
        or in the names of ``related`` rows (``projects.filters.search_related()``).

        ``temperatur.core.search`` chooses PostgreSQL full-text search or the portable one.
        """
        from temperatur.core.search import search

        return search(self, query, ranked=ranked, related=related)

    def for_rows(self):
        """Without the long texts, which rows, lists and exports never show."""
        return self.defer(*LONG_TEXTS)

    def with_related(self):
        """Fetch the foreign keys a project row or page shows in the same query."""
        return self.select_related(
            "domain", "region", "lead_municipality", "lead_organisation", "funding_round"
        )

    def similar_to(self, project, areas, *, met, limit):
        """Up to ``limit`` projects like ``project`` (a queryset): in its domain or sharing one
        of ``areas``.

        ``met`` says which projects met which areas: rows with ``project`` and ``area``, one
        per project and area (``challenges.models.Standing.objects.met()``, passed in). Each
        project carries ``shared_areas`` (of ``areas``, those it met); the most shared areas
        come first, then those in the same domain, then by title.

        One query: the most alike (same domain, every one of ``areas``) in title order until
        there are ``limit`` (none can rank above them); only when there are fewer, every
        published project ranked (an index seek each). Its two parts are compiled apart:
        nesting querysets makes Django copy every subquery again, longer than SQL takes.
        """
        if areas:
            per_project = (
                met.filter(project=OuterRef("pk"))
                .order_by()
                .values("project")
                .annotate(n=Count("pk", filter=Q(area__in=areas)))
                .values("n")
            )
            shared = Coalesce(Subquery(per_project, output_field=IntegerField()), Value(0))
        else:
            shared = Value(0, output_field=IntegerField())
        same_domain = Case(
            When(domain_id=project.domain_id, then=1), default=0, output_field=IntegerField()
        )
        order = ("-shared_areas", "-same_domain", "title", "slug")
        ranked = self.select_related(None).exclude(pk=project.pk)
        ranked = ranked.alias(shared_areas=shared, same_domain=same_domain)
        most_alike = ranked.filter(domain_id=project.domain_id, shared_areas=len(areas))
        alike = most_alike.order_by("title", "slug").values("pk")[:limit]
        # A condition the database evaluates once, before it reads a project:
        few = ~Exists(most_alike.order_by().values("pk")[limit - 1 : limit])
        rest = ranked.filter(few).order_by(*order).values("pk")[:limit]
        (alike_sql, alike_params), (rest_sql, rest_params) = (
            part.query.sql_with_params() for part in (alike, rest)
        )
        chosen = RawSQL(
            f"SELECT * FROM ({alike_sql}) alike UNION SELECT * FROM ({rest_sql}) rest",
            (*alike_params, *rest_params),
        )
        similar = self.filter(pk__in=chosen).annotate(shared_areas=shared, same_domain=same_domain)
        return similar.filter(Q(shared_areas__gt=0) | Q(same_domain=1)).order_by(*order)


class Project(PublicationMixin, SlugNaturalKeyMixin, models.Model):
    class OwnerType(models.TextChoices):
        MUNICIPAL = "kommunal", _("Kommunalt")
        REGIONAL = "regional", _("Regionalt")

    class Status(models.TextChoices):
        PROOF_OF_CONCEPT = "proof-of-concept", _("Proof of concept")
        TRIAL = "afproevning", _("Afprøvning")
        CLINICAL_VALIDATION = "klinisk-validering", _("Klinisk validering")
        IMPLEMENTATION = "implementering", _("Implementering")
        SCALING = "skalering", _("Skalering")
        FINISHED = "afsluttet", _("Afsluttet")

    title = models.CharField(_("titel"), max_length=250)
    title_is_working = models.BooleanField(
        _("titlen er en arbejdstitel"),
        default=False,
        help_text=_(
            "Sæt flueben, når kilderne ikke giver projektets officielle titel; siden skriver "
            "da »arbejdstitel« ved titlen."
        ),
    )
    slug = models.SlugField(_("kort navn i adresser"), max_length=250, unique=True)
    summary = models.TextField(
        _("resumé"), blank=True, help_text=_("Et par sætninger, der vises i oversigter.")
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    owner_type = models.CharField(_("ejer"), max_length=10, choices=OwnerType.choices)
    region = optional_reference(
        Region,
        "projects",
        _("region"),
        help_text=_("Lad feltet stå tomt, hvis kilderne ikke oplyser regionen."),
    )
    lead_municipality = optional_reference(
        Municipality,
        "led_projects",
        _("projektejer (kommune)"),
        help_text=_("Skal udfyldes for kommunale projekter."),
    )
    lead_organisation = optional_reference(
        Organisation,
        "led_projects",
        _("projektejer (organisation)"),
        help_text=_("Fx det hospital eller den fællesorganisation, der driver projektet."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="joined_projects",
        verbose_name=_("deltagende kommuner"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="joined_projects",
        verbose_name=_("deltagende organisationer"),
    )
    domain = models.ForeignKey(
        Domain, models.PROTECT, related_name="projects", verbose_name=_("fagområde")
    )
    domain_is_inferred = models.BooleanField(
        _("fagområdet er udledt"),
        default=False,
        help_text=_(
            "Sæt flueben, når kilderne ikke nævner fagområdet, men det er udledt af, hvad "
            "projektet handler om; siden skriver da »udledt«. Fjern fluebenet, når det er "
            "bekræftet."
        ),
    )
    status = models.CharField(
        _("fase"),
        max_length=30,
        choices=Status.choices,
        blank=True,
        help_text=_("Lad feltet stå tomt, hvis fasen ikke er kendt."),
    )
    status_as_of = models.DateField(
        _("fasen gælder pr."),
        null=True,
        blank=True,
        help_text=_(
            "Den dato, kilden beskriver fasen pr. (fx 1. april 2021 for temperaturmålingen). "
            "Siden viser måned og år."
        ),
    )
    funding_round = optional_reference(
        FundingRound,
        "projects",
        _("ansøgningsrunde"),
        help_text=_("Lad feltet stå tomt, hvis kilderne ikke oplyser runden."),
    )
    funding_round_is_inferred = models.BooleanField(
        _("runden er udledt"),
        default=False,
        help_text=_(
            "Sæt flueben, når kilderne ikke nævner runden, men den er udledt (fx af året for "
            "bevillingen); siden skriver da »udledt«."
        ),
    )
    grant_dkk = models.PositiveBigIntegerField(
        _("bevilling (kr.)"),
        null=True,
        blank=True,
        help_text=_("Tilskuddet fra investeringsfonden i hele kroner, fx 1900000."),
    )
    grant_is_approximate = models.BooleanField(
        _("bevillingen er afrundet"),
        default=False,
        help_text=_(
            "Sæt flueben, når kilden afrunder beløbet (fx »1,9 mio. kr.«); siden skriver da »ca.«."
        ),
    )
    start_year = models.PositiveSmallIntegerField(_("startår"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("slutår"), null=True, blank=True)
    highlight = models.TextField(
        _("fremhævet erfaring"),
        blank=True,
        help_text=_("En kort erfaring fra projektet, som den er formuleret i kilden."),
    )
    source_url = models.URLField(
        _("kilde"),
        max_length=500,
        blank=True,
        help_text=_("Adressen på den offentlige kilde, oplysningerne stammer fra."),
    )
    # How to reach the project. Only what a public source gives: never a guessed person or
    # address. Empty: the pages say that no public contact is known and point to the site's
    # own contact (temperatur.web.contact).
    contact_url = models.URLField(
        _("kontaktside"),
        max_length=500,
        blank=True,
        help_text=_(
            "Adressen på projektejerens offentlige side med kontaktoplysninger om projektet, "
            "fx projektets side hos kommunen eller hospitalet."
        ),
    )
    contact_name = models.CharField(
        _("navngiven kontakt"),
        max_length=200,
        blank=True,
        help_text=_(
            "Navn og rolle, som kilden skriver dem. Kun hvis en offentlig kilde nævner personen "
            "som kontakt for projektet; skriv kilden i den interne note."
        ),
    )
    contact_email = models.EmailField(
        _("kontaktens e-mail"),
        blank=True,
        help_text=_(
            "Kun en e-mailadresse, som en offentlig kilde giver som kontakt for projektet."
        ),
    )
    editor_note = models.TextField(
        _("intern note"),
        blank=True,
        help_text=_("Vises kun for redaktører, fx hvad der endnu skal bekræftes."),
    )
    publication = PublicationFields(
        published_help_text=_("Kun offentliggjorte projekter vises."), synthetic=True
    )

    internal_fields = ("editor_note",)
    required_for_publication = (
        (
            "source_url",
            _(
                "Skriv adressen på den offentlige kilde, før projektet offentliggøres: siden "
                "»Om« lover en kilde til hvert projekt."
            ),
        ),
        (
            "summary",
            _("Skriv et resumé, før projektet offentliggøres: det vises i oversigterne."),
        ),
    )

    objects = ProjectQuerySet.as_manager()
    history = ContentHistory(
        m2m_fields=["municipalities", "organisations"],
        verbose_name=_("tidligere version af projekt"),
        verbose_name_plural=_("tidligere versioner af projekter"),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("projekt")
        verbose_name_plural = _("projekter")
        permissions = [("publish_project", _("Kan offentliggøre projekter"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_type="regional") | Q(lead_municipality__isnull=False),
                name="projects_project_municipal_has_lead",
                violation_error_message=_(
                    "Et kommunalt projekt skal have en projektejer (kommune)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(owner_type__in=["kommunal", "regional"]),
                name="projects_project_owner_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(start_year__gte=MIN_YEAR, start_year__lte=MAX_YEAR),
                name="projects_project_start_year_range",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(end_year__gte=MIN_YEAR, end_year__lte=MAX_YEAR),
                name="projects_project_end_year_range",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="projects_project_end_after_start",
                violation_error_message=_("Slutåret kan ikke ligge før startåret."),
            ),
            not_in_review_when_published("projects_project_published_not_in_review"),
        ]
        indexes = [
            # The public list: published projects filtered by domain/owner/status, by title.
            models.Index(fields=["is_published", "title"], name="projects_pub_title_idx"),
            # A page of published projects by title (the list, the heat map, an area's
            # ranking). The id is named for PostgreSQL, which, unlike SQLite, keeps it in no
            # index that does not name it (an area's ranking at 10,000 projects 8.4 → 3.5 ms).
            published_index("title", "slug", "id", name="projects_pub_title_slug_idx"),
            # The most alike of ``similar_to``: a domain's published projects in title order,
            # read only until enough of them share every area.
            published_index("domain", "title", "slug", name="projects_pub_dom_title_idx"),
            # The unpublished projects' ids, which every count of published rows leaves out
            # (``NOT project_id IN (SELECT id … WHERE NOT is_published)``), without a scan.
            models.Index(fields=["id"], condition=Q(is_published=False), name="projects_unpub_idx"),
            # The published projects' ids (``project_id IN (SELECT id … WHERE is_published)``
            # in every temperature) and the front page's one count per owner type, domain
            # and funding round (``GROUP BY owner_type, domain_id, funding_round_id``); it
            # covers ``similar_to``'s full ranking too (domain, title, slug). Partial, so
            # SQLite uses it for ``WHERE is_published`` (a bare boolean is no equality);
            # the id named for PostgreSQL (the front page's count 5.9 → 1.5 ms).
            published_index(
                "owner_type",
                "domain",
                "funding_round",
                "title",
                "slug",
                "is_published",
                "id",
                name="projects_pub_owner_dom_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("projects:detail", self.slug)

    @property
    def owner(self):
        """Who owns (leads) the project: its municipality or organisation; None if not stated."""
        return self.lead_municipality or self.lead_organisation

    @property
    def owner_name(self):
        owner = self.owner
        return owner.name if owner is not None else None

    @property
    def has_contact(self):
        """Whether a public source gives a way to reach the project (its contact fields)."""
        return bool(self.contact_url or self.contact_email or self.contact_name)


# A highlight shows on its project's page: publishing the project publishes the highlights
# that are ready, and a public change to one moves the project's »Senest opdateret«.
register_publication_child(parent=Project, model=Highlight, fk="project")


def in_published_projects(rows):
    """``rows`` (a QuerySet with a foreign key ``project``) of published projects.

    Written as "not of an unpublished project": the unpublished projects are few, so the
    database checks each row against a short list instead of joining the projects (at
    10,000 projects on SQLite, the measurements' coverage took a third of the time).
    """
    return rows.exclude(project__in=Project.objects.filter(is_published=False))
