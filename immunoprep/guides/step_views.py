"""The guided steps at /start/: plain forms (POST, redirect, GET) that htmx swaps in place."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from immunoprep.clinics.models import Clinic
from immunoprep.guides import wizard
from immunoprep.guides.forms import STEP_FORMS, form_to_state
from immunoprep.guides.services import guide_create
from immunoprep.knowledge import get_knowledge_base, suggest


def _kb():
    return get_knowledge_base("en")


@require_GET
def start(request):
    """Entry point. Query parameters pre-fill the answers; cancer + therapy jump to review."""
    kb = _kb()
    if request.GET:
        prefilled, notices = wizard.prefill_from_query(kb, request.GET)
        for notice in notices:
            messages.warning(request, notice)
        state = {**wizard.load_state(request.session), **prefilled}
        if "clinic" in request.GET:
            state.update(_clinic_answers(request, kb, prefilled))
        wizard.save_state(request.session, state)
        if wizard.ready_for_review(state):
            return redirect("guides:review")
    return redirect("guides:step", slug=wizard.STEP_SLUGS[0])


def _clinic_answers(request, kb, prefilled) -> dict:
    """A clinic link: remember the clinic, and use its preset where the link gave none."""
    clinic = Clinic.objects.active().filter(slug=request.GET["clinic"][:60]).first()
    if clinic is None:
        messages.warning(request, "We could not find that clinic, so this guide will not include a clinic's numbers.")
        return {"clinic": None}
    answers = {"clinic": clinic.slug}
    if "cancer" not in prefilled and clinic.preset_cancer in kb.cancers:
        answers["cancer"] = clinic.preset_cancer
    if "therapies" not in prefilled:
        preset = [t for t in clinic.preset_therapies if t in kb.therapies]
        if preset:
            answers["therapies"] = preset
    return answers


def _state_clinic(state):
    slug = state.get("clinic")
    return Clinic.objects.active().filter(slug=slug).first() if slug else None


def _step_context(kb, step, form, state):
    previous, _ = wizard.neighbours(step.slug)
    context = {
        "kb": kb,
        "step": step,
        "form": form,
        "number": wizard.STEP_SLUGS.index(step.slug) + 1,
        "total": len(wizard.STEPS),
        "previous": previous,
        "state": state,
    }
    if step.slug in ("treatment", "tests", "concerns"):
        context["counts"] = _counts(kb, state)
    cancer = kb.cancers.get(state.get("cancer", ""))
    context["common_biomarkers"] = set(cancer.biomarkers) if cancer else set()
    if step.slug == "treatment":
        context["common_therapies"] = set(cancer.therapies) if cancer else set()
        context.update(_therapy_groups(kb, cancer, form))
    return context


def _therapy_groups(kb, cancer, form) -> dict:
    """Treatments used for the chosen cancer first; the rest one tap away, so the step fits a phone."""
    chosen = set(form["therapies"].value() or ())
    focus = cancer is not None and cancer.slug != "other"

    def shown(therapy):
        return not focus or therapy.slug in cancer.therapies or therapy.group == "unsure" or therapy.slug in chosen

    first: dict[str, list] = {}
    more: dict[str, list] = {}
    for therapy in kb.therapies.values():
        (first if shown(therapy) else more).setdefault(therapy.group, []).append(therapy)
    return {"therapy_groups": list(first.items()), "more_therapy_groups": list(more.items())}


def _render_step(request, kb, step, form, state):
    template = "guides/step.html#step" if request.htmx else "guides/step.html"
    return render(request, template, _step_context(kb, step, form, state))


@require_http_methods(["GET", "POST"])
def step(request, slug):
    kb = _kb()
    current = wizard.get_step(slug)
    if current is None:
        raise Http404("No such step")
    state = wizard.load_state(request.session)
    form_class = STEP_FORMS[slug]
    if request.method == "GET":
        initial = {f: state[f] for f in current.fields if f in state}
        return _render_step(request, kb, current, form_class(kb=kb, initial=initial), state)

    form = form_class(request.POST, kb=kb)
    going_back = request.POST.get("go") == "back"
    if request.POST.get("go") == "skip" and slug in ("tests", "concerns"):
        # "I don't know" is a fine answer: clear this step's choices and move on.
        state.update({f: [] for f in current.fields})
        wizard.save_state(request.session, state)
    elif form.is_valid():
        state.update(form_to_state(form))
        wizard.save_state(request.session, state)
    elif not going_back:
        return _render_step(request, kb, current, form, state)

    previous, following = wizard.neighbours(slug)
    if going_back and previous:
        target = previous
    elif request.POST.get("then") == "review" or following is None:
        target = "review"
    else:
        target = following
    if request.htmx:
        return _follow_in_place(request, target)
    return redirect(_step_url(target))


def _step_url(target: str) -> str:
    return reverse("guides:review") if target == "review" else reverse("guides:step", args=[target])


def _follow_in_place(request, target):
    """For htmx: render the next step now and tell the browser its address."""
    request.method = "GET"
    response = review(request) if target == "review" else step(request, target)
    response["HX-Push-Url"] = _step_url(target)
    return response


@require_http_methods(["GET", "POST"])
def review(request):
    kb = _kb()
    state = wizard.load_state(request.session)
    if not state.get("cancer"):
        messages.info(request, "Please choose a cancer type first.")
        return redirect("guides:step", slug="cancer")
    if not state.get("therapies"):
        messages.info(request, "Please choose the suggested treatment first.")
        return redirect("guides:step", slug="treatment")
    profile, _ = kb.clean_profile(wizard.state_profile(state))

    if request.method == "POST":
        appointment = state.get("appointment_date")
        guide = guide_create(
            kb=kb,
            profile=profile,
            appointment_date=datetime.date.fromisoformat(appointment) if appointment else None,
            clinician=state.get("clinician", ""),
            visit_minutes=state.get("visit_minutes"),
            clinic=_state_clinic(state),
        )
        wizard.clear_state(request.session)
        messages.success(request, "Your guide is ready. Bookmark this page: its address is your private link.")
        return redirect("guides:edit", token=guide.edit_token)

    context = {
        "kb": kb,
        "state": state,
        "profile": profile,
        "cancer": kb.cancers[profile.cancer],
        "therapies": [kb.therapies[t] for t in profile.therapies],
        "biomarkers": [kb.biomarkers[b] for b in profile.biomarkers],
        "concerns": [kb.concerns[c] for c in profile.concerns],
        "role": kb.roles[profile.role],
        "counts": _counts(kb, state),
        "clinic": _state_clinic(state),
        "number": len(wizard.STEPS) + 1,
        "total": len(wizard.STEPS),
    }
    template = "guides/review.html#review" if request.htmx else "guides/review.html"
    return render(request, template, context)


@require_GET
def live_count(request):
    """What the guide would hold with the answers on screen: updates as boxes are ticked."""
    kb = _kb()
    state = wizard.load_state(request.session)
    current = wizard.get_step(request.GET.get("step", ""))
    if current is not None:
        for field in current.fields:
            if field in wizard.LIST_FIELDS:
                state[field] = request.GET.getlist(field)
    return render(request, "guides/parts/live_count.html", {"counts": _counts(kb, state)})


def _counts(kb, state) -> dict | None:
    if not state.get("therapies"):
        return None
    profile, _ = kb.clean_profile(wizard.state_profile(state))
    s = suggest(kb, profile)
    return {
        "questions": len(s.preselected),
        "more_questions": len(s.questions) - len(s.preselected),
        "explanations": len(s.explanations),
        "warning_signs": len(s.warning_signs),
    }
