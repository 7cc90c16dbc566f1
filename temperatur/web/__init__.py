"""Web plumbing that knows no app: the page cache and its backends, language, middleware,
health, the client's address behind proxies, compression and the output formats
(``?format=``: CSV, JSON, file names, the one error shape).

Imports no app (import-linter, pyproject.toml).
"""
