"""Housekeeping with Django's Tasks API: the daily deletion of idle guides (and of expired
sessions). The task queues its own next run, so one worker keeps it going with no cron; the
`schedule_housekeeping` command (run by `make run`) starts the chain once."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task

from immunoprep.guides.services import guides_delete_idle

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
