"""»Senest opdateret« counts only changes the public saw (projects.workflow)."""

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


def backfill(apps, schema_editor):
    published_changed_at_from_history(apps, "challenges", ["ProjectChallenge"])


class Migration(migrations.Migration):

    dependencies = [
        ('challenges', '0004_speed_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalprojectchallenge',
            name='published_changed_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='Tidspunktet for den seneste ændring, som offentligheden kunne se. Tomt, når det ikke kendes, fx for indhold indlæst fra kilderne.', null=True, verbose_name='senest opdateret offentligt'),
        ),
        migrations.AddField(
            model_name='projectchallenge',
            name='published_changed_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='Tidspunktet for den seneste ændring, som offentligheden kunne se. Tomt, når det ikke kendes, fx for indhold indlæst fra kilderne.', null=True, verbose_name='senest opdateret offentligt'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
