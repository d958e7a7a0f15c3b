"""The visit as an iCalendar event (RFC 5545), for /g/<token>/visit.ics and /s/<token>/visit.ics.

Calendars sync to other companies' servers, so the event says only "Clinic appointment", the
time and, if given, who the person will see: no diagnosis, treatment, medicine, question,
link or clinic, and its UID is not a token. The time is floating (no time zone): we do not
know the person's, and "10:30" means 10:30 wherever their calendar is.
"""

from __future__ import annotations

import datetime

from django.core.signing import salted_hmac
from django.utils import timezone, translation
from django.utils.translation import gettext

from immunoprep.guides.models import Guide

REMINDER_AT = datetime.time(18, 0)  # the evening before the visit
DEFAULT_MINUTES = 60


def has_visit_time(guide: Guide) -> bool:
    return bool(guide.appointment_date and guide.appointment_time)


def visit_ics(guide: Guide, *, now: datetime.datetime | None = None) -> str:
    """The event, CRLF line endings, long lines folded. Needs a date and a time."""
    start = datetime.datetime.combine(guide.appointment_date, guide.appointment_time.replace(second=0, microsecond=0))
    stamp = (now or timezone.now()).astimezone(datetime.UTC)
    with translation.override(guide.lang):
        summary = gettext("Clinic appointment")
        if guide.clinician.strip():
            summary = gettext("Clinic appointment with %(name)s") % {"name": guide.clinician.strip()}
        reminder = gettext("Bring your visit guide")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Visit guide//Calendar//EN",  # not our name: it would say what the visit is about
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{event_uid(guide)}",
        f"SEQUENCE:{guide.version}",  # a later download of a changed visit replaces the earlier one
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        f"DURATION:{_duration(datetime.timedelta(minutes=guide.visit_minutes or DEFAULT_MINUTES))}",
        f"SUMMARY:{escape_text(summary)}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:-{_duration(reminder_before(start))}",
        f"DESCRIPTION:{escape_text(reminder)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def event_uid(guide: Guide) -> str:
    """Stable for the guide, so a new download updates the event instead of adding a second
    one; derived from the guide's row with the secret key, so it reveals neither token."""
    return salted_hmac("visit-ics-uid", str(guide.pk)).hexdigest()[:32]


def reminder_before(start: datetime.datetime) -> datetime.timedelta:
    """How long before the start the reminder goes off: at 18:00 the day before."""
    evening = datetime.datetime.combine(start.date() - datetime.timedelta(days=1), REMINDER_AT)
    return start - evening


def _duration(delta: datetime.timedelta) -> str:
    """A positive duration as RFC 5545 writes it, in hours and minutes: PT16H30M, PT1H, PT15M."""
    minutes = int(delta.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped; other control characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 0x20 and ord(ch) != 0x7F)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Split a content line into lines of at most `limit` octets, never inside a character;
    each continuation starts with one space."""
    parts, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode())
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += ch
        size += width
    parts.append(current)
    return "\r\n".join(parts)
