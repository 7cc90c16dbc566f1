"""Least privilege for readers' data: only »Redaktør« reads the error-report inbox.

The reports may carry a reader's e-mail address, and reading the inbox is also exporting
it (»Eksportér CSV«). A »Skribent« does not answer readers, so the group loses
``view_feedback`` (granted in 0002); a Redaktør passes on what a writer must fix.
"""

from django.db import migrations


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Skribent").first()
    if group is not None:
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="temperatur", codename="view_feedback"
            )
        )


def grant_again(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Skribent").first()
    if group is not None:
        group.permissions.add(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="temperatur", codename="view_feedback"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("temperatur", "0003_pendingchange"),
        ("temperatur", "0002_feedback_permissions"),
    ]

    operations = [migrations.RunPython(revoke, grant_again)]
