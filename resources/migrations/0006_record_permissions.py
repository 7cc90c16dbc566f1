"""The editors' roles and the records of a project's challenges (issue #12).

Redaktør adds, changes, deletes and publishes records; Skribent adds and changes them.
Written out, as in 0004: a migration keeps meaning what it meant.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Redaktør": [
        "add_challengerecord",
        "change_challengerecord",
        "delete_challengerecord",
        "view_challengerecord",
        "publish_challengerecord",
    ],
    "Skribent": ["add_challengerecord", "change_challengerecord", "view_challengerecord"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("challenges")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="challenges", codename=codename)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="challenges", codename__endswith="_challengerecord"
    )
    for group in Group.objects.filter(name__in=list(ROLES)):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0005_published_changed_at"),
        ("challenges", "0006_honest_temperature"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
