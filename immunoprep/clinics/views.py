"""A clinic's public handout link (/c/<slug>/), its logo, and the staff handout builder."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from immunoprep.clinics.models import Clinic
from immunoprep.knowledge import get_knowledge_base
from immunoprep.knowledge.drugs import drug_from_link
from immunoprep.language import chosen_language, use_language
from immunoprep.links import absolute_url
from immunoprep.printing.qr import qr_svg
from immunoprep.printing.response import pdf_response
from immunoprep.printing.worker import render_in_child, static_roots


def _link_params(kb, query) -> dict:
    """Only known cancer / therapy / drug names travel on a handout link."""
    params = {}
    if query.get("cancer") in kb.cancers:
        params["cancer"] = query["cancer"]
    therapies = [t for t in query.getlist("therapy") if t in kb.therapies]
    if therapies:
        params["therapy"] = therapies
    drugs = [d.slug for d in (drug_from_link(kb, v) for v in query.getlist("drug")[:5]) if d]
    if drugs:
        params["drug"] = drugs
    return params


@require_safe
def welcome(request, slug):
    clinic = Clinic.objects.for_link(slug)
    if clinic is None:
        return render(request, "clinics/not_found.html", status=404)
    # The clinic's language unless the reader chose one; the steps carry it on.
    lang = use_language(request, chosen_language(request) or clinic.default_lang)
    kb = get_knowledge_base(lang)
    params = {"clinic": clinic.slug, **_link_params(kb, request.GET), "lang": lang}
    start = reverse("guides:start") + "?" + urlencode(params, doseq=True)
    return render(request, "clinics/welcome.html", {"clinic": clinic, "start_url": start})


@require_safe
@cache_control(max_age=3600)
def logo(request, slug):
    clinic = Clinic.objects.for_link(slug)
    if clinic is None or not clinic.logo:
        raise Http404("No logo")
    response = HttpResponse(bytes(clinic.logo), content_type=clinic.logo_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def _staff_clinic(request, slug) -> Clinic:
    clinic = Clinic.objects.for_staff(request.user).filter(slug=slug).first()
    if clinic is None:
        raise Http404("No such clinic")
    return clinic


def _handout_context(request, clinic):
    kb = get_knowledge_base(clinic.default_lang)
    params = _link_params(kb, request.GET)
    path = reverse("clinics:welcome", args=[clinic.slug])
    link = absolute_url(request, path + ("?" + urlencode(params, doseq=True) if params else ""))
    return {
        "clinic": clinic,
        "kb": kb,
        "params": params,
        "link": link,
        "query": urlencode(params, doseq=True),
        "cancer": kb.cancers.get(params.get("cancer", "")),
        "therapies": [kb.therapies[t] for t in params.get("therapy", [])],
    }


@require_safe
@staff_member_required
def handout(request, slug):
    clinic = _staff_clinic(request, slug)
    return render(request, "clinics/handout.html", _handout_context(request, clinic))


@require_safe
@staff_member_required
def handout_pdf(request, slug, kind):
    clinic = _staff_clinic(request, slug)
    context = _handout_context(request, clinic)
    context["qr"] = qr_svg(context["link"], title=f"QR code: opens {context['link']}")
    if clinic.logo:
        context["logo_data"] = f"data:{clinic.logo_type};base64,{base64.b64encode(bytes(clinic.logo)).decode()}"
    with translation.override(clinic.default_lang):  # the clinic's patients' language
        html = render_to_string(f"printing/{kind}.html", context)
    return pdf_response(request, lambda: render_in_child(html, static_roots()), f"{clinic.slug}-{kind}.pdf")
