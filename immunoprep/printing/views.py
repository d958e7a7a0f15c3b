"""PDF downloads: /g/<edit-token>/guide.pdf and /s/<view-token>/guide.pdf."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from immunoprep.guides.guide_views import get_guide, private
from immunoprep.knowledge import get_knowledge_base
from immunoprep.limits import limited
from immunoprep.links import absolute_url
from immunoprep.printing.options import PrintOptions
from immunoprep.printing.render import guide_pdf
from immunoprep.printing.worker import RenderBusy, RenderFailed

BUSY_RETRY = 5  # seconds before the busy page tries again by itself


def share_url(request, guide) -> str:
    return absolute_url(request, reverse("guides:share", args=[guide.view_token]))


def _pdf_response(request, guide):
    kb = get_knowledge_base(guide.lang)
    clinic = guide.clinic
    options = PrintOptions.from_query(request.GET, default_paper=clinic.default_paper if clinic else "letter")
    try:
        pdf = guide_pdf(guide, kb, share_url=share_url(request, guide), options=options)
    except RenderBusy:
        response = render(
            request, "printing/busy.html", {"retry": request.get_full_path(), "seconds": BUSY_RETRY}, status=503
        )
        response["Retry-After"] = str(BUSY_RETRY)
        return response
    except RenderFailed:
        return render(request, "printing/failed.html", {"retry": request.get_full_path()}, status=503)
    if clinic:
        clinic.count_first_download(guide.pk)  # guides printed, not every fetch of one
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="visit-guide.pdf"'
    return response


@require_GET
@private
@limited("pdf")
def edit_pdf(request, token):
    return _pdf_response(request, get_guide(token, edit=True))


@require_GET
@private
@limited("pdf")
def share_pdf(request, token):
    return _pdf_response(request, get_guide(token, edit=False))
