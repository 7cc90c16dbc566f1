#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "temperatur.settings")
    # A machine without a secret key is a developer's: there manage.py runs with debug on,
    # as every make target does. Production always sets DJANGO_SECRET_KEY (the site will
    # not start without one), so there debug stays off unless DJANGO_DEBUG says otherwise.
    if "DJANGO_SECRET_KEY" not in os.environ:
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
