"""The visit: its time, who comes along and what matters most, asked in the steps, changed in the
editor, and offered to the person's calendar with no health words in it."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse

from immunoprep.guides.calendar import fold
from immunoprep.guides.models import Guide
from immunoprep.guides.services import GuideLimit
from tests.factories import make_guide

pytestmark = pytest.mark.django_db


def walk(client, answers):
    for slug, data in answers:
        response = client.post(reverse("guides:step", args=[slug]), data)
        assert response.status_code == 302, response.content.decode()[:500]


def start_to_visit(client, role="patient"):
    walk(
        client,
        [
            ("who", {"role": role}),
            ("cancer", {"cancer": "melanoma"}),
            ("treatment", {"therapies": ["checkpoint-pd1"]}),
            ("tests", {}),
        ],
    )


# The steps


def test_the_visit_step_stores_date_time_and_who_comes(client):
    start_to_visit(client)
    walk(client, [("concerns", {"concerns": ["side-effects"], "matters": "  Keep teaching my class  "})])
    walk(
        client,
        [
            (
                "visit",
                {
                    "appointment_date": "2026-12-03",
                    "appointment_time": "10:30",
                    "clinician": "Dr Rivera",
                    "companion": "someone",
                },
            )
        ],
    )
    review = client.get(reverse("guides:review")).content.decode()
    assert "2026-12-03 at 10:30, with Dr Rivera" in review
    assert "Yes, someone will come with me" in review and "“Keep teaching my class”" in review

    client.post(reverse("guides:review"))
    guide = Guide.objects.get()
    assert guide.appointment_date == date(2026, 12, 3) and guide.appointment_time == time(10, 30)
    assert (guide.companion, guide.matters, guide.clinician) == ("someone", "Keep teaching my class", "Dr Rivera")


def test_saying_nothing_about_company_is_a_fine_answer(client):
    start_to_visit(client)
    walk(client, [("concerns", {}), ("visit", {"appointment_date": "2026-12-03"})])
    client.post(reverse("guides:review"))
    guide = Guide.objects.get()
    assert (guide.companion, guide.appointment_time, guide.matters) == ("", None, "")


def test_a_time_without_a_date_is_refused_at_the_field(client):
    start_to_visit(client)
    response = client.post(reverse("guides:step", args=["visit"]), {"appointment_time": "10:30", "companion": "alone"})
    assert response.status_code == 200
    page = response.content.decode()
    at_field = page.split('id="field-appointment_time"', 1)[1].split("</div>", 1)[0]
    assert "Please add the date of the visit too." in at_field and 'aria-invalid="true"' in at_field
    assert 'href="#field-appointment_time"' in page  # the summary at the top leads to it
    assert 'value="10:30"' in at_field  # what was typed stays
    assert client.session["wizard"]["appointment_time"] == ""


def test_an_unknown_companion_answer_is_refused(client):
    start_to_visit(client)
    response = client.post(reverse("guides:step", args=["visit"]), {"companion": "a crowd"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_the_visit_step_asks_a_caregiver_about_the_person_they_care_for(client):
    start_to_visit(client, role="caregiver")
    page = client.get(reverse("guides:step", args=["visit"])).content.decode()
    assert "Will someone go with the person you care for?" in page and "Yes, someone will go with them" in page
    assert "Will someone come with you?" not in page
    concerns = client.get(reverse("guides:step", args=["concerns"])).content.decode()
    assert "In your own words, what matters most to you both? (optional)" in concerns
    # Still in their voice when the step comes back with an error.
    refused = client.post(reverse("guides:step", args=["visit"]), {"appointment_time": "10:30"}).content.decode()
    assert "Please add the date of the visit too." in refused
    assert "Will someone go with the person you care for?" in refused and "Yes, someone will go with them" in refused
    assert "Will someone come with you?" not in refused


def test_the_editor_asks_a_caregiver_about_the_person_they_care_for(client):
    guide = make_guide(role="caregiver")
    page = client.get(reverse("guides:edit", args=[guide.edit_token])).content.decode()
    section = page.split('id="visit"', 1)[1].split("</section>", 1)[0]
    assert "The visit" in section and "Will someone go with the person you care for?" in section
    url = reverse("guides:visit", args=[guide.edit_token])
    refused = client.post(url, {"version": guide.version, "matters": "m" * 201}).content.decode()
    section = refused.split('id="visit"', 1)[1].split("</section>", 1)[0]
    assert "200 characters or fewer" in section and "what matters most to you both?" in section
    assert "Will someone come with you?" not in section


def test_the_concerns_step_keeps_what_matters_in_their_own_words(client):
    start_to_visit(client)
    url = reverse("guides:step", args=["concerns"])
    page = client.get(url).content.decode()
    assert "In your own words, what matters most to you? (optional)" in page and 'maxlength="200"' in page

    response = client.post(url, {"concerns": ["side-effects"], "matters": "x" * 201})
    assert response.status_code == 200
    at_field = response.content.decode().split('id="field-matters"', 1)[1].split("</div>", 1)[0]
    assert "Please keep this to 200 characters or fewer (it has 201)." in at_field
    assert client.session["wizard"]["matters"] == ""

    walk(client, [("concerns", {"concerns": ["side-effects"], "matters": "y" * 200})])
    assert client.session["wizard"]["matters"] == "y" * 200
    walk(client, [("concerns", {"go": "skip"})])  # "Skip this step" clears the step, words included
    assert client.session["wizard"]["matters"] == "" and client.session["wizard"]["concerns"] == []


def test_what_matters_is_escaped(client):
    start_to_visit(client)
    walk(client, [("concerns", {"matters": "<script>alert(1)</script>"})])
    review = client.get(reverse("guides:review")).content.decode()
    assert "<script>alert(1)" not in review and "&lt;script&gt;alert(1)" in review


# Links that pre-fill the visit


def test_a_visit_link_prefills_the_date_and_time(client):
    response = client.get("/start/?cancer=melanoma&therapy=checkpoint-pd1&visit=2026-12-03T10:30", follow=True)
    assert response.redirect_chain[-1][0] == reverse("guides:review")
    assert "2026-12-03 at 10:30" in response.content.decode()
    page = client.get(reverse("guides:step", args=["visit"])).content.decode()
    assert 'value="2026-12-03"' in page and 'value="10:30"' in page


def test_a_visit_link_with_a_date_alone_prefills_the_date_and_clears_an_old_time(client):
    client.get("/start/?visit=2026-12-03T10:30")
    client.get("/start/?visit=2026-12-05")
    assert (client.session["wizard"]["appointment_date"], client.session["wizard"]["appointment_time"]) == (
        "2026-12-05",
        "",
    )


@pytest.mark.parametrize(
    "value", ["2026-13-03T10:30", "2026-12-03T25:00", "tomorrow", "2026-12-03T10:30+02:00", "3/12/2026", "1900-01-01"]
)
def test_a_bad_visit_in_a_link_is_left_out_with_a_notice(client, value):
    response = client.get("/start/", {"cancer": "melanoma", "therapy": "checkpoint-pd1", "visit": value}, follow=True)
    assert response.status_code == 200
    assert f"We did not recognise “{value}” as a visit date and time" in response.content.decode()
    assert client.session["wizard"]["appointment_date"] == ""


def test_a_hostile_visit_in_a_link_is_escaped_in_the_notice(client):
    response = client.get("/start/", {"visit": "<script>alert(1)</script>"}, follow=True)
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content and b"&lt;script&gt;" in response.content


# The editor


@pytest.fixture
def guide():
    return make_guide(
        cancer="melanoma",
        therapies=("checkpoint-pd1",),
        drugs=("pembrolizumab",),
        concerns=("side-effects",),
        appointment_date=date(2026, 12, 3),
        appointment_time=time(10, 30),
        clinician="Dr Rivera",
        visit_minutes=30,
        companion="someone",
        matters="Keep teaching my class",
    )


def post_visit(client, guide, htmx=False, **changes):
    data = {
        "version": guide.version,
        "appointment_date": "2026-12-03",
        "appointment_time": "10:30",
        "clinician": "Dr Rivera",
        "companion": "someone",
        "matters": "Keep teaching my class",
        **changes,
    }
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("guides:visit", args=[guide.edit_token]), data, headers=headers)


def test_the_editor_changes_the_visit(client, guide):
    page = client.get(reverse("guides:edit", args=[guide.edit_token])).content.decode()
    section = page.split('id="visit"', 1)[1].split("</section>", 1)[0]
    assert "Your visit" in section and 'value="10:30"' in section and "Keep teaching my class" in section
    assert page.index('id="visit"') < page.index('id="guide-note"')  # just above the notes

    response = post_visit(
        client, guide, appointment_date="2026-12-10", appointment_time="14:15", clinician="Nurse Ada", companion="alone"
    )
    # Without JavaScript: post, redirect, get; the answer sits in the visit section.
    assert response.status_code == 302 and response["Location"].endswith("#visit")
    page = client.get(response["Location"]).content.decode()
    assert "Your visit details were saved." in page.split('id="visit"', 1)[1].split("</section>", 1)[0]
    guide.refresh_from_db()
    assert (guide.appointment_date, guide.appointment_time) == (date(2026, 12, 10), time(14, 15))
    assert (guide.clinician, guide.companion, guide.version) == ("Nurse Ada", "alone", 2)

    response = post_visit(client, guide, htmx=True, appointment_time="", companion="", matters="")
    assert response.status_code == 200 and response.content.decode().lstrip().startswith('<div id="editor"')
    assert "Your visit details were saved." in response["HX-Trigger"]
    guide.refresh_from_db()
    assert (guide.appointment_time, guide.companion, guide.matters) == (None, "", "")


def test_the_editor_refuses_a_time_without_a_date_and_too_many_words(client, guide):
    response = post_visit(client, guide, appointment_date="", matters="m" * 201)
    assert response.status_code == 422
    page = response.content.decode()
    at_time = page.split('id="field-appointment_time"', 1)[1].split("</div>", 1)[0]
    assert "Please add the date of the visit too." in at_time
    at_matters = page.split('id="field-matters"', 1)[1].split("</div>", 1)[0]
    assert "200 characters or fewer" in at_matters and "m" * 201 in at_matters  # what was typed stays
    guide.refresh_from_db()
    assert guide.appointment_date == date(2026, 12, 3) and guide.version == 1


def test_a_visit_change_from_an_old_tab_is_refused_and_kept_in_the_form(client, guide):
    client.post(reverse("guides:note", args=[guide.edit_token]), {"note": "other tab", "version": guide.version})
    response = post_visit(client, guide, clinician="Typed in the old tab")
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed in another tab" in page and "Typed in the old tab" in page
    guide.refresh_from_db()
    assert guide.clinician == "Dr Rivera" and guide.note == "other tab"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"version": "x", "appointment_date": "2026-12-03"},
        {"version": "1", "appointment_date": "\x00", "appointment_time": "\x00", "companion": "\x00"},
        {"version": "1", "appointment_date": "9" * 5000, "appointment_time": "99:99", "clinician": "c" * 5000},
    ],
)
def test_bad_visit_posts_never_500_and_change_nothing(client, guide, data):
    response = client.post(reverse("guides:visit", args=[guide.edit_token]), data)
    assert response.status_code in (409, 422)
    guide.refresh_from_db()
    assert (guide.version, guide.appointment_time, guide.clinician) == (1, time(10, 30), "Dr Rivera")


def test_reloading_the_visit_address_goes_back_to_the_guide(client, guide):
    response = client.get(reverse("guides:visit", args=[guide.edit_token]))
    assert response.status_code == 302 and response["Location"] == reverse("guides:edit", args=[guide.edit_token])


# The calendar file


def parse_ics(body: str) -> list[tuple[str, str]]:
    """Content lines as (name with parameters, value), after unfolding; checks the line rules."""
    assert body.endswith("\r\n") and not re.search(r"(?<!\r)\n", body), "every line ends with CRLF"
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n")), "folded at 75 octets"
    lines = body.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]
    parsed = [tuple(line.split(":", 1)) for line in lines]
    assert all(len(p) == 2 for p in parsed), parsed
    return parsed


def component(lines, name) -> dict[str, str]:
    """The properties of the first `name` component, without its sub-components."""
    start = lines.index(("BEGIN", name))
    props, depth = {}, 0
    for key, value in lines[start + 1 :]:
        if key == "BEGIN":
            depth += 1
        elif key == "END":
            if depth == 0:
                assert value == name
                return props
            depth -= 1
        elif depth == 0:
            props[key] = value
    raise AssertionError(f"{name} is not closed")


def duration(value: str) -> timedelta:
    match = re.fullmatch(r"(-?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", value)
    assert match, value
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups()[1:])
    span = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    return -span if match[1] else span


def ics(client, guide, share=False):
    name, token = ("guides:share_visit_ics", guide.view_token) if share else ("guides:visit_ics", guide.edit_token)
    return client.get(reverse(name, args=[token]))


def test_the_visit_file_is_an_event_at_that_local_time_with_a_reminder_the_evening_before(client, guide):
    response = ics(client, guide)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="visit.ics"'
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"

    lines = parse_ics(response.content.decode())
    assert lines[0] == ("BEGIN", "VCALENDAR") and lines[-1] == ("END", "VCALENDAR")
    calendar = component(lines, "VCALENDAR")
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    event = component(lines, "VEVENT")
    assert event["DTSTART"] == "20261203T103000"  # floating: no Z, no TZID
    assert duration(event["DURATION"]) == timedelta(minutes=30)  # the visit length they gave
    assert event["SUMMARY"] == "Clinic appointment with Dr Rivera"
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"]) and event["UID"]
    alarm = component(lines, "VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm["DESCRIPTION"] == "Bring your visit guide"
    assert datetime(2026, 12, 3, 10, 30) + duration(alarm["TRIGGER"]) == datetime(2026, 12, 2, 18, 0)


@pytest.mark.parametrize("start", [time(0, 5), time(8, 0), time(18, 0), time(23, 45)])
def test_the_reminder_lands_at_six_the_evening_before_whatever_the_time(client, guide, start):
    Guide.objects.filter(pk=guide.pk).update(appointment_time=start, visit_minutes=None, clinician="")
    lines = parse_ics(ics(client, guide).content.decode())
    begins = datetime.combine(date(2026, 12, 3), start)
    assert component(lines, "VEVENT")["SUMMARY"] == "Clinic appointment"
    assert duration(component(lines, "VEVENT")["DURATION"]) == timedelta(hours=1)
    assert begins + duration(component(lines, "VALARM")["TRIGGER"]) == datetime(2026, 12, 2, 18, 0)


def test_the_visit_file_holds_no_health_words_links_or_tokens(client, guide, kb):
    body = ics(client, guide).content.decode()
    unfolded = body.replace("\r\n ", "").lower()
    therapy = kb.therapies["checkpoint-pd1"]
    drug = kb.drug_by_slug["pembrolizumab"]
    words = [
        kb.cancers[guide.cancer].name,
        guide.cancer,
        therapy.name,
        drug.generic,
        drug.brand,
        kb.concerns["side-effects"].name,
        guide.matters,
        "immunotherapy",
        "immuno",
        "cancer",
        "oncolog",
        guide.edit_token,
        guide.view_token,
        "http",
        "://",
        *(q.text for q in guide.questions.all()),
    ]
    found = [w for w in words if w and w.lower() in unfolded]
    assert not found, found
    # The event is the same one on every download (an update, not a second event), and the
    # share link gives the same event.
    uid = component(parse_ics(body), "VEVENT")["UID"]
    assert component(parse_ics(ics(client, guide, share=True).content.decode()), "VEVENT")["UID"] == uid


def test_a_clinicians_name_is_escaped_and_long_lines_are_folded(client, guide):
    name = "Dr Ñoño, Oncology; Room 4\\B " + "é" * 60
    Guide.objects.filter(pk=guide.pk).update(clinician=name)
    body = ics(client, guide).content.decode()
    summary = component(parse_ics(body), "VEVENT")["SUMMARY"]  # parse_ics checks the 75-octet fold
    assert summary == "Clinic appointment with Dr Ñoño\\, Oncology\\; Room 4\\\\B " + "é" * 60
    assert fold("x" * 200).split("\r\n")[1].startswith(" ") and fold("x" * 75) == "x" * 75


def test_no_visit_file_without_a_date_and_a_time(client, guide):
    Guide.objects.filter(pk=guide.pk).update(appointment_time=None)
    for share in (False, True):
        response = ics(client, guide, share=share)
        assert response.status_code == 404 and response["Cache-Control"] == "no-store"
    Guide.objects.filter(pk=guide.pk).update(appointment_time=time(9, 0), appointment_date=None)
    assert ics(client, guide).status_code == 404


def test_the_share_link_gives_the_file_and_a_wrong_token_does_not(client, guide):
    response = ics(client, guide, share=True)
    assert response.status_code == 200 and "DTSTART:20261203T103000" in response.content.decode()
    assert client.get(reverse("guides:share_visit_ics", args=["x" * 32])).status_code == 404
    # The edit token is not a share token, nor the other way round.
    assert client.get(reverse("guides:share_visit_ics", args=[guide.edit_token])).status_code == 404
    assert client.get(reverse("guides:visit_ics", args=[guide.view_token])).status_code == 404
    old = guide.view_token
    client.post(reverse("guides:share_stop", args=[guide.edit_token]), {"version": guide.version})
    assert client.get(reverse("guides:share_visit_ics", args=[old])).status_code == 404


def test_the_calendar_link_shows_only_with_a_date_and_a_time(client, guide):
    edit_url = reverse("guides:edit", args=[guide.edit_token])
    share_url = reverse("guides:share", args=[guide.view_token])
    edit_page = client.get(edit_url).content.decode()
    assert f'href="{reverse("guides:visit_ics", args=[guide.edit_token])}">Add the visit to my calendar' in edit_page
    share_page = client.get(share_url).content.decode()
    link = f'href="{reverse("guides:share_visit_ics", args=[guide.view_token])}">Add the visit to my calendar'
    assert link in share_page and share_page.index(link) < share_page.index('id="top-heading"')  # near the top

    post_visit(client, guide, appointment_time="")
    assert "Add the visit to my calendar" not in client.get(edit_url).content.decode()
    assert "Add the visit to my calendar" not in client.get(share_url).content.decode()


def test_the_service_keeps_the_visit_rules_too():
    guide = make_guide(appointment_date=date(2026, 12, 3), appointment_time=time(10, 30, 59), matters="  words  ")
    assert guide.appointment_time == time(10, 30) and guide.matters == "words"
    for bad in ({"appointment_time": time(10, 30)}, {"companion": "maybe"}, {"matters": "m" * 201}):
        with pytest.raises(GuideLimit):
            make_guide(**bad)
    assert Guide.objects.count() == 1
