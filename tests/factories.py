"""Small ``make_*`` helpers that build valid objects with sensible defaults.

Every helper takes keyword arguments that override the defaults, and creates
what it needs (a region for a municipality, a domain for a project) when it is
not given. Tests never depend on the seed fixtures.
"""

import datetime
import itertools

from challenges.models import (
    AreaFinding,
    Challenge,
    ChallengeArea,
    ChallengeRecord,
    Measurement,
    ProjectChallenge,
)
from projects.models import (
    Domain,
    FundingRound,
    Highlight,
    Municipality,
    Organisation,
    Project,
    Region,
)
from resources.models import Advice, Resource

_counter = itertools.count(1)


def _next():
    return next(_counter)


def make_region(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Region {n}")
    kwargs.setdefault("slug", f"region-{n}")
    kwargs.setdefault("code", 2000 + n)
    return Region.objects.create(**kwargs)


def make_municipality(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Kommune {n}")
    kwargs.setdefault("slug", f"kommune-{n}")
    kwargs.setdefault("code", 5000 + n)
    if "region" not in kwargs:
        kwargs["region"] = make_region()
    return Municipality.objects.create(**kwargs)


def make_domain(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Fagområde {n}")
    kwargs.setdefault("slug", f"fagomraade-{n}")
    kwargs.setdefault("order", n)
    return Domain.objects.create(**kwargs)


def make_organisation(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Organisation {n}")
    kwargs.setdefault("slug", f"organisation-{n}")
    kwargs.setdefault("kind", Organisation.Kind.HOSPITAL)
    return Organisation.objects.create(**kwargs)


def make_funding_round(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Runde {n}")
    kwargs.setdefault("slug", f"runde-{n}")
    kwargs.setdefault("year", 2020)
    return FundingRound.objects.create(**kwargs)


def make_project(*, municipalities=(), organisations=(), **kwargs):
    """A published project; municipal unless ``owner_type`` says otherwise."""
    n = _next()
    kwargs.setdefault("title", f"Projekt {n}")
    kwargs.setdefault("slug", f"projekt-{n}")
    kwargs.setdefault("summary", f"Resumé af projekt {n}.")
    kwargs.setdefault("source_url", f"https://example.dk/kilder/projekt-{n}")
    kwargs.setdefault("owner_type", Project.OwnerType.MUNICIPAL)
    kwargs.setdefault("is_published", True)
    if "domain" not in kwargs:
        kwargs["domain"] = make_domain()
    if kwargs["owner_type"] == Project.OwnerType.MUNICIPAL and "lead_municipality" not in kwargs:
        kwargs["lead_municipality"] = make_municipality()
    if "region" not in kwargs and kwargs.get("lead_municipality") is not None:
        kwargs["region"] = kwargs["lead_municipality"].region
    project = Project.objects.create(**kwargs)
    project.municipalities.set(municipalities)
    project.organisations.set(organisations)
    return project


def make_area(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Område {n}")
    kwargs.setdefault("slug", f"omraade-{n}")
    kwargs.setdefault("description", f"Beskrivelse af område {n}.")
    kwargs.setdefault("order", n)
    return ChallengeArea.objects.create(**kwargs)


def make_challenge(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Udfordring {n}")
    kwargs.setdefault("slug", f"udfordring-{n}")
    if "area" not in kwargs:
        kwargs["area"] = make_area()
    return Challenge.objects.create(**kwargs)


def make_measurement(**kwargs):
    n = _next()
    kwargs.setdefault("name", f"Måling {n}")
    kwargs.setdefault("slug", f"maaling-{n}")
    kwargs.setdefault("published_on", datetime.date(2021, 1, 1) + datetime.timedelta(days=n))
    return Measurement.objects.create(**kwargs)


def make_observation(**kwargs):
    """A published observed challenge (ProjectChallenge)."""
    if "project" not in kwargs:
        kwargs["project"] = make_project()
    if "area" not in kwargs:
        challenge = kwargs.get("challenge")
        kwargs["area"] = challenge.area if challenge else make_area()
    kwargs.setdefault("severity", ProjectChallenge.Severity.MEDIUM)
    kwargs.setdefault("is_published", True)
    return ProjectChallenge.objects.create(**kwargs)


def make_finding(**kwargs):
    if "measurement" not in kwargs:
        kwargs["measurement"] = make_measurement()
    if "area" not in kwargs:
        kwargs["area"] = make_area()
    kwargs.setdefault("summary", "En konklusion.")
    return AreaFinding.objects.create(**kwargs)


def make_advice(*, areas=(), **kwargs):
    n = _next()
    kwargs.setdefault("number", n)
    kwargs.setdefault("title", f"Råd {n}")
    kwargs.setdefault("slug", f"raad-{n}")
    kwargs.setdefault("body", f"Forklaring af råd {n}.")
    kwargs.setdefault("is_published", True)
    advice = Advice.objects.create(**kwargs)
    advice.areas.set(areas)
    return advice


def make_resource(*, areas=(), projects=(), **kwargs):
    n = _next()
    kwargs.setdefault("kind", Resource.Kind.TOOL)
    kwargs.setdefault("title", f"Ressource {n}")
    kwargs.setdefault("slug", f"ressource-{n}")
    kwargs.setdefault("summary", f"Resumé af ressource {n}.")
    kwargs.setdefault("is_published", True)
    resource = Resource.objects.create(**kwargs)
    resource.areas.set(areas)
    resource.projects.set(projects)
    return resource


def make_highlight(**kwargs):
    """A published highlight."""
    n = _next()
    kwargs.setdefault("slug", f"erfaring-{n}")
    kwargs.setdefault("text", f"Erfaring {n} fra det første år.")
    kwargs.setdefault("order", n)
    kwargs.setdefault("is_published", True)
    return Highlight.objects.create(**kwargs)


def admin_post_data(response, **overrides):
    """The POST data of a rendered admin add or change page, as a browser would send it.

    Covers the main form and every inline (management form and rows), so a test states
    only what it changes. An override of ``None`` leaves the field out.
    """
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(getattr(item, "pk", item)) for item in value]
            elif value is not None:
                data[field.html_name] = getattr(value, "pk", value)
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def make_record(**kwargs):
    """A published record (ChallengeRecord): the project's challenges in the measurement
    (``measurement=None``: outside the measurements) are recorded in full."""
    if "project" not in kwargs:
        kwargs["project"] = make_project()
    kwargs.setdefault("measurement", None)
    kwargs.setdefault("source_url", "https://example.org/registrering")
    kwargs.setdefault("is_published", True)
    return ChallengeRecord.objects.create(**kwargs)


def make_temperature_example():
    """Six published projects and a draft, for hand-computed temperature numbers.

    ======= ======= ====== ================ ============================================
    project domain  region records          observations (area, severity, measurement)
    ======= ======= ====== ================ ============================================
    p1      sundhed nord   m1, m2           data 3 (m1), data 1 (m2), jura 1 (m1)
    p2      sundhed syd    m1               data 2 (m1); etik 3 (m1, unpublished)
    p3      miljoe  nord   –                etik unknown (m2): single, does not count
    p4      miljoe  syd    m2               – (recorded, met nothing)
    p5      miljoe  nord   m1 (unpublished) jura 3 (m1): single, does not count
    p6      sundhed syd    m1               jura 3 (m2): no record in m2, does not count
    draft   sundhed nord   m1               data 3 (m1): unpublished project
    ======= ======= ====== ================ ============================================

    By hand (``docs``: challenges.prevalence), with every share shown:

    - all: 6 projects, 4 recorded (p1 p2 p4 p6), 2 not; data 2/4 (mean severity 2.5),
      jura 1/4 (1.0), etik 0/4 (None);
    - m1: 3 projects (p1 p2 p6), all recorded; data 2/3 (2.5), jura 1/3 (1.0), etik 0/3;
    - m2: 2 projects (p1 p4), all recorded; data 1/2 (1.0), jura 0/2, etik 0/2;
    - sundhed: 3 projects, 3 recorded; data 2/3, jura 1/3; miljoe: 3, 1 recorded (p4),
      every area 0/1;
    - nord: p1 p3 p5, 1 recorded: data 1/1, jura 1/1, etik 0/1; syd: p2 p4 p6, 3
      recorded: data 1/3, jura 0/3, etik 0/3.

    Returns a namespace with the areas (data, jura, etik), domains (sundhed, miljoe),
    regions (nord, syd), measurements (m1, m2) and projects (p1…p6, draft) by name.
    """
    from types import SimpleNamespace

    high, medium, low = (
        ProjectChallenge.Severity.HIGH,
        ProjectChallenge.Severity.MEDIUM,
        ProjectChallenge.Severity.LOW,
    )
    data = make_area(slug="data", name="Data", order=1)
    jura = make_area(slug="jura", name="Jura", order=2)
    etik = make_area(slug="etik", name="Etik", order=3)
    sundhed = make_domain(slug="sundhed", name="Sundhed")
    miljoe = make_domain(slug="miljoe", name="Miljø")
    nord = make_region(slug="nord", name="Nord")
    syd = make_region(slug="syd", name="Syd")
    m1 = make_measurement(slug="m1")
    m2 = make_measurement(slug="m2")

    def project(region, domain, **kwargs):
        lead = make_municipality(region=region)
        return make_project(region=region, domain=domain, lead_municipality=lead, **kwargs)

    p1 = project(nord, sundhed, slug="p1", title="P1")
    p2 = project(syd, sundhed, slug="p2", title="P2")
    p3 = project(nord, miljoe, slug="p3", title="P3")
    p4 = project(syd, miljoe, slug="p4", title="P4")
    p5 = project(nord, miljoe, slug="p5", title="P5")
    p6 = project(syd, sundhed, slug="p6", title="P6")
    draft = project(nord, sundhed, slug="draft", title="Kladde", is_published=False)

    for recorded, measurement in [(p1, m1), (p1, m2), (p2, m1), (p4, m2), (p6, m1), (draft, m1)]:
        make_record(project=recorded, measurement=measurement)
    make_record(project=p5, measurement=m1, is_published=False)

    make_observation(project=p1, area=data, severity=high, measurement=m1)
    make_observation(project=p1, area=data, severity=low, measurement=m2)
    make_observation(project=p1, area=jura, severity=low, measurement=m1)
    make_observation(project=p2, area=data, severity=medium, measurement=m1)
    make_observation(project=p2, area=etik, severity=high, measurement=m1, is_published=False)
    make_observation(project=p3, area=etik, severity=None, measurement=m2)
    make_observation(project=p5, area=jura, severity=high, measurement=m1)
    make_observation(project=p6, area=jura, severity=high, measurement=m2)
    make_observation(project=draft, area=data, severity=high, measurement=m1)
    return SimpleNamespace(
        data=data,
        jura=jura,
        etik=etik,
        sundhed=sundhed,
        miljoe=miljoe,
        nord=nord,
        syd=syd,
        m1=m1,
        m2=m2,
        p1=p1,
        p2=p2,
        p3=p3,
        p4=p4,
        p5=p5,
        p6=p6,
        draft=draft,
    )


def make_demo_reference():
    """The reference rows ``generate_demo_data`` spreads its projects over, in miniature:
    two regions with municipalities and a hospital, two domains, three challenge areas with
    concrete challenges, two measurements and a funding round."""
    regions = [make_region(), make_region()]
    municipalities = [make_municipality(region=region) for region in regions for _ in range(3)]
    make_organisation(region=regions[0])
    make_organisation(kind=Organisation.Kind.UNIVERSITY)
    domains = [make_domain(name="Sundhed generelt"), make_domain(name="Beskæftigelse")]
    areas = [make_area() for _ in range(3)]
    challenges = [make_challenge(area=area) for area in areas for _ in range(2)]
    measurements = [make_measurement(), make_measurement()]
    make_funding_round(year=2021)
    return {
        "regions": regions,
        "municipalities": municipalities,
        "domains": domains,
        "areas": areas,
        "challenges": challenges,
        "measurements": measurements,
    }


def ensure_editor_groups():
    """The groups »Redaktør« and »Skribent« as their migration makes them.

    The migration's rows are in the test database, but a test that flushes it (a
    transactional or browser test) removes them; this puts them back.
    """
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    importlib.import_module("resources.migrations.0004_editor_groups").grant_roles(apps)
    # projects/migrations/0007: only Redaktør publishes highlights.
    Group.objects.get(name="Redaktør").permissions.add(
        Permission.objects.get(content_type__app_label="projects", codename="publish_highlight")
    )


def make_editor_user(role, *, username=None, password="en-lang-adgangskode", **kwargs):
    """A staff user in the group ``role`` (»Redaktør« or »Skribent«), not a superuser."""
    from django.contrib.auth.models import Group, User

    ensure_editor_groups()
    user = User.objects.create_user(
        username=username or f"{role.lower()}-{_next()}",
        password=password,
        is_staff=True,
        **kwargs,
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def make_staff_user(*permissions, username=None):
    """An active staff user (not a superuser) with ``permissions`` (``"app.codename"``)."""
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user(
        username=username or f"redaktoer-{_next()}", password="en-lang-adgangskode", is_staff=True
    )
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_feedback(**kwargs):
    """A reader's report about a published project's page."""
    from temperatur.models import Feedback

    if "page_path" not in kwargs:
        project = make_project()
        kwargs["page_path"] = project.get_absolute_url()
        kwargs.setdefault("page_title", project.title)
    kwargs.setdefault("message", f"Fejl nummer {_next()} på siden.")
    return Feedback.objects.create(**kwargs)


def make_one_of_everything():
    """A small published site with at least one row of every kind of content, each related
    row filled in (municipalities, organisations, challenges, measurements, findings,
    highlights, advice and resources linked to areas and projects), and a reader's report.

    For the tests that put odd text into every field and read every output.
    """
    from types import SimpleNamespace

    region = make_region()
    lead = make_municipality(region=region)
    partner = make_municipality(region=region)
    organisation = make_organisation(region=region, url="https://example.dk/")
    domain = make_domain()
    funding_round = make_funding_round(source_url="https://example.dk/runde")
    area = make_area()
    challenge = make_challenge(area=area, description="Beskrivelse.")
    before = make_measurement(summary="Før.", method="Spørgeskema.", publisher="KL")
    after = make_measurement(summary="Efter.", method="Interview.", publisher="KL")
    make_finding(measurement=before, area=area, rank=1, projects_reporting=3)
    make_finding(measurement=after, area=area, rank=2, projects_reporting=2)
    project = make_project(
        region=region,
        lead_municipality=lead,
        domain=domain,
        funding_round=funding_round,
        municipalities=[partner],
        organisations=[organisation],
        description="Beskrivelse.",
        highlight="En erfaring.",
        source_url="https://example.dk/projekt",
        editor_note="Note.",
        grant_dkk=1000000,
        start_year=2020,
    )
    make_record(project=project, measurement=before, note="Registreret fuldt ud.")
    make_record(project=project, measurement=after, note="Registreret fuldt ud.")
    make_observation(project=project, area=area, challenge=challenge, measurement=before)
    make_observation(project=project, area=area, measurement=after, description="Sådan.")
    make_highlight(project=project, municipality=lead, organisation=organisation)
    advice = make_advice(areas=[area])
    resource = make_resource(
        areas=[area],
        projects=[project],
        body="Tekst.",
        url="https://example.dk/r",
        publisher_organisation=organisation,
        year=2021,
    )
    feedback = make_feedback(page_path=project.get_absolute_url(), page_title=project.title)
    return SimpleNamespace(
        region=region,
        municipality=lead,
        area=area,
        before=before,
        after=after,
        project=project,
        advice=advice,
        resource=resource,
        feedback=feedback,
    )


def _field_names(model):
    return {field.name for field in model._meta.get_fields()}


CONTENT_APP_LABELS = ("projects", "challenges", "resources", "temperatur")


def text_fields(model):
    """The fields of ``model`` that hold free text: not slugs and not choices."""
    from django.db import models

    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
    ]


def content_models():
    """Every model of the content apps and the site's own, without the history copies."""
    from django.apps import apps

    return [
        model
        for label in CONTENT_APP_LABELS
        for model in apps.get_app_config(label).get_models()
        if "history_id" not in _field_names(model)
    ]


def overwrite_text(value):
    """Put ``value`` into every free-text field of every stored content row, as it is,
    past every check (an UPDATE, as a row written before a check existed would be).

    Each row's value ends in its own number, so unique fields stay unique; it is cut to
    the field's length.
    """
    for model in content_models():
        fields = text_fields(model)
        if not fields:
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            changes = {}
            for field in fields:
                suffix = f" {pk}"
                limit = (field.max_length or 10_000) - len(suffix)
                changes[field.attname] = value[:limit] + suffix
            model._default_manager.filter(pk=pk).update(**changes)
