"""Kept for the migrations that import it (``*/migrations/0001_initial.py``): natural keys
live in ``temperatur.core.naturalkeys``."""

from temperatur.core.naturalkeys import SlugNaturalKeyMixin

__all__ = ["SlugNaturalKeyMixin"]
