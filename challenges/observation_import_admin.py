"""»Importér fra CSV« in the admin: upload, preview, confirm (the observed challenges' pages).

The file's checking and saving, all rows or none, is in ``challenges/observation_import.py``.
"""

import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.crypto import constant_time_compare
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from temperatur.web.exports import csv_response

from . import observation_import as importer
from . import observation_import_save as saving


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV-fil"),
        help_text=gettext_lazy("Højst 2 MB og 5.000 rækker."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            raise ValidationError(_("Filen er for stor: højst 2 MB. Del den op i flere filer."))
        try:
            self.text = importer.decode(upload.read())
        except importer.ImportFileError as error:
            raise ValidationError(str(error)) from None
        self.file_name = upload.name or "fil.csv"
        return upload


class ObservationImportAdminMixin:
    """»Importér fra CSV« for the observed challenges' ModelAdmin: upload, preview, confirm.

    Only for those who may add observed challenges. The file's text waits in the
    editor's session between preview and confirmation, under a token the confirmation
    must carry, so what is saved is what was previewed (checked again).
    """

    import_template = "admin/challenges/projectchallenge/import.html"
    import_preview_template = "admin/challenges/projectchallenge/import_preview.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/skabelon/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def _import_url(self):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_import"
        )

    def _import_context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Importér oplevede udfordringer fra CSV"),
            "columns": importer.COLUMNS,
            "max_rows": number_format(importer.MAX_ROWS, force_grouping=True),
            **extra,
        }

    def _import_may_publish(self, request):
        """Whether the user may publish observations (``publish_<model>``, the workflow's
        permission, where the model declares one; else the right to change them)."""
        opts = self.opts
        codename = f"publish_{opts.model_name}"
        if any(name == codename for name, _label in opts.permissions):
            return request.user.has_perm(f"{opts.app_label}.{codename}")
        return self.has_change_permission(request)

    def import_template_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return csv_response("oplevede-udfordringer-skabelon", importer.COLUMN_NAMES, [])

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        rights = {
            "can_change": self.has_change_permission(request),
            "can_publish": self._import_may_publish(request),
        }
        if request.method == "POST" and "token" in request.POST:
            return self._confirm_import(request, rights)

        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return TemplateResponse(
                request, self.import_template, self._import_context(request, form=form)
            )
        result = importer.check_file(form.text, **rights)
        token = ""
        if result.is_valid:
            token = secrets.token_urlsafe(16)
            request.session[importer.SESSION_KEY] = {
                "token": token,
                "name": form.file_name,
                "text": form.text,
            }
        return self._preview(request, result, form.file_name, token=token)

    def _preview(self, request, result, file_name, *, token=""):
        context = self._import_context(
            request,
            result=result,
            file_name=file_name,
            token=token,
            snapshot=saving.preview_snapshot(result) if token else "",
            headers=importer.PREVIEW_HEADERS,
            form=ImportForm(),
        )
        return TemplateResponse(request, self.import_preview_template, context)

    def _confirm_import(self, request, rights):
        pending = request.session.get(importer.SESSION_KEY) or {}
        # No preview waiting (or an invalid one, which has no token) is never a match.
        if not pending.get("token") or not constant_time_compare(
            pending["token"], request.POST.get("token", "")
        ):
            messages.error(
                request,
                _(
                    "Forhåndsvisningen er udløbet eller afløst af en nyere. Upload filen "
                    "igen, og gem fra den nye forhåndsvisning."
                ),
            )
            return redirect(self._import_url())
        del request.session[importer.SESSION_KEY]
        result = saving.import_observations(
            text=pending["text"],
            user=request.user,
            file_name=pending["name"],
            snapshot=request.POST.get("snapshot", ""),
            **rights,
        )
        if not result.saved:
            messages.error(
                request,
                _(
                    "Intet er gemt: filen passer ikke længere til det, der er registreret. "
                    "Se fejlene herunder, ret filen, og upload den igen."
                ),
            )
            return self._preview(request, result, pending["name"])
        counts = result.counts
        messages.success(
            request,
            _(
                "Importen er gemt. Nye oplevede udfordringer: %(new)d. Opdaterede: "
                "%(update)d. Uændrede: %(unchanged)d."
            )
            % counts,
        )
        reviewed = sum(1 for row in result.rows if row.action == "update" and row.reviewed)
        if reviewed:
            messages.info(
                request,
                _(
                    "%(count)d af de opdaterede er offentliggjort; ændringerne af dem venter "
                    "på gennemsyn, og det offentlige site viser dem uændret, indtil en "
                    "redaktør godkender."
                )
                % {"count": reviewed},
            )
        return redirect(
            reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
            )
        )
