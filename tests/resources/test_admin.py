import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from resources.models import Advice, Resource
from tests.factories import (
    make_advice,
    make_area,
    make_municipality,
    make_organisation,
    make_project,
    make_region,
    make_resource,
)
from tests.helpers import admin_post_data, admin_url, listed

pytestmark = pytest.mark.django_db

FACTORIES = {Advice: make_advice, Resource: make_resource}

ONE_PUBLISHER = (
    "Vælg højst én udgiver: en organisation, en kommune eller en region. "
    "Tøm de udgiverfelter, der ikke skal bruges."
)


def test_every_registered_model_of_the_app_is_covered_here():
    registered = {model for model in admin.site._registry if model._meta.app_label == "resources"}
    assert registered == set(FACTORIES)


@pytest.mark.parametrize("model", FACTORIES, ids=lambda model: model._meta.model_name)
def test_changelist_add_and_change_pages_answer(admin_client, model):
    obj = FACTORIES[model]()
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ]:
        assert admin_client.get(url).status_code == 200, url


def resource_add_data(admin_client, **fields):
    response = admin_client.get(admin_url(Resource, "add"))
    defaults = {"kind": Resource.Kind.TOOL, "title": "Tjekliste", "slug": "tjekliste"}
    return admin_post_data(response, **{**defaults, **fields})


def test_adding_a_resource_with_one_publisher_and_relations_saves_it(admin_client):
    organisation, area, project = make_organisation(), make_area(), make_project()
    data = resource_add_data(
        admin_client,
        publisher_organisation=organisation.pk,
        areas=[area.pk],
        projects=[project.pk],
        url="kl.dk/tjekliste",
        year=2024,
    )

    response = admin_client.post(admin_url(Resource, "add"), data)

    assert response.status_code == 302
    resource = Resource.objects.get(slug="tjekliste")
    assert resource.publisher == organisation
    assert list(resource.areas.all()) == [area]
    assert list(resource.projects.all()) == [project]
    assert resource.url == "https://kl.dk/tjekliste"


def test_resource_with_two_publishers_is_refused_on_both_fields(admin_client):
    data = resource_add_data(
        admin_client,
        publisher_organisation=make_organisation().pk,
        publisher_region=make_region().pk,
    )

    response = admin_client.post(admin_url(Resource, "add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["publisher_organisation"] == [ONE_PUBLISHER]
    assert errors["publisher_region"] == [ONE_PUBLISHER]
    assert "publisher_municipality" not in errors
    assert ONE_PUBLISHER in response.text
    assert not Resource.objects.exists()


def test_resource_year_outside_the_allowed_range_is_refused_in_danish(admin_client):
    data = resource_add_data(admin_client, year=2101)

    response = admin_client.post(admin_url(Resource, "add"), data)

    assert response.context["adminform"].form.errors["year"] == [
        "Skriv et årstal til og med 2100, fx 2023."
    ]
    assert not Resource.objects.exists()


def test_resource_search_finds_the_publisher(admin_client):
    wanted = make_resource(publisher_municipality=make_municipality(name="Gladsaxe"))
    make_resource()

    response = admin_client.get(admin_url(Resource, "changelist"), {"q": "gladsaxe"})

    assert listed(response) == {wanted}


def test_resource_kind_filter(admin_client):
    case = make_resource(kind=Resource.Kind.CASE)
    make_resource(kind=Resource.Kind.REPORT)

    response = admin_client.get(admin_url(Resource, "changelist"), {"kind__exact": "case"})

    assert listed(response) == {case}


def test_resource_published_filter(admin_client):
    draft = make_resource(is_published=False)
    make_resource(is_published=True)

    response = admin_client.get(admin_url(Resource, "changelist"), {"is_published__exact": "0"})

    assert listed(response) == {draft}


def test_resource_area_filter(admin_client):
    area = make_area()
    wanted = make_resource(areas=[area])
    make_resource(areas=[make_area()])

    response = admin_client.get(admin_url(Resource, "changelist"), {"areas__id__exact": area.pk})

    assert listed(response) == {wanted}


def test_advice_search_and_area_filter(admin_client):
    area = make_area()
    wanted = make_advice(title="Start med et konkret behov", areas=[area])
    make_advice(areas=[make_area()])

    response = admin_client.get(admin_url(Advice, "changelist"), {"q": "konkret behov"})
    assert listed(response) == {wanted}
    response = admin_client.get(admin_url(Advice, "changelist"), {"areas__id__exact": area.pk})
    assert listed(response) == {wanted}


def test_advice_number_zero_is_refused_in_danish(admin_client):
    response = admin_client.get(admin_url(Advice, "add"))
    data = admin_post_data(response, number=0, title="Råd", slug="raad")

    response = admin_client.post(admin_url(Advice, "add"), data)

    assert response.context["adminform"].form.errors["number"] == [
        "Nummeret skal være 1 eller højere."
    ]
    assert not Advice.objects.exists()


def test_unpublish_action_hides_the_selected_advice(admin_client):
    advice = make_advice(is_published=True)

    response = admin_client.post(
        admin_url(Advice, "changelist"),
        {"action": "unpublish", "_selected_action": [advice.pk]},
        follow=True,
    )

    assert "1 godt råd er nu skjult for offentligheden." in response.text
    advice.refresh_from_db()
    assert not advice.is_published


@pytest.mark.parametrize(
    "field",
    ["publisher_organisation", "publisher_municipality", "publisher_region", "areas", "projects"],
)
def test_resource_autocomplete_answers_in_order(admin_client, field):
    # pytest turns the paginator's warning about an unordered queryset into an error.
    make_organisation()
    make_area()
    make_project()  # brings a municipality and its region

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "resources", "model_name": "resource", "field_name": field},
    )

    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.parametrize(
    ("factory", "public_url"),
    [
        (lambda: make_resource(slug="tjekliste"), "/ressourcer/tjekliste/"),
        (lambda: make_advice(slug="start-smaat"), "/raad/#start-smaat"),
    ],
    ids=["resource", "advice"],
)
def test_view_on_site_leads_to_the_public_page(admin_client, factory, public_url):
    obj = factory()
    content_type = ContentType.objects.get_for_model(obj)

    response = admin_client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))

    assert response.status_code == 302
    assert response.url == "http://testserver" + public_url


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"link": "mangler"}, ["Intet link", "Ingenting"]),
        ({"link": "har"}, ["Kun link"]),
        ({"tekst": "mangler"}, ["Ingenting", "Kun link"]),
        ({"link": "mangler", "tekst": "mangler"}, ["Ingenting"]),
    ],
)
def test_changelist_lists_resources_without_a_link_or_a_text(admin_client, query, expected):
    make_resource(title="Intet link", url="", summary="Et resumé.")
    make_resource(title="Kun link", url="https://example.org/", summary="", body="")
    make_resource(title="Ingenting", url="", summary="", body="")

    response = admin_client.get(admin_url(Resource, "changelist"), query)

    assert response.status_code == 200
    titles = sorted(resource.title for resource in response.context["cl"].result_list)
    assert titles == sorted(expected)
