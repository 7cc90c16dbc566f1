"""»Vis kladde«: :class:`DraftPreviewMixin` shows the public page of an unpublished row,
to staff only, never cached."""

from django.contrib.admin.utils import quote, unquote
from django.http import Http404
from django.urls import path, reverse
from django.utils.cache import patch_cache_control


class DraftPreviewMixin:
    """»Vis kladde«: the public page of a row, drafts included, for staff only.

    Subclasses implement ``preview_response(request, obj, context)``, rendering the public
    template with ``context`` added (the banner's). The view lives inside the admin, so
    only logged-in staff reach it (others go to the login page) and it is never cached:
    the page cache leaves the admin alone, and the response says ``private, no-store``.
    """

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview"
        view = self.admin_site.admin_view(self.preview_view)
        return [path("<path:object_id>/kladde/", view, name=name), *super().get_urls()]

    def preview_url(self, obj):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_preview"
        return reverse(name, args=[quote(obj.pk)], current_app=self.admin_site.name)

    def preview_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        response = self.preview_response(
            request, obj, {"preview": {"object": obj, "change_url": change_url}}
        )
        if hasattr(response, "render"):
            response.render()
        patch_cache_control(response, private=True, no_store=True)
        return response

    def preview_response(self, request, obj, context):
        raise NotImplementedError

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and not obj.is_published:
            context["preview_url"] = self.preview_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
