"""Let the editors' groups work the readers' error reports.

»Redaktør« may read, handle and delete them; »Skribent« may read them. The groups are
fetched by name or created: the roles are set up in the resources app's migrations,
which may run before or after this one.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Redaktør": ["view_feedback", "change_feedback", "delete_feedback"],
    "Skribent": ["view_feedback"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create ours now.
    app_config = apps.get_app_config("temperatur")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="temperatur", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="temperatur", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("temperatur", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("resources", "0002_synthetic_flag"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
