"""A project as data: the rows of the project list's JSON and CSV (``?format=``), whose
keys and columns are documented on /data/."""

from django.utils import timezone

EXPORT_FIELDS = [
    # (JSON key, CSV column): the keys are the API and stay put; the column names are for
    # people, in Danish and the same whatever the page's language (documented on /data/).
    ("slug", "Kort navn"),
    ("title", "Titel"),
    ("owner_type", "Ejer"),
    ("region", "Region"),
    ("lead_municipality", "Projektejer (kommune)"),
    ("lead_organisation", "Projektejer (organisation)"),
    ("municipalities", "Deltagende kommuner"),
    ("organisations", "Deltagende organisationer"),
    ("domain", "Fagområde"),
    ("status", "Fase"),
    ("funding_round", "Ansøgningsrunde"),
    ("grant_dkk", "Bevilling (kr.)"),
    ("start_year", "Startår"),
    ("end_year", "Slutår"),
    # How sure the facts above are (the flags the pages show as »arbejdstitel«, »udledt«, »ca.«).
    ("title_is_working", "Titlen er en arbejdstitel"),
    ("domain_is_inferred", "Fagområdet er udledt"),
    ("status_as_of", "Fasen gælder pr."),
    ("funding_round_is_inferred", "Runden er udledt"),
    ("grant_is_approximate", "Bevillingen er afrundet"),
    ("recorded_in", "Udfordringer registreret i"),
    ("areas", "Udfordringsområder"),
    ("contact_url", "Kontaktside"),
    ("contact_name", "Navngiven kontakt"),
    ("contact_email", "Kontaktens e-mail"),
    ("url", "Adresse"),
    ("updated_at", "Senest opdateret"),
]


# A record outside the measurements, in ``recorded_in``.
NO_MEASUREMENT = None


def recorded_in(records):
    """The measurements (slugs; None for outside them) a project's challenges are recorded in."""
    return [_slug(record.measurement) for record in records]


def _slug(instance):
    return instance.slug if instance is not None else None


def export_row(project, request):
    """A project as plain data for ``?format=json`` and ``?format=csv``."""
    return {
        "slug": project.slug,
        "title": project.title,
        "owner_type": project.owner_type,
        "region": _slug(project.region),
        "lead_municipality": _slug(project.lead_municipality),
        "lead_organisation": _slug(project.lead_organisation),
        "municipalities": [municipality.slug for municipality in project.municipalities.all()],
        "organisations": [organisation.slug for organisation in project.organisations.all()],
        "domain": project.domain.slug,
        "status": project.status or None,
        "funding_round": _slug(project.funding_round),
        "grant_dkk": project.grant_dkk,
        "start_year": project.start_year,
        "end_year": project.end_year,
        "title_is_working": project.title_is_working,
        "domain_is_inferred": project.domain_is_inferred,
        "status_as_of": project.status_as_of.isoformat() if project.status_as_of else None,
        "funding_round_is_inferred": project.funding_round_is_inferred,
        "grant_is_approximate": project.grant_is_approximate,
        "recorded_in": recorded_in(project.shown_records),
        # Unknown (None), not "none", when the project's challenges are not recorded.
        "areas": [area.slug for area in project.areas_met] if project.shown_records else None,
        "contact_url": project.contact_url or None,
        "contact_name": project.contact_name or None,
        "contact_email": project.contact_email or None,
        "url": request.build_absolute_uri(project.get_absolute_url()),
        # The last change the public saw (empty when unknown, e.g. loaded from the sources).
        "updated_at": project.published_changed_at
        and timezone.localtime(project.published_changed_at).isoformat(timespec="seconds"),
    }


def csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"  # as in the JSON
    if isinstance(value, list):
        return ", ".join(item or "uden-maaling" for item in value)
    return value
