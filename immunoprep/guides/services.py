"""Business logic for guides: plain, keyword-only functions that validate and write."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from immunoprep.guides.after import PLAN_FIELDS, TEACH_BACK_IDS
from immunoprep.guides.models import (
    CLINICIAN_MAX,
    IDLE_DAYS,
    MATTERS_MAX,
    NOTE_MAX,
    OWN_QUESTIONS_MAX,
    QUESTION_MAX,
    DeletedGuide,
    Guide,
    GuideQuestion,
    new_token,
    token_hash,
)
from immunoprep.guides.reasons import clinic_reason, reason_in_words
from immunoprep.knowledge import KnowledgeBase, Profile, suggest
from immunoprep.knowledge.suggest import TOP, default_list_size

COMPANIONS = ("someone", "alone")  # Guide.companion; "" is "not said"


def guide_profile(guide: Guide) -> Profile:
    return Profile(
        cancer=guide.cancer,
        therapies=tuple(guide.therapies),
        biomarkers=tuple(guide.biomarkers),
        concerns=tuple(guide.concerns),
        role=guide.role,
        drugs=tuple(guide.drugs),
    )


@transaction.atomic
def guide_create(
    *,
    kb: KnowledgeBase,
    profile: Profile,
    appointment_date: date | None = None,
    appointment_time: time | None = None,
    clinician: str = "",
    visit_minutes: int | None = None,
    companion: str = "",
    matters: str = "",
    clinic=None,
) -> Guide:
    """Create a guide from a profile, copying every suggested question onto it.

    The first few questions are ticked (fewer for a short visit) and the first TOP starred;
    the rest wait one tap away.
    """
    profile, _ = kb.clean_profile(profile)
    visit = _visit_fields(
        appointment_date=appointment_date,
        appointment_time=appointment_time,
        clinician=clinician,
        companion=companion,
        matters=matters,
    )
    guide = Guide.objects.create(
        role=profile.role,
        cancer=profile.cancer,
        therapies=list(profile.therapies),
        biomarkers=list(profile.biomarkers),
        concerns=list(profile.concerns),
        drugs=list(profile.drugs),
        lang=kb.lang,
        visit_minutes=visit_minutes,
        **visit,
        content_version=kb.version,
        clinic=clinic,
    )
    suggestions = suggest(kb, profile)
    ticked = default_list_size(visit_minutes)
    clinic_questions = list(clinic.questions.all()) if clinic else []
    GuideQuestion.objects.bulk_create(
        GuideQuestion(
            guide=guide,
            position=index,
            text=q.text_for(profile.role),
            reason=clinic_reason(clinic.name),
            topic="clinic",
            from_clinic=True,
            included=True,
        )
        for index, q in enumerate(clinic_questions)
    )
    if clinic:
        clinic.count("guides_started")
    offset = len(clinic_questions)
    GuideQuestion.objects.bulk_create(
        GuideQuestion(
            guide=guide,
            position=offset + rank,
            kb_id=s.item.id,
            text=s.item.text_for(profile.role),
            why=s.item.why,
            reason=reason_in_words(s.reason),  # in the guide's language
            topic=s.item.topic,
            included=rank < ticked,
            starred=rank < TOP,
        )
        for rank, s in enumerate(suggestions.questions)
    )
    return guide


class StaleGuide(Exception):
    """The guide changed since the page was loaded (another tab): nothing was saved."""


class GuideLimit(ValueError):
    """A size or count limit was hit: nothing was saved. The message is for the user."""


def _bump(guide: Guide, expected_version: int) -> None:
    """Claim the next version, or fail if someone else got there first (optimistic lock)."""
    updated = Guide.objects.filter(pk=guide.pk, version=expected_version).update(
        version=F("version") + 1, updated=timezone.now()
    )
    if not updated:
        raise StaleGuide
    guide.version = expected_version + 1


def _check_length(text: str, limit: int, what: str) -> str:
    text = text.strip()
    if len(text) > limit:
        raise GuideLimit(f"{what} can be at most {limit:,} characters. Yours has {len(text):,}.")
    return text


@transaction.atomic
def guide_question_toggle(*, guide: Guide, question: GuideQuestion, version: int) -> None:
    _bump(guide, version)
    question.included = not question.included
    if not question.included:
        question.starred = False
    question.save(update_fields=["included", "starred"])


class StarLimit(GuideLimit):
    """Three questions are already top priority: offer to swap one for this one."""


@transaction.atomic
def guide_question_star(*, guide: Guide, question: GuideQuestion, version: int) -> None:
    if not question.starred and guide.questions.filter(starred=True).count() >= TOP:
        raise StarLimit(f"You already have {TOP} top-priority questions. Swap one of them for this one.")
    _bump(guide, version)
    question.starred = not question.starred
    question.included = question.included or question.starred
    question.save(update_fields=["starred", "included"])


@transaction.atomic
def guide_question_star_swap(*, guide: Guide, question: GuideQuestion, other: GuideQuestion, version: int) -> None:
    """Give `other`'s top-priority mark to `question`, in one change."""
    if not other.starred or other.guide_id != guide.pk or question.starred:
        raise GuideLimit("That swap is no longer possible. Please try again.")
    _bump(guide, version)
    other.starred = False
    question.starred = question.included = True
    GuideQuestion.objects.bulk_update([question, other], ["starred", "included"])


@transaction.atomic
def guide_question_move(*, guide: Guide, question: GuideQuestion, version: int, up: bool) -> bool:
    """Swap with the neighbouring ticked question in the same topic. False when already at the edge."""
    neighbours = guide.questions.filter(topic=question.topic, included=True).exclude(pk=question.pk)
    if up:
        other = neighbours.filter(position__lte=question.position).order_by("-position", "-id").first()
    else:
        other = neighbours.filter(position__gte=question.position).order_by("position", "id").first()
    if other is None:
        return False
    _bump(guide, version)
    question.position, other.position = other.position, question.position
    GuideQuestion.objects.bulk_update([question, other], ["position"])
    return True


@transaction.atomic
def guide_question_add(*, guide: Guide, text: str, version: int) -> GuideQuestion:
    text = _check_length(text, QUESTION_MAX, "A question")
    if not text:
        raise GuideLimit("Please type a question first.")
    if guide.questions.filter(kb_id="", from_clinic=False).count() >= OWN_QUESTIONS_MAX:
        raise GuideLimit(f"A guide can hold up to {OWN_QUESTIONS_MAX} of your own questions.")
    _bump(guide, version)
    last = guide.questions.order_by("-position").values_list("position", flat=True).first()
    return GuideQuestion.objects.create(guide=guide, position=(last or 0) + 1, text=text, topic="own", included=True)


@transaction.atomic
def guide_question_update(
    *, guide: Guide, question: GuideQuestion, version: int, note: str, answer: str, text: str | None = None
) -> None:
    note = _check_length(note, NOTE_MAX, "A note")
    answer = _check_length(answer, NOTE_MAX, "An answer")
    if text is not None and question.is_own:
        text = _check_length(text, QUESTION_MAX, "A question")
        if not text:
            raise GuideLimit("A question cannot be empty. To remove it, use Delete.")
        question.text = text
    _bump(guide, version)
    question.note, question.answer = note, answer
    question.save(update_fields=["text", "note", "answer"])


@transaction.atomic
def guide_question_delete(*, guide: Guide, question: GuideQuestion, version: int) -> None:
    if not question.is_own:
        raise GuideLimit("Suggested questions can be unticked but not deleted.")
    _bump(guide, version)
    question.delete()


@transaction.atomic
def guide_note_update(*, guide: Guide, note: str, version: int) -> None:
    note = _check_length(note, NOTE_MAX, "The note")
    _bump(guide, version)
    Guide.objects.filter(pk=guide.pk).update(note=note)
    guide.note = note


def _visit_fields(
    *, appointment_date: date | None, appointment_time: time | None, clinician: str, companion: str, matters: str
) -> dict:
    """The visit details, checked: the same rules for a new guide and for an edit."""
    if appointment_time and not appointment_date:
        raise GuideLimit(gettext("Please add the date of the visit too."))
    if companion not in ("", *COMPANIONS):
        raise GuideLimit(gettext("Please choose whether someone will come to the visit."))
    return {
        "appointment_date": appointment_date,
        "appointment_time": appointment_time.replace(second=0, microsecond=0) if appointment_time else None,
        "clinician": _check_length(clinician, CLINICIAN_MAX, "The name"),
        "companion": companion,
        "matters": _check_length(matters, MATTERS_MAX, "What matters most"),
    }


@transaction.atomic
def guide_visit_update(*, guide: Guide, version: int, **details) -> None:
    """Change the visit details (the fields of `_visit_fields`, checked the same way)."""
    visit = _visit_fields(**details)
    _bump(guide, version)
    Guide.objects.filter(pk=guide.pk).update(**visit)
    for name, value in visit.items():
        setattr(guide, name, value)


@transaction.atomic
def guide_plan_update(*, guide: Guide, version: int, plan: dict) -> None:
    """Save the after-visit plan (checked by after.AfterForm); StaleGuide when another tab changed the guide."""
    values = {name: plan[name] for name in PLAN_FIELDS}
    values["teach_back"] = [i for i in TEACH_BACK_IDS if i in values["teach_back"]]
    for name in ("tests_before", "day_number", "night_number"):
        values[name] = values[name].strip()
    _bump(guide, version)
    Guide.objects.filter(pk=guide.pk).update(**values)
    for name, value in values.items():
        setattr(guide, name, value)


@transaction.atomic
def guide_share_reset(*, guide: Guide, version: int) -> str:
    """Stop sharing: a new view token, so the old share link answers 404."""
    _bump(guide, version)
    guide.view_token = new_token()
    Guide.objects.filter(pk=guide.pk).update(view_token=guide.view_token)
    return guide.view_token


@transaction.atomic
def guide_delete(*, guide: Guide) -> None:
    """Delete everything, keeping only hashes of the tokens so old links answer 410 Gone."""
    DeletedGuide.objects.bulk_create(
        [DeletedGuide(token_hash=token_hash(guide.edit_token)), DeletedGuide(token_hash=token_hash(guide.view_token))],
        ignore_conflicts=True,
    )
    guide.delete()


def guides_delete_idle(*, days: int = IDLE_DAYS) -> int:
    cutoff = timezone.now() - timedelta(days=days)
    count = 0
    for guide in Guide.objects.filter(last_seen__lt=cutoff).iterator():
        guide_delete(guide=guide)
        count += 1
    return count


def guide_touch(guide: Guide) -> None:
    """Note that the guide is still in use, at most once a day (idle guides are deleted)."""
    now = timezone.now()
    if now - guide.last_seen > timedelta(days=1):
        Guide.objects.filter(pk=guide.pk).update(last_seen=now)
        guide.last_seen = now
