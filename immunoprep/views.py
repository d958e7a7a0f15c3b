from django.shortcuts import render
from django.views.decorators.http import require_GET

from immunoprep.guides.remember import remembered_guide


@require_GET
def home(request):
    guide = remembered_guide(request)
    response = render(request, "home.html", {"remembered": guide})
    if guide is not None:
        # The page now holds a private link: keep it out of caches and Referer headers.
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
    return response
