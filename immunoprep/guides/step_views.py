"""The guided steps at /start/: plain forms (POST, redirect, GET) that htmx swaps in place."""

from __future__ import annotations

import hashlib
import time

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from immunoprep.clinics.models import Clinic
from immunoprep.guides import wizard
from immunoprep.guides.forms import STEP_FORMS, CaregiverVoice, companion_answer
from immunoprep.guides.services import guide_create
from immunoprep.guides.tasks import preprint_soon
from immunoprep.guides.wizard import Answers
from immunoprep.knowledge import get_knowledge_base, suggest
from immunoprep.knowledge.drugs import MAX_QUERY, drugs_for_cancer, find_drugs
from immunoprep.knowledge.schema import THERAPY_GROUP_NAMES
from immunoprep.language import current_language
from immunoprep.limits import limited

MAX_FOUND = 8  # search results shown: enough for "nivolumab" (three products)
MAX_USUAL = 12  # a cancer's own drugs shown before any search


def _kb():
    return get_knowledge_base(current_language())


@require_safe
def start(request):
    """Entry point. Query parameters pre-fill the answers; cancer + therapy jump to review."""
    kb = _kb()
    if request.GET:
        prefilled, notices = wizard.prefill_from_query(kb, request.GET)
        for notice in notices:
            messages.warning(request, notice)
        answers = Answers.load(request.session)
        answers.update(prefilled)
        if "clinic" in request.GET:
            answers.update(_clinic_answers(request, kb, prefilled))
        answers.save(request.session)
        if answers.ready_for_review:
            return redirect("guides:review")
    return redirect("guides:step", slug=wizard.STEP_SLUGS[0])


def _clinic_answers(request, kb, prefilled) -> dict:
    """A clinic link: remember the clinic, and use its preset where the link gave none."""
    clinic = Clinic.objects.for_link(request.GET["clinic"])
    if clinic is None:
        messages.warning(request, "We could not find that clinic, so this guide will not include a clinic's numbers.")
        return {"clinic": ""}
    answers = {"clinic": clinic.slug}
    if "cancer" not in prefilled and clinic.preset_cancer in kb.cancers:
        answers["cancer"] = clinic.preset_cancer
    if "therapies" not in prefilled:
        preset = [t for t in clinic.preset_therapies if t in kb.therapies]
        if preset:
            answers["therapies"] = preset
    return answers


def _step_context(request, kb, step, form, answers):
    previous, _next = wizard.neighbours(step.slug)
    if isinstance(form, CaregiverVoice):
        form.speak_to(answers.role)
    context = {
        "kb": kb,
        "step": step,
        "form": form,
        "number": wizard.STEP_SLUGS.index(step.slug) + 1,
        "total": len(wizard.STEPS),
        "previous": previous,
        "answers": answers,
        "title": step.title_for(answers.role),
        "caregiver": answers.role == "caregiver",
    }
    if step.slug in ("treatment", "tests", "concerns"):
        context["counts"] = _counts(kb, answers)
    cancer = kb.cancers.get(answers.cancer)
    context["common_biomarkers"] = set(cancer.biomarkers) if cancer else set()
    if step.slug == "treatment":
        context["common_therapies"] = set(cancer.therapies) if cancer else set()
        context.update(_therapy_groups(kb, cancer, form))
        chosen, therapies = form["drugs"].value() or (), form["therapies"].value() or ()
        context.update(_drug_choices(kb, cancer, chosen, therapies, request.GET.get("q", "")))
    return context


def _drug_choices(kb, cancer, chosen_slugs, therapies, query: str) -> dict:
    """The medicines to show as choices, in groups a person can tell apart: what the search
    found, what they ticked before, and the drugs used for this cancer; each drug once."""
    query = query.strip()[:MAX_QUERY]
    found = find_drugs(kb, query, cancer.slug if cancer else "")[:MAX_FOUND] if query else []
    chosen = [kb.drug_by_slug[d] for d in chosen_slugs if d in kb.drug_by_slug]
    usual = drugs_for_cancer(kb, cancer.slug, therapies)[:MAX_USUAL] if cancer and cancer.slug != "other" else []
    groups, seen = [], set()
    for kind, drugs in (("found", found), ("chosen", chosen), ("usual", usual)):
        fresh = [d for d in drugs if d.slug not in seen]
        seen.update(d.slug for d in fresh)
        if fresh:
            groups.append((kind, [(d, "; ".join(kb.therapies[t].name for t in d.therapies)) for d in fresh]))
    return {
        "drug_query": query,
        "drugs_found": found,
        "drug_groups": groups,
        "drugs_chosen": {d.slug for d in chosen},
        "cancer": cancer,
    }


@never_cache
@require_safe
def drug_search(request):
    """The medicine list for what was typed: htmx swaps it in as the person types; without
    JavaScript the search reloads the whole step (see the step view)."""
    kb = _kb()
    answers = Answers.load(request.session)
    chosen = request.GET.getlist("drugs")[:20]
    context = _drug_choices(kb, kb.cancers.get(answers.cancer), chosen, answers.therapies, request.GET.get("q", ""))
    return render(request, "guides/fields/drug_choices.html", {"kb": kb, **context})


def _therapy_groups(kb, cancer, form) -> dict:
    """Treatments used for the chosen cancer first; the rest one tap away, so the step fits a phone.
    Each shows a few drug names, this cancer's own drugs first (myeloma CAR T: Carvykti, Abecma)."""
    chosen = set(form["therapies"].value() or ())
    focus = cancer is not None and cancer.slug != "other"

    def shown(therapy):
        return not focus or therapy.slug in cancer.therapies or therapy.group == "unsure" or therapy.slug in chosen

    def examples(therapy):
        ranked = sorted(therapy.drugs, key=lambda d: (not (cancer and cancer.slug in d.cancers), " " in d.generic))
        return ranked[:3]

    first: dict[str, list] = {}
    more: dict[str, list] = {}
    for therapy in kb.therapies.values():
        (first if shown(therapy) else more).setdefault(therapy.group, []).append((therapy, examples(therapy)))

    def named(groups):
        return [(THERAPY_GROUP_NAMES[group], therapies) for group, therapies in groups.items()]

    return {"therapy_groups": named(first), "more_therapy_groups": named(more)}


def _render_step(request, kb, step, form, answers):
    template = "guides/step.html#step" if request.htmx else "guides/step.html"
    return render(request, template, _step_context(request, kb, step, form, answers))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def step(request, slug):
    kb = _kb()
    current = wizard.get_step(slug)
    if current is None:
        raise Http404("No such step")
    answers = Answers.load(request.session)
    form_class = STEP_FORMS[slug]
    if request.method == "GET":
        return _render_step(request, kb, current, form_class(kb=kb, initial=answers.initial(current)), answers)

    form = form_class(request.POST, kb=kb)
    going_back = request.POST.get("go") == "back"
    if request.POST.get("go") == "skip" and slug in ("tests", "concerns"):
        # "I don't know" is a fine answer: clear this step's choices and move on.
        answers.update({f: [] if f in wizard.LIST_FIELDS else "" for f in current.fields})
        answers.save(request.session)
    elif form.is_valid():
        answers.update(form.cleaned_data)
        answers.save(request.session)
    elif not going_back:
        return _render_step(request, kb, current, form, answers)

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


MADE_SECONDS = 60  # how long a second "Create" from the same browser leads to the same guide


def _made_key(request, answers: Answers | None = None) -> str:
    """Where the guide made from these answers (or, without answers, the last one) is noted."""
    if not request.session.session_key:
        request.session.save()
    digest = hashlib.sha256(repr(answers).encode()).hexdigest()[:16] if answers else "last"
    return f"guide-made:{request.session.session_key}:{digest}"


def _guide_made_by_this_session(request, answers: Answers | None = None, wait: bool = False) -> str:
    """The guide this browser just made, if any; with `wait`, give a create already running
    from the same answers a few seconds to finish."""
    for _ in range(50 if wait else 1):
        token = cache.get(_made_key(request, answers)) if request.session.session_key else None
        if token or not wait:
            return token or ""
        time.sleep(0.1)
    return ""


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limited("guide-create", method="POST")
def review(request):
    kb = _kb()
    answers = Answers.load(request.session)
    if request.method == "POST" and not answers.cancer and (made := _guide_made_by_this_session(request)):
        return redirect("guides:edit", token=made)  # a second tap on "Create": the same guide
    if not answers.cancer:
        messages.info(request, "Please choose a cancer type first.")
        return redirect("guides:step", slug="cancer")
    if not answers.therapies:
        messages.info(request, "Please choose the suggested treatment first.")
        return redirect("guides:step", slug="treatment")
    profile, _ = kb.clean_profile(answers.profile())
    clinic = Clinic.objects.for_link(answers.clinic) if answers.clinic else None

    if request.method == "POST":
        if not cache.add(_made_key(request, answers), "", timeout=MADE_SECONDS):
            # The same answers are being made into a guide right now (a double tap): wait for it.
            made = _guide_made_by_this_session(request, answers, wait=True)
            return redirect("guides:edit", token=made) if made else redirect("guides:review")
        guide = guide_create(
            kb=kb,
            profile=profile,
            appointment_date=answers.appointment,
            appointment_time=answers.visit_time,
            clinician=answers.clinician,
            visit_minutes=answers.visit_minutes,
            companion=answers.companion,
            matters=answers.matters,
            clinic=clinic,
        )
        cache.set_many(
            {_made_key(request, answers): guide.edit_token, _made_key(request): guide.edit_token}, MADE_SECONDS
        )
        preprint_soon(guide, new=True)  # the first download is instant
        Answers.clear(request.session)  # the answers are gone from the server once the guide is made
        messages.success(request, gettext("Your guide is ready."))
        return redirect("guides:edit", token=guide.edit_token)

    context = {
        "kb": kb,
        "answers": answers,
        "profile": profile,
        "cancer": kb.cancers[profile.cancer],
        "therapies": [kb.therapies[t] for t in profile.therapies],
        "drugs": [kb.drug_by_slug[d] for d in profile.drugs],
        "biomarkers": [kb.biomarkers[b] for b in profile.biomarkers],
        "concerns": [kb.concerns[c] for c in profile.concerns],
        "role": kb.roles[profile.role],
        "companion": companion_answer(profile.role, answers.companion),
        "counts": _counts(kb, answers),
        "clinic": clinic,
        "number": len(wizard.STEPS) + 1,
        "total": len(wizard.STEPS),
    }
    template = "guides/review.html#review" if request.htmx else "guides/review.html"
    return render(request, template, context)


@never_cache
@require_safe
def live_count(request):
    """What the guide would hold with the answers on screen: updates as boxes are ticked."""
    kb = _kb()
    answers = Answers.load(request.session)
    current = wizard.get_step(request.GET.get("step", ""))
    if current is not None:
        answers.update({f: request.GET.getlist(f)[:50] for f in current.fields if f in wizard.LIST_FIELDS})
    return render(request, "guides/parts/live_count.html", {"counts": _counts(kb, answers)})


def _counts(kb, answers: Answers) -> dict | None:
    if not answers.therapies and not answers.drugs:
        return None
    profile, _ = kb.clean_profile(answers.profile())
    s = suggest(kb, profile)
    return {
        "questions": len(s.preselected),
        "more_questions": len(s.questions) - len(s.preselected),
        "explanations": len(s.explanations),
        "warning_signs": len(s.warning_signs),
    }
