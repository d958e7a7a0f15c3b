"""After the visit: /g/<edit-token>/after/ (the owner writes the plan and ticks what they can
say back) and /s/<view-token>/after/ (the same, read-only, for the family)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from immunoprep.guides import services
from immunoprep.guides.after import AfterForm, plan_initial
from immunoprep.guides.content import guide_content
from immunoprep.guides.editor_views import STALE
from immunoprep.guides.guide_views import get_guide, private
from immunoprep.guides.tasks import preprint_soon
from immunoprep.knowledge import get_knowledge_base
from immunoprep.language import guide_language
from immunoprep.limits import limited


def after_page(request, guide, *, form=None, status=200, public=False, error=""):
    kb = get_knowledge_base(guide_language(request, guide))
    c = guide_content(guide, kb)
    context = {
        "c": c,
        "kb": kb,
        "form": form or AfterForm(initial=plan_initial(guide), auto_id="plan-%s"),
        "answered": c.answered,
        "unanswered": c.included_count - len(c.answered),
        "public_page": public,
        "error": error,
    }
    return render(request, "guides/after.html", context, status=status)


# Like the editor's posts, the secret token in the URL is the authority, not a cookie (see
# editor_views.capability for why CSRF's origin check cannot apply here).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@private
@limited("guide-edit", method="POST")
@limited("token")
def after(request, token):
    guide = get_guide(token, edit=True)
    if request.method != "POST":
        services.guide_touch(guide)
        return after_page(request, guide)
    form = AfterForm(request.POST, auto_id="plan-%s")
    if not form.is_valid():
        return after_page(request, guide, form=form, status=422)
    try:
        version = int(request.POST.get("version", ""))
        services.guide_plan_update(guide=guide, version=version, plan=form.cleaned_data)
    except (ValueError, services.StaleGuide):
        guide.refresh_from_db()
        return after_page(request, guide, form=form, status=409, error=STALE)
    preprint_soon(guide)
    messages.success(request, _("Your plan was saved."))
    return redirect(reverse("guides:after", args=[guide.edit_token]) + "#plan")


@require_safe
@private
@limited("token")
def share_after(request, token):
    return after_page(request, get_guide(token, edit=False), public=True)
