"""The owner's editor at /g/<edit-token>/: tick, star, reorder, add, note and answer.

Every change is a plain POST that redirects back (works without JavaScript). With htmx,
the same POST returns the re-rendered editor in place. Every change carries the guide's
version: if another tab changed the guide first, nothing is saved and the user is told,
with what they typed kept in the form.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from immunoprep.guides import forms, services
from immunoprep.guides.content import guide_content
from immunoprep.guides.guide_views import get_guide, private
from immunoprep.guides.printout import guide_pdfs_purge
from immunoprep.guides.remember import REMEMBER_COOKIE, remember_on_device, remembered_token
from immunoprep.guides.tasks import preprint_soon
from immunoprep.knowledge import get_knowledge_base
from immunoprep.language import guide_language
from immunoprep.limits import limited
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
    would refuse every no-JavaScript edit. A GET (a reload, a bookmark of the address a form
    posted to) changes nothing and goes back to the guide: never a bare error page.
    """

    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        if request.method != "POST":
            get_guide(token, edit=True)
            return redirect("guides:edit", token=token)
        return view(request, token, *args, **kwargs)

    return csrf_exempt(require_http_methods(["GET", "HEAD", "POST"])(private(limited("guide-edit")(wrapper))))


@dataclass
class Notice:
    """What an editor action answers, shown beside the control it came from."""

    place: str  # the id of what it sits with: "q-12" (a question), "add-question", "guide-note"
    text: str
    error: bool = False
    undo: bool = False  # a question was just removed: offer to put it back
    swap: bool = False  # a star was refused: offer to swap one of the three

    @property
    def question(self) -> int | None:
        return int(self.place[2:]) if self.place.startswith("q-") and self.place[2:].isdigit() else None

    def tags(self) -> str:
        """For a message that carries it across a redirect (no JavaScript)."""
        return " ".join(["notice", self.place, *(f for f in ("error", "undo", "swap") if getattr(self, f))])

    @classmethod
    def from_message(cls, message) -> Notice | None:
        tags = message.extra_tags.split()
        if len(tags) < 2 or tags[0] != "notice":
            return None
        return cls(tags[1], str(message), "error" in tags, "undo" in tags, "swap" in tags)


DONE = {
    "toggle-on": "Added to your questions.",
    "toggle-off": "Removed from your questions.",
    "star": "Top-priority mark changed.",
    "swap": "Swapped: this question is now a top priority.",
    "up": "Moved up.",
    "down": "Moved down.",
    "edge": "That question is already at the edge of its group, so it did not move.",
    "save": "Saved.",
    "delete": "Your question was deleted.",
    "add": "Your question was added.",
    "note": "Your note was saved.",
    "visit": _("Your visit details were saved."),
}


def _first_field(form) -> str:
    return next(iter(form.fields)) if not isinstance(form, forms.QuestionNotesForm) else "note"


def _int(value) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _version(request) -> int:
    return _int(request.POST.get("version"))  # a missing or mangled version is stale: nothing is saved


@dataclass
class EditorForms:
    """The editor's text forms: empty ones, or the one just posted, bound, with its errors and
    what the person typed (kept in the page, never in a cookie)."""

    add: forms.OwnQuestionForm
    note: forms.GuideNoteForm
    visit: forms.GuideVisitForm
    question: forms.QuestionNotesForm | None = None
    question_id: int | None = None

    @classmethod
    def fresh(cls, guide, **posted) -> EditorForms:
        empty = {
            "add": forms.OwnQuestionForm(),
            "note": forms.GuideNoteForm(initial={"note": guide.note}),
            "visit": forms.GuideVisitForm(initial={f: getattr(guide, f) for f in forms.GuideVisitForm.base_fields}),
        }
        made = cls(**{**empty, **posted})
        made.visit.speak_to(guide.role)
        return made


def editor_page(request, guide, *, status=200, error="", focus="", notice: Notice | None = None, posted=None):
    kb = get_knowledge_base(guide_language(request, guide))
    c = guide_content(guide, kb)
    if notice and notice.undo:
        _keep_in_place(c, notice.question)
    context = {
        "c": c,
        "kb": kb,
        "error": error,
        "forms": EditorForms.fresh(guide, **(posted or {})),
        "focus": f"notice-{notice.place}" if notice else focus,
        "notice": notice,
        "starred": [q for g in c.groups for q in g.questions if q.starred] if notice and notice.swap else [],
        "print_sections": SECTIONS,
        "print_defaults": DEFAULT_SECTIONS,
        "edit_url": request.build_absolute_uri(reverse("guides:edit", args=[guide.edit_token])),
        "mail_subject": _("My immunotherapy visit guide (private link)"),
        "remembered": remembered_token(request) == guide.edit_token,
    }
    template = "guides/editor.html#editor" if request.htmx else "guides/editor.html"
    return render(request, template, context, status=status if not request.htmx else 200)


def _keep_in_place(c, question_id) -> None:
    """A question just removed stays where it was, with Undo beside it, until the next change."""
    for group in c.more_groups:
        for q in group.questions:
            if q.pk == question_id:
                group.questions.remove(q)
                for shown in c.groups:
                    if shown.topic == q.topic:
                        shown.questions = sorted([*shown.questions, q], key=lambda x: (x.position, x.pk))
                        return
                c.groups.append(type(group)(group.topic, group.name, [q]))
                return


def _respond(request, guide, done: str, anchor: str, *, change, posted=None):
    """Run `change`; answer beside the control it came from: what changed, or why nothing did.
    `posted` names the bound form that was sent ({"add": form}), which keeps what was typed."""
    try:
        if change() is False:  # a move at the edge of its group: nothing changed, and we say so
            done = "edge"
    except (services.StaleGuide, services.GuideLimit) as exc:
        guide.refresh_from_db()
        stale = isinstance(exc, services.StaleGuide)
        text = STALE if stale else str(exc)
        notice = Notice(anchor, text, error=True, swap=isinstance(exc, services.StarLimit))
        return _answer(request, guide, notice, anchor, status=409 if stale else 422, posted=posted)
    if done != "edge":
        preprint_soon(guide)
    return _answer(request, guide, Notice(anchor, str(DONE[done]), undo=done == "toggle-off"), anchor)


def _refused(request, guide, anchor: str, posted: dict):
    """A form whose fields failed their checks: nothing was saved; the errors sit at the fields."""
    return _answer(request, guide, Notice(anchor, "", error=True), anchor, status=422, posted=posted)


def _answer(request, guide, notice: Notice, anchor: str, *, status=200, posted=None):
    if posted:
        form = next(f for f in posted.values() if isinstance(f, django_forms.Form))
        if notice.text and form.is_bound and not form.errors.get(_first_field(form)):
            form.add_error(_first_field(form), notice.text)  # the message at the field it concerns
    if request.htmx:
        response = editor_page(request, guide, notice=notice, focus=anchor, posted=posted)
        if notice.text:
            response["HX-Trigger"] = json.dumps({"guideChanged": notice.text})
        return response
    if posted:
        # Typed text is kept in the page, never in a cookie: answer here; a reload of this
        # address shows the guide again (see capability()).
        return editor_page(request, guide, status=status, focus=anchor, notice=notice, posted=posted)
    # Post, redirect, get: a reload never repeats the change or shows an error page.
    messages.add_message(request, messages.ERROR if notice.error else messages.SUCCESS, notice.text, notice.tags())
    return redirect(reverse("guides:edit", args=[guide.edit_token]) + f"#{anchor}")


@require_safe
@private
@limited("token")
def edit(request, token):
    guide = get_guide(token, edit=True)
    services.guide_touch(guide)
    notices = [n for n in (Notice.from_message(m) for m in messages.get_messages(request)) if n]
    return editor_page(request, guide, notice=notices[-1] if notices else None)


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
    if action == "swap":
        other = guide.questions.filter(pk=_int(request.POST.get("with"))).first()
        if other is None:
            raise Http404("No such question")
        swap = lambda: services.guide_question_star_swap(**kw, other=other)  # noqa: E731
        return _respond(request, guide, "swap", anchor, change=swap)
    if action in ("up", "down"):
        move = lambda: services.guide_question_move(**kw, up=action == "up")  # noqa: E731
        return _respond(request, guide, action, anchor, change=move)
    if action == "save":
        form = forms.QuestionNotesForm(request.POST)
        posted = {"question": form, "question_id": question.pk}
        if not form.is_valid():
            return _refused(request, guide, anchor, posted)
        fields = {k: form.cleaned_data[k] for k in ("note", "answer")}
        text = form.cleaned_data["text"] if question.is_own else None
        update = lambda: services.guide_question_update(**kw, **fields, text=text)  # noqa: E731
        return _respond(request, guide, "save", anchor, change=update, posted=posted)
    if action == "delete":
        return _respond(request, guide, "delete", "add-question", change=lambda: services.guide_question_delete(**kw))
    return editor_page(request, guide, status=400, error="That action is not available.")


def _save_form(request, token, form_class, *, slot: str, place: str, done: str, save):
    """A text form of the editor: check it, then save it through the service, answering at `place`."""
    guide = get_guide(token, edit=True)
    form = form_class(request.POST)
    posted = {slot: form}
    if not form.is_valid():
        return _refused(request, guide, place, posted)
    change = lambda: save(guide=guide, version=_version(request), **form.cleaned_data)  # noqa: E731
    return _respond(request, guide, done, place, change=change, posted=posted)


@capability
def question_add(request, token):
    return _save_form(
        request,
        token,
        forms.OwnQuestionForm,
        slot="add",
        place="add-question",
        done="add",
        save=services.guide_question_add,
    )


@capability
def guide_note(request, token):
    return _save_form(
        request,
        token,
        forms.GuideNoteForm,
        slot="note",
        place="guide-note",
        done="note",
        save=services.guide_note_update,
    )


@capability
def visit(request, token):
    return _save_form(
        request,
        token,
        forms.GuideVisitForm,
        slot="visit",
        place="visit",
        done="visit",
        save=services.guide_visit_update,
    )


@capability
def share_stop(request, token):
    guide = get_guide(token, edit=True)
    try:
        services.guide_share_reset(guide=guide, version=_version(request))
    except services.StaleGuide:
        messages.error(request, STALE)
    else:
        messages.success(request, "Sharing stopped. The old share link no longer works. Here is a new one.")
    return redirect(reverse("guides:edit", args=[guide.edit_token]) + "#sharing")


@capability
def remember(request, token):
    """Opt-in: this browser keeps the private link so the home page can offer it back."""
    guide = get_guide(token, edit=True)
    response = redirect(reverse("guides:edit", args=[guide.edit_token]) + "#keep")
    if request.POST.get("remember") == "1":
        remember_on_device(response, guide.edit_token, secure=request.is_secure())
    else:
        response.delete_cookie(REMEMBER_COOKIE)
    return response


@csrf_exempt  # see capability()
@require_http_methods(["GET", "HEAD", "POST"])
@private
def guide_delete(request, token):
    guide = get_guide(token, edit=True)
    if request.method == "POST":
        guide_pdfs_purge(guide)  # no printout of a deleted guide stays behind in the cache
        services.guide_delete(guide=guide)
        return render(request, "guides/deleted.html")
    return render(request, "guides/delete_confirm.html", {"guide": guide})
