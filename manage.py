#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "temperatur.settings")
    # Debug comes from DJANGO_DEBUG alone (`make` sets it for local work; README): never from
    # a missing secret key, or a shell without one could run commands meant for a laptop
    # against a production database with debug on.
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
