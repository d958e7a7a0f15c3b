"""Business logic for guides: plain, keyword-only functions that validate and write."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from immunoprep.guides.models import Guide, GuideQuestion
from immunoprep.knowledge import KnowledgeBase, Profile, suggest
from immunoprep.knowledge.suggest import PRESELECT, TOP


def guide_profile(guide: Guide) -> Profile:
    return Profile(
        cancer=guide.cancer,
        therapies=tuple(guide.therapies),
        biomarkers=tuple(guide.biomarkers),
        concerns=tuple(guide.concerns),
        role=guide.role,
    )


@transaction.atomic
def guide_create(
    *,
    kb: KnowledgeBase,
    profile: Profile,
    appointment_date: date | None = None,
    clinician: str = "",
    visit_minutes: int | None = None,
) -> Guide:
    """Create a guide from a profile, copying every suggested question onto it.

    The first PRESELECT questions are ticked and the first TOP starred; the rest wait
    one tap away.
    """
    profile, _ = kb.clean_profile(profile)
    guide = Guide.objects.create(
        role=profile.role,
        cancer=profile.cancer,
        therapies=list(profile.therapies),
        biomarkers=list(profile.biomarkers),
        concerns=list(profile.concerns),
        lang=kb.lang,
        appointment_date=appointment_date,
        clinician=clinician.strip(),
        visit_minutes=visit_minutes,
        content_version=kb.version,
    )
    suggestions = suggest(kb, profile)
    GuideQuestion.objects.bulk_create(
        GuideQuestion(
            guide=guide,
            position=index,
            kb_id=s.item.id,
            text=s.item.text,
            why=s.item.why,
            reason=s.reason,
            topic=s.item.topic,
            included=index < PRESELECT,
            starred=index < TOP,
        )
        for index, s in enumerate(suggestions.questions)
    )
    return guide
