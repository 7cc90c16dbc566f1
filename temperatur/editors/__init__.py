"""The editors' kit, shared by every app's admin: the publishing workflow in the admin,
edit conflicts, history and restore, draft preview, changes waiting for review, the login
lockout, the admin's CSV export and the roles.

Imports no app (import-linter, pyproject.toml); each app's ``admin.py`` builds on it.
"""
