"""GIN indexes for the site search on PostgreSQL (temperatur.search).

Each index is built on exactly the expression ``temperatur.search.search_vector()``
returns, so the planner uses it for the ranked full-text search of projects and
resources. SQLite has no such index (its search is the portable one), so the
operation runs on PostgreSQL only.
"""

from django.db import migrations

INDEXES = [
    # /soeg/ and /projekter/?q=: the weighted danish tsvector of a project.
    ("projects", "project", "projects.project", "projects_project_search_idx"),
    # /soeg/ and /ressourcer/?q=: the weighted danish tsvector of a resource.
    ("resources", "resource", "resources.resource", "resources_resource_search_idx"),
]


def _indexes(apps):
    from django.contrib.postgres.indexes import GinIndex

    from temperatur.search import search_vector

    for app_label, model_name, label, name in INDEXES:
        yield apps.get_model(app_label, model_name), GinIndex(search_vector(label), name=name)


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.add_index(model, index)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_publication_workflow_and_history"),
        ("resources", "0003_publication_workflow_and_history"),
    ]

    operations = [migrations.RunPython(add, remove)]
