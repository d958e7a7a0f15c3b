"""Background work with Django's Tasks API.

- Printing: the default PDF of a guide is made after it is created or edited, so the first
  download is instant. A burst of edits prints once: each task is for one version, and a
  task whose version is no longer current does nothing.
- Housekeeping: the daily deletion of idle guides and expired sessions. The task queues its
  own next run, so one worker keeps it going with no cron; `schedule_housekeeping` (run by
  `make run`) starts the chain once."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from immunoprep.guides.models import Guide
from immunoprep.guides.printout import guide_pdf
from immunoprep.guides.services import guides_delete_idle
from immunoprep.knowledge import get_knowledge_base
from immunoprep.printing.options import PrintOptions

EVERY = timedelta(days=1)


@task()
def daily_housekeeping() -> int:
    """Delete guides idle for longer than IDLE_DAYS and expired sessions; queue tomorrow's run."""
    deleted = guides_delete_idle()
    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    daily_housekeeping.using(run_after=timezone.now() + EVERY).enqueue()
    return deleted


def housekeeping_scheduled() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=daily_housekeeping.module_path, status__in=["READY", "RUNNING"]
    ).exists()


@task()
def preprint_guide(guide_id: int, version: int) -> bool:
    """Render and cache the default PDF of this version of the guide. False when skipped."""
    guide = Guide.objects.select_related("clinic").filter(pk=guide_id, version=version).first()
    if guide is None or not settings.SITE_URL:  # edited again, deleted, or no public address
        return False
    kb = get_knowledge_base(guide.lang)
    paper = guide.clinic.default_paper if guide.clinic else "letter"
    share_url = settings.SITE_URL + reverse("guides:share", args=[guide.view_token])
    with translation.override(guide.lang):  # printed in the guide's own language
        guide_pdf(guide, kb, share_url=share_url, options=PrintOptions(paper=paper))
    return True


def preprint_soon(guide: Guide, *, new: bool = False) -> None:
    """Once the change is saved, queue the print of this version: at once for a new guide
    (people print right after making one), a few seconds from now after an edit (a burst of
    edits prints once)."""
    run_after = timezone.now() + timedelta(seconds=0 if new else settings.PREPRINT_DELAY)
    transaction.on_commit(lambda: preprint_guide.using(run_after=run_after).enqueue(guide.pk, guide.version))
