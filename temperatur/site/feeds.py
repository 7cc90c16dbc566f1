"""The site's Atom feeds: what each app declares (``<app>/public.py``), in the apps' order.

Projects and resources come newest first by their last change the public saw
(``published_changed_at``: publishing moves it, saving a draft or a change waiting for
review does not), measurements by the day they were published. Each feed is one query;
their common ground is ``temperatur.web.feeds``.
"""

from django.urls import path

from temperatur.site import assembly


def urlpatterns():
    return [path(feed.path, feed.view, name=feed.name) for feed in assembly.collect("feeds")]
