"""Small hand-written factories: a guide for a profile, built through the real service."""

from immunoprep.guides.services import guide_create
from immunoprep.knowledge import Profile, get_knowledge_base


def make_guide(
    cancer="melanoma", therapies=("checkpoint-pd1",), biomarkers=(), concerns=(), role="patient", drugs=(), **kw
):
    kb = get_knowledge_base("en")
    profile = Profile(
        cancer=cancer,
        therapies=tuple(therapies),
        biomarkers=tuple(biomarkers),
        concerns=tuple(concerns),
        role=role,
        drugs=tuple(drugs),
    )
    return guide_create(kb=kb, profile=profile, **kw)
