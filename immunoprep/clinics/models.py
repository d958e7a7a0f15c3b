"""A clinic hands out links: its name and numbers travel into every guide made from them."""

import re

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import F
from django.utils import timezone

QUESTION_MAX = 300
# How long a guide's first download is remembered: as long as an idle guide is kept (IDLE_DAYS).
FIRST_DOWNLOAD_MEMORY = 180 * 24 * 3600
PAPERS = [("letter", "Letter (US)"), ("a4", "A4")]


LINK_SLUG = re.compile(r"[a-z0-9_-]{1,60}")


class ClinicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_link(self, slug):
        """The clinic a public link (/c/<slug>/, ?clinic=) names, if it is active. Anything
        that is not a slug (a NUL byte from a hostile link, say) names no clinic."""
        slug = str(slug or "")
        return self.active().filter(slug=slug).first() if LINK_SLUG.fullmatch(slug) else None

    def for_staff(self, user):
        """What a user may manage: everything for superusers, their own clinics otherwise."""
        return self if user.is_superuser else self.filter(staff=user)


class Clinic(models.Model):
    slug = models.SlugField(unique=True, help_text="Part of the handout link: /c/<slug>/. Keep it stable.")
    name = models.CharField(max_length=120)
    welcome = models.CharField(max_length=300, blank=True, help_text="One or two sentences shown on the clinic's page.")
    phone_daytime = models.CharField("daytime phone", max_length=40)
    phone_after_hours = models.CharField("after-hours / 24-7 phone", max_length=40)
    emergency_instructions = models.CharField(
        max_length=200, default="Call 911 or your local emergency number.", help_text="What to do in an emergency."
    )
    logo = models.BinaryField(blank=True, editable=False)
    logo_type = models.CharField(max_length=20, blank=True, editable=False)
    default_paper = models.CharField(max_length=10, choices=PAPERS, default="letter")
    default_lang = models.CharField("default language", max_length=8, choices=settings.LANGUAGES, default="en")
    preset_cancer = models.CharField(max_length=40, blank=True, help_text="Cancer type slug to pre-fill, if any.")
    preset_therapies = models.JSONField(default=list, blank=True, help_text="Therapy slugs to pre-fill.")
    active = models.BooleanField(default=True)
    # Any change staff save: a cache key with it makes a new phone number reach the next page
    # and printout (counters update with .update(), which leaves it alone).
    updated = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False, editable=False)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="clinics")
    # Numbers only: how many guides were started and PDFs downloaded from this clinic's links.
    guides_started = models.PositiveIntegerField(default=0, editable=False)
    pdfs_downloaded = models.PositiveIntegerField(default=0, editable=False)

    objects = ClinicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def count(self, field: str) -> None:
        type(self).objects.filter(pk=self.pk).update(**{field: F(field) + 1})

    def count_first_download(self, guide_id: int) -> bool:
        """Count a PDF download only the first time this guide is downloaded; True if it counted.

        Reprints, page reloads and new versions of the same guide are not new downloads. The
        cache remembers which guides were counted (the key holds the guide's id and nothing
        about the person), so the number is as exact as the cache is shared and long-lived:
        with the per-process local-memory cache a guide can count again after a restart.
        """
        if not cache.add(f"clinics:first-download:{guide_id}", 1, timeout=FIRST_DOWNLOAD_MEMORY):
            return False
        self.count("pdfs_downloaded")
        return True


class ClinicQuestion(models.Model):
    """A question the clinic wants every patient to consider; shown as coming from the clinic."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=QUESTION_MAX)
    caregiver_text = models.CharField(
        "caregiver's version",
        max_length=QUESTION_MAX,
        blank=True,
        help_text="The same question asked by a caregiver about the person they care for "
        "(“Which number do we call at night?”). Leave empty if the question reads well for both.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text

    def text_for(self, role: str) -> str:
        return self.caregiver_text if role == "caregiver" and self.caregiver_text else self.text


class ClinicChange(models.Model):
    """One staff edit to something printed on patients' paper, kept for superusers to review.

    Outlives the clinic and the user: their names are kept as text."""

    clinic = models.ForeignKey(Clinic, null=True, on_delete=models.SET_NULL, related_name="changes")
    clinic_name = models.CharField(max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    field = models.CharField(max_length=80)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.clinic_name}: {self.field}"
