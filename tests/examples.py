"""Datasets built from the factories (tests/factories.py) for the tests that need a whole
picture: the hand-computed temperature example and a site with one row of every kind."""

from challenges.models import (
    ProjectChallenge,
)
from tests.factories import (
    make_advice,
    make_area,
    make_challenge,
    make_domain,
    make_feedback,
    make_finding,
    make_funding_round,
    make_highlight,
    make_measurement,
    make_municipality,
    make_observation,
    make_organisation,
    make_project,
    make_record,
    make_region,
    make_resource,
)


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
