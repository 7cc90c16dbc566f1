"""The static files' storage: whitenoise's (hashed names from the manifest, compressed
copies), with each file's address worked out once per process. A page names a dozen
files (styles, scripts, fonts, icons); each address took a parse of the name and a look
in the manifest, for the same answer every time until the next deploy."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
