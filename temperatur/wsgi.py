import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "temperatur.settings")

application = get_wsgi_application()

# What Django loaded at start stays for the life of the worker: out of the way of the
# collections that a page's many short-lived objects set off in the middle of a request.
gc.freeze()
