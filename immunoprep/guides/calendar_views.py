"""The visit for a calendar: /g/<edit-token>/visit.ics and /s/<view-token>/visit.ics."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from immunoprep.guides.calendar import has_visit_time, visit_ics
from immunoprep.guides.guide_views import get_guide, private
from immunoprep.limits import limited


def _ics_response(guide) -> HttpResponse:
    if not has_visit_time(guide):
        raise Http404("No date and time for the visit")
    response = HttpResponse(visit_ics(guide), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="visit.ics"'
    return response


@require_safe
@private
@limited("token")
def edit_visit_ics(request, token):
    return _ics_response(get_guide(token, edit=True))


@require_safe
@private
@limited("token")
def share_visit_ics(request, token):
    return _ics_response(get_guide(token, edit=False))
