"""Staged edits in the admin (ADR 10): a published item's change form saves a draft that
the public does not see; the item's page previews, publishes or discards it."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from .. import glossary_links
from ..models import DraftRevision, DraftState, Publication
from ..models.drafts import staged_fields

SAVE_DRAFT = "_save_draft"


def error_text(error: ValidationError) -> str:
    """A ValidationError as one sentence that names each field."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(msgs)}" if name != "__all__" else " ".join(msgs)
            for name, msgs in error.message_dict.items()
        )
    return " ".join(error.messages)


def staging_problem(request, item, form, draft):
    """Why this change form's submission cannot be taken as it is, or None."""
    staging = SAVE_DRAFT in request.POST
    if not staging:
        if draft is not None:
            return gettext(
                "A draft of this item is waiting: save your changes into it with “Save as "
                "draft”, or publish or discard the draft first."
            )
        return None
    if not type(item).objects.filter(pk=item.pk, status=Publication.PUBLISHED).exists():
        return gettext(
            "Only a published item keeps a draft: this one is not public, so save it directly."
        )
    staged = {f.name for f in staged_fields(type(item))}
    related = [str(form.fields[name].label) for name in form.changed_data if name not in staged]
    if related:
        return gettext(
            "A draft holds the item's own fields, not %(fields)s: save those on their own "
            "(the public sees them at once), then save the rest as a draft."
        ) % {"fields": ", ".join(related)}
    return None


class StagedEditsMixin:
    """For a ModelAdmin of content: "Save as draft", and the draft's preview, publish and
    discard views. While a draft waits, the change form shows and edits the draft."""

    def waiting_draft(self, request, item):
        cache = request.__dict__.setdefault("_waiting_drafts", {})
        key = (type(item), item.pk)
        if key not in cache:
            cache[key] = DraftRevision.objects.waiting().of(item).select_related("author").first()
        return cache[key]

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/draft/preview/",
                view(self.draft_preview_view),
                name=f"{prefix}_draft_preview",
            ),
            path(
                "<path:object_id>/draft/publish/",
                view(require_POST(self.draft_publish_view)),
                name=f"{prefix}_draft_publish",
            ),
            path(
                "<path:object_id>/draft/discard/",
                view(require_POST(self.draft_discard_view)),
                name=f"{prefix}_draft_discard",
            ),
            *super().get_urls(),
        ]

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        match = request.resolver_match
        if item is not None and match and match.url_name.endswith("_change"):
            draft = self.waiting_draft(request, item)
            if draft is not None:
                draft.apply_to(item)  # the form shows, and edits, the draft
        return item

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form_class
        draft = self.waiting_draft(request, obj)

        class StagedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                problem = staging_problem(request, obj, self, draft)
                if problem:
                    raise ValidationError(problem)
                return cleaned

        return StagedForm

    def get_inline_instances(self, request, obj=None):
        # Inline items (a recommendation's action items) are items of their own, edited
        # on their own pages while a draft waits. A form saved as a draft still reads
        # them, to tell the curator if changes to them were left unsaved.
        if obj is not None and SAVE_DRAFT not in request.POST and self.waiting_draft(request, obj):
            return []
        return super().get_inline_instances(request, obj)

    def save_model(self, request, obj, form, change):
        if change and SAVE_DRAFT in request.POST:
            request._staged_draft = DraftRevision.stage(obj, request.user)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not hasattr(request, "_staged_draft"):
            super().save_related(request, form, formsets, change)
        elif any(formset.has_changed() for formset in formsets):
            self.message_user(
                request,
                gettext(
                    "Your changes to the action items below were not saved: a draft holds the "
                    "item's own fields only. Make them again and use Save, or edit each action "
                    "item on its own page."
                ),
                messages.WARNING,
            )

    def construct_change_message(self, request, form, formsets, add=False):
        if hasattr(request, "_staged_draft"):
            return []  # the formsets were not saved; log_change says what was
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if hasattr(request, "_staged_draft"):
            draft = request._staged_draft
            message = f"Saved a draft: {', '.join(draft.changes)}" if draft else "Draft emptied"
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not hasattr(request, "_staged_draft"):
            return super().response_change(request, obj)
        if request._staged_draft is None:
            self.message_user(
                request, gettext("Nothing differs from the published version: no draft is waiting.")
            )
        else:
            self.message_user(
                request,
                gettext(
                    "Saved as a draft. The public still sees the published version; preview, "
                    "publish or discard the draft below."
                ),
                messages.SUCCESS,
            )
        return redirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        draft = self.waiting_draft(request, obj) if obj is not None else None
        context["waiting_draft"] = draft
        context["can_stage"] = obj is not None and obj.status == Publication.PUBLISHED
        if draft is not None:
            # While a draft waits, this form edits the draft: no direct save.
            context.update(
                show_save=False, show_save_and_continue=False, show_save_and_add_another=False
            )
            context["draft_fields"] = [
                self.opts.get_field(name).verbose_name for name in draft.changes
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _draft_or_404(self, request, object_id):
        item = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        draft = self.waiting_draft(request, item)
        if draft is None:
            raise Http404("No draft of this item is waiting.")
        return item, draft

    def _change_url(self, item):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return reverse(f"admin:{prefix}_change", args=[item.pk])

    def draft_preview_view(self, request, object_id):
        """The item's public page, by its own view and template, as it will be once the
        draft is published: the draft's values are written in a transaction that is always
        rolled back, so nothing else (history, search, cached pages) ever sees them."""
        item, draft = self._draft_or_404(request, object_id)
        draft.apply_to(item)
        values = {f.attname: getattr(item, f.attname) for f in staged_fields(self.model)}
        match = resolve(urlsplit(item.get_absolute_url()).path)
        request.draft_preview = {"draft": draft, "back": self._change_url(item)}
        with transaction.atomic():
            self.model.objects.filter(pk=item.pk).update(**values)
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        glossary_links.forget()  # a linker built inside the preview saw the draft
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

    def draft_publish_view(self, request, object_id):
        item, draft = self._draft_or_404(request, object_id)
        try:
            draft.publish(request.user)
        except ValidationError as error:
            self.message_user(
                request,
                gettext("The draft was not published: %(reason)s") % {"reason": error_text(error)},
                messages.ERROR,
            )
        else:
            self.log_change(request, item, "Published the draft")
            self.message_user(
                request,
                gettext("The draft is published: the public page shows it now."),
                messages.SUCCESS,
            )
        return redirect(self._change_url(item))

    def draft_discard_view(self, request, object_id):
        item, draft = self._draft_or_404(request, object_id)
        draft.close(DraftState.DISCARDED, request.user)
        self.log_change(request, item, "Discarded the draft")
        self.message_user(
            request, gettext("The draft is discarded; the published version is unchanged.")
        )
        return redirect(self._change_url(item))
