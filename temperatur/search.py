"""Kept for the migration that imports it (``projects/migrations/0004_search_index.py``):
the search lives in ``temperatur.core.search``."""

from temperatur.core.search import search_vector

__all__ = ["search_vector"]
