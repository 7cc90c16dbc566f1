"""The project list's filter form: the chips that show the active filters, and the widgets the
templates write (the same inputs and options as Django's, plus lang="da" on database labels).
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from projects.filters import ProjectFilter
from projects.models import Project, Region
from temperatur.templatetags import filter_widgets
from tests.factories import (
    make_area,
    make_domain,
    make_funding_round,
    make_measurement,
    make_municipality,
    make_region,
)
from tests.projects.pages import run

pytestmark = pytest.mark.django_db


# Chips


def test_active_filters_has_one_chip_per_value_with_a_danish_label():
    make_domain(slug="beskaeftigelse", name="Beskæftigelse")
    make_domain(slug="sundhed", name="Sundhed")

    chips = run("domain=beskaeftigelse&domain=sundhed&owner_type=kommunal&q=tale").active_filters()

    assert [chip.label for chip in chips] == [
        "Søg: »tale«",
        "Fagområde: Beskæftigelse",
        "Fagområde: Sundhed",
        "Ejer: Kommunalt",
    ]


def test_chip_link_removes_only_that_value_and_drops_page():
    make_domain(slug="beskaeftigelse", name="Beskæftigelse")
    make_domain(slug="sundhed", name="Sundhed")
    make_region(slug="nord")
    query = "domain=beskaeftigelse&domain=sundhed&region=nord&sort=-grant&page=3"

    chips = {chip.label: chip for chip in run(query).active_filters()}
    url = urlsplit(chips["Fagområde: Beskæftigelse"].remove_url)

    assert url.path == "/projekter/"
    assert parse_qs(url.query) == {"domain": ["sundhed"], "region": ["nord"], "sort": ["-grant"]}


def test_last_chip_link_goes_to_the_bare_list():
    make_region(slug="nord")

    (chip,) = run("region=nord").active_filters()

    assert chip.remove_url == "/projekter/"


def test_sort_and_page_are_not_chips():
    assert run("sort=-grant&page=2").active_filters() == []


def test_invalid_fields_have_no_chips_but_valid_ones_do():
    make_region(slug="nord")

    chips = run("region=nord&domain=findes-ikke").active_filters()

    assert [chip.name for chip in chips] == ["region"]


def test_active_filters_makes_no_queries_after_validation(django_assert_num_queries):
    make_domain(slug="sundhed")
    make_municipality(slug="aarhus")
    make_area(slug="data")
    filterset = run("domain=sundhed&municipality=aarhus&area=data&status=afproevning")
    filterset.is_valid()

    with django_assert_num_queries(0):
        chips = filterset.active_filters()

    assert len(chips) == 4


def test_chips_include_renders_remove_links_with_accessible_text():
    make_domain(slug="sundhed", name="Sundhed")

    html = render_to_string(
        "includes/_filter_chips.html", {"chips": run("domain=sundhed").active_filters()}
    )

    assert 'href="/projekter/"' in html
    assert "Fjern filter:" in html
    assert 'Fagområde: <span lang="da">Sundhed</span>' in html


def test_filter_form_include_renders_the_fields_and_the_buttons():
    make_domain(slug="sundhed", name="Sundhed")

    html = render_to_string(
        "includes/_project_filters.html", {"filter": run("domain=sundhed"), "action": "/projekter/"}
    )

    assert 'method="get"' in html
    assert "<legend" in html
    assert 'value="sundhed"' in html and "checked" in html
    assert "Vis projekter" in html
    assert "Nulstil filtre" in html


def test_querydict_is_not_changed_by_chips():
    make_region(slug="nord")
    data = QueryDict("region=nord&page=2")
    ProjectFilter(data, queryset=Project.objects.all()).active_filters()

    assert data.getlist("page") == ["2"]


# The filter form's widgets are written by the templates (projects.filter_widgets), not by
# Django's widget renderer: the same inputs and options, plus lang="da" on database labels.

WIDGET_TAG = re.compile(r"<input [^>]*>|<select [^>]*>|<option [^>]*>[^<]*</option>")


def widget_tags(html):
    """The inputs, selects and options of ``html``, without lang="da" and label spans."""
    return [tag.replace(' lang="da"', "") for tag in WIDGET_TAG.findall(html)]


def django_widget_tags(form):
    html = []
    for bound_field in form:
        if getattr(bound_field.field.widget, "allow_multiple_selected", False):
            html.extend(str(choice.tag()) for choice in bound_field)
        else:
            html.append(str(bound_field))
    return widget_tags(re.sub(r">\s+<", "><", "".join(html)))


def widget_fixture():
    region = make_region(slug="nord", name="Region Nord")
    make_municipality(slug="aarhus", name="Aarhus Kommune", region=region)
    make_domain(slug="sundhed", name="Sundhed & pleje")
    make_area(slug="data", name="Data")
    make_measurement(slug="m1", name="Første måling")
    make_funding_round(slug="r1", name="Runde 1")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=tal&domain=sundhed&owner_type=kommunal&region=nord&municipality=aarhus"
        "&status=afsluttet&area=data&measurement=m1&funding_round=r1&sort=-grant",
        "q=%00&domain=nope&owner_type=bad&region=x&municipality=bad&status=bad&area=x"
        "&measurement=bad&funding_round=bad&sort=bad",
    ],
    ids=["unbound", "chosen", "errors"],
)
def test_filter_form_writes_the_widgets_django_would(query):
    widget_fixture()
    filterset = run(query)
    filterset.is_valid()

    html = render_to_string(
        "includes/_project_filters.html", {"filter": filterset, "action": "/projekter/"}
    )

    assert len(widget_tags(html)) > 20  # every checkbox, select and option
    assert widget_tags(html) == django_widget_tags(filterset.form)


def test_filter_form_marks_database_labels_danish_and_interface_labels_not():
    widget_fixture()

    html = render_to_string(
        "includes/_project_filters.html", {"filter": run(), "action": "/projekter/"}
    )

    assert '<label for="id_domain_0"><span lang="da">Sundhed &amp; pleje</span></label>' in html
    assert '<label for="id_region_0"><span lang="da">Region Nord</span></label>' in html
    assert '<option value="aarhus" lang="da">Aarhus Kommune</option>' in html
    assert '<option value="m1" lang="da">Første måling</option>' in html
    assert '<option value="" selected>Alle kommuner</option>' in html
    assert '<option value="kommunal">' in html
    assert '<label for="id_status_0">Proof of concept</label>' in html


# Groups written once per process (temperatur/templatetags/filter_widgets.py), outside a
# transaction and with the reference tables kept, as in production.


def rendered(query):
    filterset = run(query)
    filterset.is_valid()
    html = render_to_string(
        "includes/_project_filters.html", {"filter": filterset, "action": "/projekter/"}
    )
    return filterset, html


@pytest.mark.django_db(transaction=True)
def test_kept_groups_show_each_requests_own_choices(kept_tables):
    widget_fixture()
    chosen = (
        "domain=sundhed&owner_type=kommunal&region=nord&municipality=aarhus&status=afsluttet"
        "&area=data&measurement=m1&funding_round=r1&sort=-grant"
    )

    for query in ["", chosen, "", chosen, "municipality=bad", ""]:
        filterset, html = rendered(query)
        assert widget_tags(html) == django_widget_tags(filterset.form), query
    with translation.override("en"):
        _filterset, english = rendered("")
    assert "All municipalities" in english and "Alle kommuner" not in english


@pytest.mark.django_db(transaction=True)
def test_a_choice_fields_group_is_written_once_until_its_table_changes(
    kept_tables, monkeypatch, settings
):
    settings.CHECK_WRITTEN = False  # which would write every kept group again to compare
    widget_fixture()
    written = []
    write = filter_widgets._form_group
    monkeypatch.setattr(filter_widgets, "_form_group", lambda f: written.append(f.name) or write(f))

    rendered("")
    first = list(written)
    written.clear()
    rendered("")
    assert first and written == ["q"]  # a text field: written every time

    make_municipality(slug="odder", name="Odder Kommune", region=Region.objects.get())
    written.clear()
    _filterset, html = rendered("")
    assert '<option value="odder" lang="da">Odder Kommune</option>' in html
    # The tables version changed: every field of a table again, not those of a fixed list.
    assert set(written) == set(first) - {"owner_type", "status", "sort"}
