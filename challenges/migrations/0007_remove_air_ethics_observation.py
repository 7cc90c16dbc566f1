"""Remove the one seeded observation, AIR in »Etik« (issue #12).

In the report, Aalborg's ethical choice in AIR is a *case* (»Etisk retning for
projektet«), not a challenge the project reported (SOURCES.md, "Corrections"). The case
stays, linked to the project and the area; the observation goes from databases seeded
before the correction. An editor's own observations of the project are left alone: only
the seeded row (no concrete challenge, in the 2021 measurement) is removed.
"""

from django.db import migrations


def remove(apps, schema_editor):
    ProjectChallenge = apps.get_model("challenges", "ProjectChallenge")
    ProjectChallenge.objects.filter(
        project__slug="intelligent-rehabilitering-air",
        area__slug="etik",
        challenge__isnull=True,
        measurement__slug="temperaturmaaling-2021",
        description__startswith="De etiske overvejelser har påvirket udviklingen af algoritmen",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("challenges", "0006_honest_temperature")]

    operations = [migrations.RunPython(remove, migrations.RunPython.noop)]
