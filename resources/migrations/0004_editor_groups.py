"""The editors' two roles as groups (README, "Editor accounts").

»Redaktør« adds, changes, deletes and publishes content and keeps the reference data
(regions, municipalities, areas, measurements …). »Skribent« adds and changes content,
which stays unpublished until a Redaktør publishes it, and may only read the reference
data; a Skribent deletes nothing. Neither may manage users or groups. Permissions are
only ever added, so grants made by other apps' migrations (e.g. for the readers' error
reports) stay, whichever runs first. Here in ``resources``, the app that depends on the
other two, so that every model named below exists.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Written out, not derived from the models: a migration keeps meaning what it meant.
CONTENT = [
    ("projects", "project"),
    ("projects", "highlight"),
    ("challenges", "projectchallenge"),
    ("resources", "resource"),
    ("resources", "advice"),
]
REFERENCE = [
    ("projects", "region"),
    ("projects", "municipality"),
    ("projects", "domain"),
    ("projects", "organisation"),
    ("projects", "fundinground"),
    ("challenges", "challengearea"),
    ("challenges", "challenge"),
    ("challenges", "measurement"),
    ("challenges", "areafinding"),
]
PUBLISH = [
    ("projects", "publish_project"),
    ("challenges", "publish_projectchallenge"),
    ("resources", "publish_resource"),
    ("resources", "publish_advice"),
]


def _codenames(models, actions):
    return [(app, f"{action}_{model}") for app, model in models for action in actions]


ROLES = {
    "Redaktør": [
        *_codenames(CONTENT + REFERENCE, ["add", "change", "delete", "view"]),
        *PUBLISH,
    ],
    "Skribent": [
        *_codenames(CONTENT, ["add", "change", "view"]),
        *_codenames(REFERENCE, ["view"]),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now.
    for app_label in ("projects", "challenges", "resources"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(
            app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias
        )
        app_config.models_module = None
    grant_roles(apps)


def grant_roles(apps):
    """Create the groups (if missing) and give them their permissions, which must exist."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0003_publication_workflow_and_history"),
        ("challenges", "0003_publication_workflow_and_history"),
        ("resources", "0003_publication_workflow_and_history"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
