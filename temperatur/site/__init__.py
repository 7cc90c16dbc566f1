"""The site assembly: the front, about and search pages, feeds, sitemaps, open data, the
readers' error reports and the context every page gets.

The only room that imports every app; it iterates over what each app declares in its
``public.py`` (``temperatur.site.apps``).
"""
