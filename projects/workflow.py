"""Kept for the migration that imports it (``challenges/migrations/0006_…``): the
publishing workflow lives in ``temperatur.core.workflow``."""

from temperatur.core.workflow import PublicationMixin

__all__ = ["PublicationMixin"]
