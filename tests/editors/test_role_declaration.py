"""The roles declared in code (temperatur.editors.roles) are the groups the migrations make."""

from django.contrib.auth.models import Group

from temperatur.editors.roles import PERMISSIONS


def test_the_migrations_give_each_role_exactly_the_declared_permissions(db):
    for name, declared in PERMISSIONS.items():
        group = Group.objects.get(name=name)
        granted = {
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert granted == declared, name
