"""The guided steps: their order, and the answers kept between them in the session.

Answers live in the (signed-cookie) session until the review step creates the guide, so
nothing the user has not chosen to save is stored on the server.
"""

from __future__ import annotations

from dataclasses import dataclass

from immunoprep.knowledge import KnowledgeBase, Profile

SESSION_KEY = "wizard"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[str, ...]


STEPS = (
    Step("who", "Who is this guide for?", ("role",)),
    Step("cancer", "What type of cancer?", ("cancer",)),
    Step("treatment", "What treatment has been suggested?", ("therapies",)),
    Step("tests", "Which tests have you had?", ("biomarkers",)),
    Step("concerns", "What matters most to you?", ("concerns",)),
    Step("visit", "About the visit", ("appointment_date", "clinician", "visit_minutes")),
)
STEP_SLUGS = tuple(s.slug for s in STEPS)
LIST_FIELDS = ("therapies", "biomarkers", "concerns")


def get_step(slug: str) -> Step | None:
    return next((s for s in STEPS if s.slug == slug), None)


def neighbours(slug: str) -> tuple[str | None, str | None]:
    i = STEP_SLUGS.index(slug)
    return (STEP_SLUGS[i - 1] if i else None, STEP_SLUGS[i + 1] if i + 1 < len(STEPS) else None)


def load_state(session) -> dict:
    return dict(session.get(SESSION_KEY, {}))


def save_state(session, state: dict) -> None:
    session[SESSION_KEY] = state


def clear_state(session) -> None:
    session.pop(SESSION_KEY, None)


def state_profile(state: dict) -> Profile:
    return Profile(
        cancer=state.get("cancer", "other"),
        therapies=tuple(state.get("therapies", ())),
        biomarkers=tuple(state.get("biomarkers", ())),
        concerns=tuple(state.get("concerns", ())),
        role=state.get("role", "patient"),
    )


def ready_for_review(state: dict) -> bool:
    return bool(state.get("cancer")) and bool(state.get("therapies"))


def prefill_from_query(kb: KnowledgeBase, query) -> tuple[dict, list[str]]:
    """Answers from a link such as /start/?cancer=melanoma&therapy=checkpoint-pd1.

    Unknown slugs are dropped and reported back, never an error: these links are printed
    on paper and outlive our vocabulary.
    """
    state: dict = {}
    notices: list[str] = []

    def pick(param, known, many):
        values = [v.strip().lower()[:60] for v in query.getlist(param) if v.strip()]
        good = []
        for v in values:
            if v in known:
                if v not in good:
                    good.append(v)
            else:
                notices.append(f"We did not recognise “{v}” as a {param}, so we left it out.")
        return good if many else (good[0] if good else None)

    for param, key, known, many in (
        ("cancer", "cancer", kb.cancers, False),
        ("therapy", "therapies", kb.therapies, True),
        ("biomarker", "biomarkers", kb.biomarkers, True),
        ("concern", "concerns", kb.concerns, True),
        ("role", "role", kb.roles, False),
    ):
        value = pick(param, known, many)
        if value:
            state[key] = value
    lang = query.get("lang")
    if lang and lang != kb.lang:
        notices.append("This guide is available in English for now.")
    return state, notices
