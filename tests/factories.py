"""Small ``make_*`` helpers that build valid objects with sensible defaults.

Every helper takes keyword arguments that override the defaults, and creates
what it needs (a region for a municipality, a domain for a project) when it is
not given. Tests never depend on the seed fixtures. Whole datasets built from these are in
tests/examples.py.
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


def make_record(**kwargs):
    """A published record (ChallengeRecord): the project's challenges in the measurement
    (``measurement=None``: outside the measurements) are recorded in full."""
    if "project" not in kwargs:
        kwargs["project"] = make_project()
    kwargs.setdefault("measurement", None)
    kwargs.setdefault("source_url", "https://example.org/registrering")
    kwargs.setdefault("is_published", True)
    return ChallengeRecord.objects.create(**kwargs)


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
    """The groups »Redaktør« and »Skribent« as the migrations make them.

    The migrations' groups are in the test database and are left as they are. A test that
    flushes it (a transactional or browser test) removes them; this puts them back with
    ``temperatur.editors.roles.PERMISSIONS``, which a test keeps equal to the migrations'.
    """
    from django.contrib.auth.models import Group, Permission

    from temperatur.editors.roles import PERMISSIONS

    missing = set(PERMISSIONS) - set(Group.objects.values_list("name", flat=True))
    if not missing:
        return
    codenames = {name.split(".")[1] for names in PERMISSIONS.values() for name in names}
    ids = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.filter(
            codename__in=codenames
        ).values_list("pk", "content_type__app_label", "codename")
    }
    for name in missing:
        group = Group.objects.create(name=name)
        group.permissions.add(*(ids[permission] for permission in PERMISSIONS[name]))


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
