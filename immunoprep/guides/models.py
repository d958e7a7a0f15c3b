"""The guide: a profile plus the questions the user chose, copied so they never change
under the reader when the knowledge base changes later."""

import hashlib
import secrets

from django.db import models
from django.db.models import Q

# Size limits on everything a user types (also enforced in forms, with messages).
QUESTION_MAX = 300
NOTE_MAX = 5000
CLINICIAN_MAX = 100
MATTERS_MAX = 200
PLAN_TEXT_MAX = 200
PHONE_MAX = 40
OWN_QUESTIONS_MAX = 50
IDLE_DAYS = 180


def new_token() -> str:
    """A URL-safe token with 192 bits of randomness (32 characters)."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Guide(models.Model):
    edit_token = models.CharField(max_length=64, unique=True, default=new_token)
    view_token = models.CharField(max_length=64, unique=True, default=new_token)
    # Profile: slugs from the knowledge base, validated on the way in.
    role = models.CharField(max_length=20, default="patient")
    cancer = models.CharField(max_length=40)
    therapies = models.JSONField(default=list)
    biomarkers = models.JSONField(default=list)
    concerns = models.JSONField(default=list)
    drugs = models.JSONField(default=list)  # drug slugs the person named (generic, lower case, hyphens)
    lang = models.CharField(max_length=8, default="en")
    appointment_date = models.DateField(null=True, blank=True)
    clinician = models.CharField(max_length=CLINICIAN_MAX, blank=True)
    visit_minutes = models.PositiveSmallIntegerField(null=True, blank=True)  # sets how many questions start ticked
    appointment_time = models.TimeField(null=True, blank=True)  # with the date: the calendar file
    companion = models.CharField(max_length=20, blank=True)  # "" not said, "alone", "someone": for the care team
    matters = models.CharField(max_length=MATTERS_MAX, blank=True)  # "what matters most to me", in their words
    # After the visit: the plan as the person heard it, and what they can say back (teach-back).
    next_visit = models.DateField(null=True, blank=True)
    next_treatment = models.DateField(null=True, blank=True)
    tests_before = models.CharField(max_length=PLAN_TEXT_MAX, blank=True)
    day_number = models.CharField(max_length=PHONE_MAX, blank=True)
    night_number = models.CharField(max_length=PHONE_MAX, blank=True)
    teach_back = models.JSONField(default=list)  # ids of the teach-back items ticked
    note = models.TextField(blank=True, max_length=NOTE_MAX)
    content_version = models.CharField(max_length=40)
    # The clinic whose link started this guide: its name and numbers print in the guide.
    clinic = models.ForeignKey("clinics.Clinic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Bumped on every edit: the optimistic-lock check for two tabs, and the PDF cache key.
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    last_seen = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(edit_token=models.F("view_token")), name="guide_tokens_differ"),
        ]

    def __str__(self):
        return f"Guide #{self.pk}"


class GuideQuestion(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    # Copied from the knowledge base (or typed by the user when `kb_id` is empty).
    kb_id = models.CharField(max_length=80, blank=True)
    text = models.CharField(max_length=QUESTION_MAX)
    why = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    topic = models.CharField(max_length=40)
    from_clinic = models.BooleanField(default=False)
    included = models.BooleanField(default=True)
    starred = models.BooleanField(default=False)
    note = models.TextField(blank=True, max_length=NOTE_MAX)
    answer = models.TextField(blank=True, max_length=NOTE_MAX)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["guide", "position"])]

    def __str__(self):
        return f"Question {self.position} of guide #{self.guide_id}"

    @property
    def is_own(self) -> bool:
        return not self.kb_id and not self.from_clinic

    @property
    def personal_reason(self) -> str:
        """The reason worth printing: one that speaks of this person's choices or their clinic,
        not the generic "a common question for anyone"."""
        from immunoprep.guides.reasons import is_generic

        return self.reason if self.from_clinic or (self.reason and not is_generic(self.reason)) else ""


class DeletedGuide(models.Model):
    """A hash of a deleted guide's token, so its old links answer 410 Gone, not 404.
    Holds no health data and cannot be turned back into the token."""

    token_hash = models.CharField(max_length=64, unique=True)
    deleted = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return "Deleted guide"
