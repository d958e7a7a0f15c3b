"""One way to answer with a PDF, for guides and clinic handouts alike: the PDF, or a friendly
page when the renderers are busy (it retries by itself) or the render failed."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from immunoprep.printing.worker import RenderBusy, RenderFailed

BUSY_RETRY = 5  # seconds before the busy page tries again by itself


def pdf_response(request, make, filename: str) -> HttpResponse:
    """`make()` returns the PDF's bytes; shown inline as `filename`."""
    retry = request.get_full_path()
    try:
        pdf = make()
    except RenderBusy:
        response = render(request, "printing/busy.html", {"retry": retry, "seconds": BUSY_RETRY}, status=503)
        response["Retry-After"] = str(BUSY_RETRY)
        return response
    except RenderFailed:
        return render(request, "printing/failed.html", {"retry": retry}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
