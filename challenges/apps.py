from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Udfordringer")

    def ready(self):
        from django.db.models import signals

        from projects.models import Project
        from temperatur.core.workflow import register_publication_child

        from . import standing
        from .models import ChallengeRecord, ProjectChallenge

        # Observations and records show on their project's page (temperatur.core.workflow).
        register_publication_child(parent=Project, model=ProjectChallenge, fk="project")
        register_publication_child(parent=Project, model=ChallengeRecord, fk="project")

        # The summary of where each project stands follows every write (challenges.standing).
        for model in (ProjectChallenge, ChallengeRecord):
            signals.pre_save.connect(standing.remember_project, sender=model)
            signals.post_save.connect(standing.saved, sender=model)
            signals.post_delete.connect(standing.deleted, sender=model)
        signals.post_migrate.connect(standing.migrated, sender=self)
