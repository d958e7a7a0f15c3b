"""PDF downloads: the guide (/g/<edit-token>/guide.pdf, /s/<view-token>/guide.pdf) and the
after-visit summary (…/after.pdf)."""

from django.urls import reverse
from django.views.decorators.http import require_safe

from immunoprep.guides.guide_views import get_guide, private
from immunoprep.guides.printout import AFTER_TEMPLATE, TEMPLATE, guide_pdf
from immunoprep.knowledge import get_knowledge_base
from immunoprep.language import guide_language
from immunoprep.limits import limited
from immunoprep.links import absolute_url
from immunoprep.printing.options import PrintOptions
from immunoprep.printing.response import pdf_response


def share_url(request, guide) -> str:
    return absolute_url(request, reverse("guides:share", args=[guide.view_token]))


def _pdf_response(request, guide, template=TEMPLATE, filename="visit-guide.pdf"):
    kb = get_knowledge_base(guide_language(request, guide))
    clinic = guide.clinic
    options = PrintOptions.from_query(request.GET, default_paper=clinic.default_paper if clinic else "letter")
    url = share_url(request, guide)
    response = pdf_response(
        request, lambda: guide_pdf(guide, kb, share_url=url, options=options, template=template), filename
    )
    if clinic and template == TEMPLATE and response.status_code == 200:
        clinic.count_first_download(guide.pk)  # guides printed, not every fetch of one
    return response


@require_safe
@private
@limited("pdf")
def edit_pdf(request, token):
    return _pdf_response(request, get_guide(token, edit=True))


@require_safe
@private
@limited("pdf")
def share_pdf(request, token):
    return _pdf_response(request, get_guide(token, edit=False))


@require_safe
@private
@limited("pdf")
def edit_after_pdf(request, token):
    return _pdf_response(request, get_guide(token, edit=True), AFTER_TEMPLATE, "after-visit-summary.pdf")


@require_safe
@private
@limited("pdf")
def share_after_pdf(request, token):
    return _pdf_response(request, get_guide(token, edit=False), AFTER_TEMPLATE, "after-visit-summary.pdf")
