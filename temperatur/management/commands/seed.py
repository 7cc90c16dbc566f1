"""Load the site's real content from the JSON fixtures in ``fixtures/``.

The fixtures name every object by its natural key (slug) and carry no primary keys, so
``loaddata`` finds the existing row and updates it: seeding twice leaves the same data.
All fixtures load in one transaction, so a broken one changes nothing.
"""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from temperatur.core.history import record_first_versions
from temperatur.site import assembly

#: The first entry in the history of a row loaded from the fixtures.
LOADED = "Indlæst fra kilderne"

# Dependency order: every fixture refers only to objects in itself or the fixtures before it
# (each app's reference data, then each app's content: ``<app>/public.py``).
FIXTURES = assembly.fixtures()

# The models counted in the summary, in the order they are printed.
SUMMARY_MODELS = (
    "projects.Region",
    "projects.Municipality",
    "projects.Domain",
    "projects.Organisation",
    "projects.FundingRound",
    "challenges.ChallengeArea",
    "challenges.Challenge",
    "challenges.Measurement",
    "challenges.AreaFinding",
    "projects.Project",
    "projects.Highlight",
    "challenges.ProjectChallenge",
    "resources.Advice",
    "resources.Resource",
)


def unknown_references(path):
    """Describe each natural-key reference in the fixture at ``path`` that points to nothing.

    A reference may point to a row already in the database or to an object earlier in the
    same file. ``loaddata`` would defer an unknown reference and fail later on an unrelated
    rule (a NOT NULL or CHECK constraint), so the seed looks first and names the reference.
    """
    resolved = set()  # (model, natural key) defined above or found in the database
    problems = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        model = apps.get_model(item["model"])
        fields = item.get("fields", {})
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete) or fields.get(field.name) is None:
                continue
            keys = fields[field.name] if field.many_to_many else [fields[field.name]]
            target = field.related_model
            for key in keys:
                if not isinstance(key, list):
                    continue  # a raw primary key: loaddata checks it
                reference = (target, tuple(key))
                if reference in resolved:
                    continue
                try:
                    target._default_manager.get_by_natural_key(*key)
                    resolved.add(reference)
                except ObjectDoesNotExist:
                    name = fields.get("slug") or item["model"]
                    problems.append(
                        f"»{name}« ({item['model']}) henviser i feltet »{field.name}« til "
                        f"{key}, som ikke findes"
                    )
        if "slug" in fields:
            resolved.add((model, (fields["slug"],)))
    return problems


class Command(BaseCommand):
    help = (
        "Indlæser sitets indhold (regioner, kommuner, fagområder, organisationer, "
        "ansøgningsrunder, udfordringsområder, målinger, projekter, gode råd og ressourcer) "
        "fra JSON-filerne i fixtures/. Alt indlæses i én transaktion: fejler én fil, ændres "
        "intet. Kommandoen kan køres igen; eksisterende indhold opdateres uden dubletter."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures",
            help="Mappen med JSON-filerne (standard: fixtures/ i projektets rod).",
        )

    def handle(self, *args, fixture_dir, **options):
        paths = [fixture_dir / f"{name}.json" for name in FIXTURES]
        missing = [path.name for path in paths if not path.is_file()]
        if missing:
            raise CommandError(f"Mangler {', '.join(missing)} i {fixture_dir}. Intet er indlæst.")

        with transaction.atomic():
            for path in paths:
                # Raising inside the atomic block rolls back every fixture loaded so far.
                try:
                    problems = unknown_references(path)
                    if not problems:
                        call_command("loaddata", str(path), verbosity=0)
                except Exception as exc:
                    problems = [str(exc)]
                if problems:
                    raise CommandError(
                        f"Kunne ikke indlæse {path.name}: {'; '.join(problems)}.\n"
                        "Intet er ændret i databasen. Ret filen, og kør kommandoen igen."
                    )
            # »Historik« starts with the loaded version, so the first edit shows what changed.
            record_first_versions(LOADED)

        self.stdout.write(self.style.SUCCESS(f"Indhold indlæst fra {fixture_dir}:"))
        for model in map(apps.get_model, SUMMARY_MODELS):
            count = model._default_manager.count()
            self.stdout.write(f"  {model._meta.verbose_name_plural}: {count}")
