"""Highlights get the publishing workflow; »Senest opdateret« counts only public changes.

Every highlight was public until now (where its project was), so the existing ones start
published. Only »Redaktør« may publish them, as every other kind of content.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def published_changed_at_from_history(apps, app_label, model_names):
    """A published row's last public change is its newest history entry, where it has one.

    Until now every change to a published row was public at once. Rows without history
    (loaded from the fixtures) keep an empty date: when they were last checked is unknown.
    """
    for name in model_names:
        model = apps.get_model(app_label, name)
        history = apps.get_model(app_label, f"Historical{name}")
        newest = (
            history.objects.filter(id=OuterRef("pk"))
            .order_by("-history_date")
            .values("history_date")[:1]
        )
        model.objects.filter(is_published=True).update(published_changed_at=Subquery(newest))


def publish_existing_highlights(apps, schema_editor):
    apps.get_model("projects", "Highlight").objects.update(is_published=True)


def backfill(apps, schema_editor):
    published_changed_at_from_history(apps, "projects", ["Project", "Highlight"])


def let_redaktoer_publish_highlights(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create ours now.
    app_config = apps.get_app_config("projects")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name="Redaktør")
    group.permissions.add(
        apps.get_model("auth", "Permission").objects.get(
            content_type__app_label="projects", codename="publish_highlight"
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0006_published_title_index'),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='highlight',
            options={'ordering': ['order'], 'permissions': [('publish_highlight', 'Kan offentliggøre fremhævede erfaringer')], 'verbose_name': 'fremhævet erfaring fra første år', 'verbose_name_plural': 'fremhævede erfaringer fra første år'},
        ),
        migrations.AddField(
            model_name='highlight',
            name='is_published',
            field=models.BooleanField(default=False, help_text='Kun offentliggjorte erfaringer vises på forsiden og projektets side.', verbose_name='offentliggjort'),
        ),
        migrations.AddField(
            model_name='highlight',
            name='published_changed_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='Tidspunktet for den seneste ændring, som offentligheden kunne se. Tomt, når det ikke kendes, fx for indhold indlæst fra kilderne.', null=True, verbose_name='senest opdateret offentligt'),
        ),
        migrations.AddField(
            model_name='highlight',
            name='ready_for_review',
            field=models.BooleanField(default=False, help_text='Sæt flueben, når teksten er færdig og kan ses igennem af en redaktør, der offentliggør den. Fjernes automatisk ved offentliggørelse.', verbose_name='klar til gennemsyn'),
        ),
        migrations.AddField(
            model_name='historicalhighlight',
            name='is_published',
            field=models.BooleanField(default=False, help_text='Kun offentliggjorte erfaringer vises på forsiden og projektets side.', verbose_name='offentliggjort'),
        ),
        migrations.AddField(
            model_name='historicalhighlight',
            name='published_changed_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='Tidspunktet for den seneste ændring, som offentligheden kunne se. Tomt, når det ikke kendes, fx for indhold indlæst fra kilderne.', null=True, verbose_name='senest opdateret offentligt'),
        ),
        migrations.AddField(
            model_name='historicalhighlight',
            name='ready_for_review',
            field=models.BooleanField(default=False, help_text='Sæt flueben, når teksten er færdig og kan ses igennem af en redaktør, der offentliggør den. Fjernes automatisk ved offentliggørelse.', verbose_name='klar til gennemsyn'),
        ),
        migrations.AddField(
            model_name='historicalproject',
            name='published_changed_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='Tidspunktet for den seneste ændring, som offentligheden kunne se. Tomt, når det ikke kendes, fx for indhold indlæst fra kilderne.', null=True, verbose_name='senest opdateret offentligt'),
        ),
        migrations.AddField(
            model_name='project',
            name='published_changed_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='Tidspunktet for den seneste ændring, som offentligheden kunne se. Tomt, når det ikke kendes, fx for indhold indlæst fra kilderne.', null=True, verbose_name='senest opdateret offentligt'),
        ),
        migrations.AddConstraint(
            model_name='highlight',
            constraint=models.CheckConstraint(condition=models.Q(('is_published', False), ('ready_for_review', False), _connector='OR'), name='projects_highlight_published_not_in_review', violation_error_message='Indhold, der er offentliggjort, kan ikke samtidig vente på gennemsyn.'),
        ),
        migrations.RunPython(publish_existing_highlights, migrations.RunPython.noop),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(let_redaktoer_publish_highlights, migrations.RunPython.noop),
    ]
