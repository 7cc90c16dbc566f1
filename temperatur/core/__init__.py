"""The core below every app: publishing and review states, change history, natural keys,
named reference rows, guarded form fields, filter widget data, search and plain-text
helpers.

Imports Django and third-party libraries only, never an app (import-linter, pyproject.toml).
"""
