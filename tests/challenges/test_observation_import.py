"""»Importér fra CSV« for observed challenges (challenges/observation_import.py)."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.urls import reverse

from challenges import observation_file, observation_import
from challenges.models import ProjectChallenge
from tests.challenges.importing import (  # noqa: F401 – site_fixture is the fixture site
    CHANGELIST_URL,
    HEADER,
    IMPORT_URL,
    TEMPLATE_URL,
    confirm,
    site_fixture,
    text,
    upload,
)
from tests.factories import (
    make_observation,
    make_project,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

# Preview


def test_preview_shows_each_row_as_it_will_be_saved_and_saves_nothing(admin_client, site):
    response = upload(
        admin_client,
        HEADER,
        "hjemmepleje;data;datakvalitet;maaling-2022;3;Data mangler;ja",
        "roentgen;jura;;;lav;;nej",
    )
    assert response.status_code == 200
    rows = response.context["result"].rows
    assert [row.cells for row in rows] == [
        [
            "AI i hjemmeplejen",
            "Data og datakvalitet",
            "Datakvalitet",
            "Måling 2022",
            "Høj",
            "Data mangler",
            "Ja",
        ],
        ["Røntgen med AI", "Jura", "", "", "Lav", "", "Nej"],
    ]
    assert [row.action_label for row in rows] == ["Ny", "Ny"]
    assert "Gem rækkerne" in text(response)
    assert not ProjectChallenge.objects.exists()


def test_preview_lists_each_rows_errors_in_danish_with_line_numbers(admin_client, site):
    response = upload(
        admin_client,
        HEADER,
        "hjemmepleje;data;datakvalitet;;2;;",
        "findes-ikke;data;;;;;",
        "hjemmepleje;jura;datakvalitet;;;;",
        "roentgen;data;;;7;;",
        "",
        "hjemmepleje;data;datakvalitet;;1;;",
    )
    content = text(response)
    assert "Linje 3: Ukendt projekt »findes-ikke«." in content
    assert (
        "Linje 4: Den konkrete udfordring »datakvalitet« hører til området "
        "»Data og datakvalitet«, ikke »Jura«." in content
    )
    assert "Linje 5: Alvor skal være 1, 2 eller 3 (eller lav, middel eller høj) – ikke »7«." in (
        content
    )
    assert "Linje 7: Samme projekt, område, konkrete udfordring og måling som i linje 2." in content
    assert response.context["token"] == ""
    assert "Gem rækkerne" not in content
    assert "Intet er gemt" in content


def test_preview_says_which_existing_rows_are_updated_and_how(admin_client, site):
    make_observation(
        project=site["project"], area=site["data"], challenge=site["quality"], severity=1
    )
    make_observation(project=site["other"], area=site["jura"], severity=None, description="")
    response = upload(
        admin_client,
        "projekt;omraade;udfordring;alvor;beskrivelse",
        "hjemmepleje;data;datakvalitet;3;",
        "roentgen;jura;;;",
    )
    labels = [row.action_label for row in response.context["result"].rows]
    assert labels == ["Opdateres: alvor", "Findes allerede, uændret"]


def test_preview_accepts_commas_a_byte_order_mark_names_and_severity_words(admin_client, site):
    response = upload(
        admin_client,
        "\ufeffProjekt,Område,Udfordring,Måling,Alvor",
        "AI i hjemmeplejen,Data og datakvalitet,datakvalitet,Måling 2022,Middel",
        'Røntgen med AI,"Jura",Samtykke,,høj',
    )
    result = response.context["result"]
    assert result.is_valid
    assert [row.cells[4] for row in result.rows] == ["Middel", "Høj"]


def test_project_titles_match_whatever_their_case(admin_client, site):
    response = upload(
        admin_client,
        "projekt;omraade",
        "ai i HJEMMEPLEJEN;data",
        "RØNTGEN MED AI;jura",
    )
    result = response.context["result"]
    assert result.is_valid, result.row_errors
    assert [row.cells[0] for row in result.rows] == ["AI i hjemmeplejen", "Røntgen med AI"]


def test_file_not_in_utf8_is_refused_in_danish(admin_client, site):
    response = upload(admin_client, HEADER, "hjemmepleje;jura;;;;Røntgen;", encoding="cp1252")
    assert "Filen er ikke gemt som UTF-8" in text(response)
    assert not ProjectChallenge.objects.exists()


def test_unknown_and_missing_columns_are_named(admin_client, site):
    content = text(upload(admin_client, "projekt;alvr", "hjemmepleje;2"))
    assert "Ukendt kolonne »alvr« i første linje." in content
    assert "Første linje mangler kolonnen »omraade«." in content


def test_file_with_too_many_rows_is_refused(admin_client, site, monkeypatch):
    monkeypatch.setattr(observation_file, "MAX_ROWS", 2)
    lines = [HEADER] + ["hjemmepleje;data;;;;;"] * 3
    assert "Filen har mere end 2 rækker." in text(upload(admin_client, *lines))


def test_file_larger_than_the_limit_is_refused(admin_client, site, monkeypatch):
    monkeypatch.setattr(observation_import, "MAX_BYTES", 100)
    response = upload(admin_client, HEADER, "hjemmepleje;data;;;;" + "x" * 200 + ";")
    assert "Filen er for stor" in text(response)


# Confirming


def test_confirm_saves_every_row_and_records_the_import(admin_client, admin_user, site):
    preview = upload(
        admin_client,
        HEADER,
        "hjemmepleje;data;datakvalitet;maaling-2022;3;Data mangler;ja",
        "roentgen;jura;samtykke;;;;",
    )
    response = confirm(admin_client, preview)
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST_URL
    saved = ProjectChallenge.objects.order_by("project__title")
    assert [(o.project.slug, o.area.slug, o.severity, o.is_published) for o in saved] == [
        ("hjemmepleje", "data", 3, True),
        ("roentgen", "jura", None, False),
    ]
    entries = LogEntry.objects.filter(user=admin_user, action_flag=ADDITION)
    assert entries.count() == 2
    assert "interviews.csv" in entries.first().change_message
    followed = admin_client.get(response["Location"])
    assert "Importen er gemt. Nye oplevede udfordringer: 2. Opdaterede: 0." in text(followed)


def test_confirm_updates_existing_rows_through_save(admin_client, admin_user, site):
    observation = make_observation(project=site["project"], area=site["data"], severity=1)
    preview = upload(admin_client, "projekt;omraade;alvor", "hjemmepleje;data;høj")
    confirm(admin_client, preview)
    observation.refresh_from_db()
    assert observation.severity == 3
    entry = LogEntry.objects.get(action_flag=CHANGE)
    assert entry.object_id == str(observation.pk)
    assert "alvor" in entry.change_message


def test_one_bad_row_means_nothing_is_saved(admin_client, site):
    preview = upload(admin_client, HEADER, "hjemmepleje;data;;;;;", "roentgen;data;;;9;;")
    assert preview.context["token"] == ""
    response = admin_client.post(IMPORT_URL, {"token": "gaettet"})
    assert response.status_code == 302
    assert not ProjectChallenge.objects.exists()


def test_confirm_checks_the_file_again_and_saves_nothing_when_it_no_longer_fits(admin_client, site):
    preview = upload(admin_client, HEADER, "hjemmepleje;data;;;;;", "roentgen;jura;samtykke;;;;")
    assert preview.context["token"]
    site["consent"].delete()  # an editor removed the challenge meanwhile
    response = confirm(admin_client, preview)
    content = text(response)
    assert response.status_code == 200
    assert "Intet er gemt" in content
    assert "Linje 3: Ukendt konkret udfordring »samtykke«." in content
    assert not ProjectChallenge.objects.exists()


def test_a_row_changed_after_the_preview_is_refused_naming_the_line(admin_client, site):
    observation = make_observation(project=site["project"], area=site["data"], severity=1)
    preview = upload(admin_client, "projekt;omraade;beskrivelse", "hjemmepleje;data;Fra filen")
    assert preview.context["token"]
    # Another editor corrects the observation after the preview.
    observation.description = "Rettet af en anden"
    observation.save()

    response = confirm(admin_client, preview)

    content = text(response)
    assert response.status_code == 200
    assert (
        "Linje 2 (AI i hjemmeplejen, Data og datakvalitet): den oplevede udfordring er ændret, "
        "siden du så forhåndsvisningen." in content
    )
    assert "Intet er gemt" in content
    observation.refresh_from_db()
    assert observation.description == "Rettet af en anden"


def test_a_row_that_appeared_after_the_preview_is_refused(admin_client, site):
    preview = upload(admin_client, HEADER, "hjemmepleje;data;;;;Fra filen;", "roentgen;jura;;;;;")
    make_observation(project=site["project"], area=site["data"], description="Af en anden")

    response = confirm(admin_client, preview)

    assert "Linje 2 (AI i hjemmeplejen, Data og datakvalitet): den oplevede udfordring er " in (
        text(response)
    )
    assert "er oprettet af en anden" in text(response)
    assert ProjectChallenge.objects.get().description == "Af en anden"


def test_a_forged_preview_snapshot_saves_nothing(admin_client, site):
    preview = upload(admin_client, HEADER, "hjemmepleje;data;;;;;")

    admin_client.post(IMPORT_URL, {"token": preview.context["token"], "snapshot": "falsk"})

    assert not ProjectChallenge.objects.exists()


def test_a_skribents_import_of_a_published_observation_waits_for_review(client, site):
    from temperatur.models import PendingChange
    from tests.factories import make_editor_user, make_record

    make_record(project=site["project"])
    observation = make_observation(project=site["project"], area=site["data"], severity=1)
    client.force_login(make_editor_user("Skribent"))
    preview = upload(client, "projekt;omraade;alvor", "hjemmepleje;data;høj")
    assert "Venter på gennemsyn: alvor" in text(preview)

    response = confirm(client, preview)

    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.severity == 1
    change = PendingChange.objects.get()
    assert (change.object_id, change.proposed) == (observation.pk, {"severity": 3})
    page = client.get(site["project"].get_absolute_url())
    assert page.context["project"].counted_observations[0].severity == 1
    # A Redaktør approves: now the public page changes.
    client.force_login(make_editor_user("Redaktør"))
    client.post(reverse("admin:temperatur_pendingchange_change", args=[change.pk]), {"_approve": 1})
    page = client.get(site["project"].get_absolute_url())
    assert page.context["project"].counted_observations[0].severity == 3


def test_a_preview_can_be_confirmed_only_once(admin_client, site):
    preview = upload(admin_client, HEADER, "hjemmepleje;data;;;;;")
    confirm(admin_client, preview)
    response = confirm(admin_client, preview)
    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    assert ProjectChallenge.objects.count() == 1


# Who may import


def test_import_needs_the_right_to_add_observations(client, site):
    client.force_login(make_staff_user("challenges.view_projectchallenge"))
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, HEADER, "hjemmepleje;data;;;;;").status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    assert "Importér fra CSV" not in text(client.get(CHANGELIST_URL))
    assert not ProjectChallenge.objects.exists()


def test_changelist_links_to_the_import_for_those_who_may_add(admin_client):
    content = text(admin_client.get(CHANGELIST_URL))
    assert f'<a href="{IMPORT_URL}">Importér fra CSV</a>' in content


def test_without_the_right_to_change_existing_rows_are_refused(client, site):
    make_observation(project=site["project"], area=site["data"], severity=1)
    client.force_login(
        make_staff_user(
            "challenges.view_projectchallenge",
            "challenges.add_projectchallenge",
        )
    )
    response = upload(client, "projekt;omraade;alvor", "hjemmepleje;data;3", "roentgen;data;1")
    assert "Linje 2: Udfordringen findes allerede, og du har ikke ret til at ændre" in text(
        response
    )
    assert response.context["token"] == ""


def test_upload_page_documents_the_columns(admin_client):
    content = text(admin_client.get(IMPORT_URL))
    for column in observation_import.COLUMN_NAMES:
        assert f"<code>{column}</code>" in content
    assert f'href="{TEMPLATE_URL}"' in content


def test_template_is_a_danish_spreadsheets_csv_with_the_header(admin_client):
    response = admin_client.get(TEMPLATE_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8") == (
        "\ufeffprojekt;omraade;udfordring;maaling;alvor;beskrivelse;kilde;offentliggjort;"
        "registreret\r\n"
    )


def test_the_template_filled_in_imports(admin_client, site):
    header = admin_client.get(TEMPLATE_URL).content.decode("utf-8")
    preview = upload(admin_client, header.strip(), "hjemmepleje;data;;;2;;www.example.dk;nej;")
    confirm(admin_client, preview)
    assert ProjectChallenge.objects.get().source_url == "https://www.example.dk"


def test_publishing_needs_the_right_to_publish(client, site):
    client.force_login(
        make_staff_user("challenges.view_projectchallenge", "challenges.add_projectchallenge")
    )
    response = upload(client, "projekt;omraade;offentliggjort", "hjemmepleje;data;ja")
    assert "Linje 2: Du har ikke ret til at offentliggøre" in text(response)
    assert upload(client, "projekt;omraade;offentliggjort", "hjemmepleje;data;nej").context["token"]


def test_preview_takes_a_fixed_number_of_queries(admin_client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(lines):
        with CaptureQueriesContext(connection) as queries:
            upload(admin_client, "projekt;omraade;udfordring", *lines)
        return len(queries)

    few = queries_for(["hjemmepleje;data;datakvalitet"])
    projects = [make_project() for _ in range(5)]
    many = queries_for([f"{project.slug};data;datakvalitet" for project in projects])
    assert many == few


def test_the_column_registreret_creates_the_missing_record_with_the_rows_source(admin_client, site):
    from challenges.models import ChallengeRecord

    header = "projekt;omraade;maaling;kilde;offentliggjort;registreret"
    lines = [
        "hjemmepleje;data;maaling-2022;https://example.org/k;ja;ja",
        "hjemmepleje;jura;maaling-2022;https://example.org/k;ja;ja",
    ]
    preview = upload(admin_client, header, *lines)
    assert "Importen opretter 1 registrering" in text(preview)
    assert not ChallengeRecord.objects.exists()  # nothing saved by the preview

    confirm(admin_client, preview)

    record = ChallengeRecord.objects.get()
    assert (record.project, record.measurement) == (site["project"], site["measurement"])
    assert record.source_url == "https://example.org/k"
    assert record.is_published
    # Now the project is recorded: its observations count.
    assert ProjectChallenge.objects.counted().count() == 2


def test_a_record_needs_a_source_and_a_readable_value(admin_client, site):
    from challenges.models import ChallengeRecord

    preview = upload(
        admin_client, "projekt;omraade;registreret", "hjemmepleje;data;ja", "hjemmepleje;jura;måske"
    )
    page = text(preview)
    assert "En registrering skal have en kilde" in page
    assert "Registreret skal være »ja« eller »nej« – ikke »måske«." in page
    confirm(admin_client, preview)
    assert not ChallengeRecord.objects.exists()
    assert not ProjectChallenge.objects.exists()  # all or nothing


def test_confirming_without_a_waiting_preview_saves_nothing_and_says_so(admin_client, site):
    response = admin_client.post(IMPORT_URL, {"token": "", "snapshot": ""}, follow=True)
    assert response.status_code == 200
    assert "Forhåndsvisningen er udløbet" in text(response)
    assert not ProjectChallenge.objects.exists()
