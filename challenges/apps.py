from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Udfordringer")

    def ready(self):
        from projects.models import Project
        from temperatur.core.workflow import register_publication_child

        from .models import ChallengeRecord, ProjectChallenge

        # Observations and records show on their project's page (temperatur.core.workflow).
        register_publication_child(parent=Project, model=ProjectChallenge, fk="project")
        register_publication_child(parent=Project, model=ChallengeRecord, fk="project")
