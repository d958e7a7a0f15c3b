"""The symptom diary follows the chosen treatments: its columns and its "call right away if"
lines come from the content for those treatments, read back from the PDF."""

import pytest

from immunoprep.knowledge import KnowledgeError, Profile, load
from immunoprep.knowledge.suggest import diary_columns
from tests.factories import make_guide
from tests.test_pdf import get_pdf, pdf_pages

pytestmark = pytest.mark.django_db


def diary_page(client, guide, query="?section=diary") -> str:
    pages = pdf_pages(get_pdf(client, guide, query))
    diary = [page for page in pages if page.startswith("Symptom diary")]
    assert len(diary) == 1, "the diary is one page"
    return diary[0]


def test_a_car_t_diary_asks_for_temperature_and_handwriting_with_its_call_now_lines(client):
    page = diary_page(client, make_guide(cancer="myeloma", therapies=("car-t",), role="caregiver"))
    for heading in ("Temp am / pm", "Writing", "Energy 0–10", "New or worse"):
        assert heading in page
    assert "Stools / day" not in page and "Rash / itch" not in page
    assert "Call their care team right away, day or night, if you write down" in page
    assert "38 °C (100.4 °F) or higher" in page
    assert "any change in handwriting" in page
    assert "Call even if it seems mild, or if you are not sure it is a side effect." in page


def test_a_checkpoint_diary_asks_for_stools_breathing_skin_and_thirst(client):
    page = diary_page(client, make_guide(cancer="melanoma", therapies=("checkpoint-pd1",)))
    for heading in ("Stools / day", "Cough / breath", "Rash / itch", "Thirst / urine", "Energy 0–10"):
        assert heading in page
    assert "Writing" not in page and "Temp am / pm" not in page
    assert "Call your care team right away, day or night, if you write down" in page
    assert "loose stools, or more stools than usual" in page
    assert "Call even if it seems mild" in page


def test_a_bcg_diary_follows_each_treatment_and_says_when_to_call(client):
    page = diary_page(client, make_guide(cancer="bladder", therapies=("bcg",)))
    assert "Evening temp" in page and "Urine symptoms" in page
    assert "over 38.5 °C (101.3 °F)" in page and "more than 2 days" in page
    assert "Stools / day" not in page


def test_the_diary_prints_the_clinic_numbers_or_the_ones_the_person_wrote_down(client):
    from tests.clinic_factories import make_clinic

    clinic = make_clinic("north", phone_daytime="555-0100", phone_after_hours="555-0199")
    page = diary_page(client, make_guide(therapies=("car-t",), clinic=clinic))
    assert "555-0100" in page and "555-0199" in page
    own = make_guide(therapies=("car-t",))
    own.day_number, own.night_number = "020 7946 0000", "020 7946 0999"
    own.save()
    assert "020 7946 0999" in diary_page(client, own)


def test_with_eight_columns_the_diary_still_fits_one_page(client):
    diary_page(client, make_guide(therapies=("checkpoint-dual", "car-t"), cancer="melanoma"))


def test_not_sure_yet_gets_the_common_class_columns():
    kb = load("en")
    headers = [c.header for c in diary_columns(kb, Profile(cancer="other", therapies=("not-sure",)))]
    assert "Stools / day" in headers and headers[0] == "Energy 0–10" and headers[-1] == "New or worse"


def test_the_loader_refuses_a_wide_header_and_a_mild_flag_without_a_level(tmp_path):
    from pathlib import Path

    source = Path(__file__).resolve().parent.parent / "immunoprep/knowledge/content/en"
    (tmp_path / "en").mkdir()
    for f in source.glob("*.toml"):
        (tmp_path / "en" / f.name).write_text(f.read_text())
    (tmp_path / "en" / "diary-bad.toml").write_text(
        '[[diary_column]]\nid = "diary-wide"\nlabel = "x"\nheader = "A heading far too wide"\nhow = "x"\n'
        'call_if_mild = true\norder = 1\nsources = ["nci-se"]\nreviewed = 2026-11-27\n'
    )
    with pytest.raises(KnowledgeError) as refused:
        load("en", content_dir=tmp_path)
    message = str(refused.value)
    assert "longer than 14 characters" in message and "needs a 'call_if'" in message


def test_numbers_the_person_wrote_after_the_visit_reach_every_printed_page(client):
    guide = make_guide(therapies=("car-t",))
    guide.day_number, guide.night_number = "020 7946 0000", "020 7946 0999"
    guide.save()
    pages = pdf_pages(get_pdf(client, guide, "?section=cover&section=wallet&section=diary"))
    for heading in ("When to call", "Wallet card", "Symptom diary"):
        page = next(p for p in pages if p.startswith(heading))
        assert "020 7946 0999" in page, heading
