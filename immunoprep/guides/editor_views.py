"""The owner's editor at /g/<edit-token>/: tick, star, reorder, add, note and answer.

Every change is a plain POST that redirects back (works without JavaScript). With htmx,
the same POST returns the re-rendered editor in place. Every change carries the guide's
version: if another tab changed the guide first, nothing is saved and the user is told,
with what they typed kept in the form.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from immunoprep.guides import services
from immunoprep.guides.content import guide_content
from immunoprep.guides.guide_views import get_guide, private
from immunoprep.guides.models import NOTE_MAX, QUESTION_MAX
from immunoprep.knowledge import get_knowledge_base
from immunoprep.printing.options import DEFAULT_SECTIONS, SECTIONS

STALE = (
    "This guide was changed in another tab or window, so we did not save that change. "
    "You are now seeing the latest version. Please make your change again."
)


def capability(view):
    """A POST whose authority is the secret edit token in its URL, not a cookie.

    CSRF protects ambient authority (cookies); here a forged request would need the token,
    and whoever has it can edit anyway. Guide pages also send `Referrer-Policy: no-referrer`,
    which makes browsers send `Origin: null` on plain form posts, and Django's origin check
    would refuse every no-JavaScript edit.
    """
    return csrf_exempt(require_POST(private(view)))


DONE = {
    "toggle-on": "Added to your questions.",
    "toggle-off": "Removed from your questions. You can add it back below.",
    "star": "Top-priority mark changed.",
    "up": "Moved up.",
    "down": "Moved down.",
    "edge": "That question is already at the edge of its group, so it did not move.",
    "save": "Saved.",
    "delete": "Your question was deleted.",
    "add": "Your question was added.",
    "note": "Your note was saved.",
}


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # a missing or mangled version is treated as stale: nothing is saved


def editor_page(request, guide, *, status=200, error="", kept=None, focus=""):
    kb = get_knowledge_base(guide.lang)
    context = {
        "c": guide_content(guide, kb),
        "kb": kb,
        "error": error,
        "kept": kept or {},
        "focus": focus,
        "limits": {"question": QUESTION_MAX, "note": NOTE_MAX},
        "print_sections": SECTIONS,
        "print_defaults": DEFAULT_SECTIONS,
    }
    template = "guides/editor.html#editor" if request.htmx else "guides/editor.html"
    return render(request, template, context, status=status if not request.htmx else 200)


def _respond(request, guide, done: str, anchor: str, kept: dict | None = None, *, change):
    """Run `change`; answer with the updated editor, or the reason nothing was saved."""
    try:
        if change() is False:  # a move at the edge of its group: nothing changed, and we say so
            done = "edge"
    except services.StaleGuide:
        guide.refresh_from_db()
        return editor_page(request, guide, status=409, error=STALE, kept=kept, focus=anchor)
    except services.GuideLimit as exc:
        guide.refresh_from_db()
        return editor_page(request, guide, status=422, error=str(exc), kept=kept, focus=anchor)
    if request.htmx:
        response = editor_page(request, guide, focus=anchor)
        response["HX-Trigger"] = json.dumps({"guideChanged": DONE[done]})
        return response
    messages.success(request, DONE[done])
    return redirect(reverse("guides:edit", args=[guide.edit_token]) + f"#{anchor}")


@require_GET
@private
def edit(request, token):
    guide = get_guide(token, edit=True)
    services.guide_touch(guide)
    return editor_page(request, guide)


@capability
def question_action(request, token, question_id):
    guide = get_guide(token, edit=True)
    question = guide.questions.filter(pk=question_id).first()
    if question is None:
        raise Http404("No such question")
    action = request.POST.get("action", "")
    version = _version(request)
    anchor = f"q-{question.pk}"
    kw = {"guide": guide, "question": question, "version": version}

    if action == "toggle":
        done = "toggle-off" if question.included else "toggle-on"
        return _respond(request, guide, done, anchor, change=lambda: services.guide_question_toggle(**kw))
    if action == "star":
        return _respond(request, guide, "star", anchor, change=lambda: services.guide_question_star(**kw))
    if action in ("up", "down"):
        return _respond(
            request, guide, action, anchor, change=lambda: services.guide_question_move(**kw, up=action == "up")
        )
    if action == "save":
        fields = {k: request.POST.get(k, "") for k in ("note", "answer")}
        text = request.POST.get("text") if question.is_own else None
        kept = {"question": question.pk, **fields, "text": text}
        return _respond(
            request,
            guide,
            "save",
            anchor,
            kept,
            change=lambda: services.guide_question_update(**kw, **fields, text=text),
        )
    if action == "delete":
        return _respond(request, guide, "delete", "own-questions", change=lambda: services.guide_question_delete(**kw))
    return editor_page(request, guide, status=400, error="That action is not available.")


@capability
def question_add(request, token):
    guide = get_guide(token, edit=True)
    text = request.POST.get("text", "")
    return _respond(
        request,
        guide,
        "add",
        "add-question",
        {"add": text},
        change=lambda: services.guide_question_add(guide=guide, text=text, version=_version(request)),
    )


@capability
def guide_note(request, token):
    guide = get_guide(token, edit=True)
    note = request.POST.get("note", "")
    return _respond(
        request,
        guide,
        "note",
        "guide-note",
        {"guide_note": note},
        change=lambda: services.guide_note_update(guide=guide, note=note, version=_version(request)),
    )


@capability
def share_stop(request, token):
    guide = get_guide(token, edit=True)
    services.guide_share_reset(guide=guide)
    messages.success(request, "Sharing stopped. The old share link no longer works. Here is a new one.")
    return redirect(reverse("guides:edit", args=[guide.edit_token]) + "#sharing")


@csrf_exempt  # see capability()
@require_http_methods(["GET", "POST"])
@private
def guide_delete(request, token):
    guide = get_guide(token, edit=True)
    if request.method == "POST":
        services.guide_delete(guide=guide)
        return render(request, "guides/deleted.html")
    return render(request, "guides/delete_confirm.html", {"guide": guide})
