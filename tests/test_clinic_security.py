"""Safe in front of patients: logos carry nothing but the picture, every printed change is on
record for superusers, and a clinic's download counter counts guides, not fetches."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from immunoprep.clinics.models import ClinicChange, ClinicQuestion
from tests.clinic_factories import clinic_change_form, make_clinic, make_staff

pytestmark = pytest.mark.django_db


def _change_url(clinic):
    return f"/admin/clinics/clinic/{clinic.pk}/change/"


def _jpeg_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (45.0, 30.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (73.0, 34.0, 5.0)
    out = io.BytesIO()
    Image.new("RGB", (60, 30), "teal").save(out, "JPEG", exif=exif, comment=b"taken at home")
    return out.getvalue()


def _png_declaring(width, height):
    """A PNG of a few dozen bytes whose header claims width x height pixels: a decompression bomb."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_logo_is_stored_without_exif_or_gps(client):
    clinic = make_clinic("alpha")
    client.force_login(make_staff("nurse", clinic))
    photo = _jpeg_with_gps()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test's own premise
    upload = SimpleUploadedFile("logo.jpg", photo, "image/jpeg")
    response = client.post(_change_url(clinic), clinic_change_form(clinic, logo_upload=upload))
    assert response.status_code == 302
    clinic.refresh_from_db()
    stored = bytes(clinic.logo)
    assert b"Exif" not in stored and b"taken at home" not in stored
    with Image.open(io.BytesIO(stored)) as logo:
        assert (logo.format, logo.size, dict(logo.getexif())) == ("JPEG", (60, 30), {})
    assert clinic.logo_type == "image/jpeg"


@pytest.mark.parametrize("size", [(30000, 30000), (2001, 10)], ids=["bomb", "one-pixel-too-wide"])
def test_oversized_logo_is_refused_before_decoding(admin_client, size):
    clinic = make_clinic("alpha")
    upload = SimpleUploadedFile("logo.png", _png_declaring(*size), "image/png")
    response = admin_client.post(_change_url(clinic), clinic_change_form(clinic, logo_upload=upload))
    assert response.status_code == 200
    assert "The logo can be at most 2000 × 2000 pixels." in response.content.decode()
    clinic.refresh_from_db()
    assert not clinic.logo


def test_staff_phone_change_is_recorded_with_old_and_new_value(client):
    clinic = make_clinic("alpha")
    nurse = make_staff("nurse", clinic)
    client.force_login(nurse)
    response = client.post(_change_url(clinic), clinic_change_form(clinic, phone_daytime="555-0123"))
    assert response.status_code == 302
    change = ClinicChange.objects.get()
    assert (change.clinic, change.clinic_name, change.user, change.username) == (clinic, "Clinic ALPHA", nurse, "nurse")
    assert (change.field, change.old_value, change.new_value) == ("daytime phone", "555-0001", "555-0123")


def test_logo_change_is_recorded_without_the_image(admin_client):
    clinic = make_clinic("alpha")
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(png, "PNG")
    upload = SimpleUploadedFile("logo.png", png.getvalue(), "image/png")
    admin_client.post(_change_url(clinic), clinic_change_form(clinic, logo_upload=upload))
    admin_client.post(_change_url(clinic), clinic_change_form(clinic, remove_logo="on"))
    changes = ClinicChange.objects.order_by("pk").values_list("field", "old_value", "new_value")
    assert list(changes) == [("logo", "", "logo changed"), ("logo", "", "logo removed")]


def test_clinic_question_edit_add_and_delete_are_recorded(client):
    clinic = make_clinic("alpha")
    kept = ClinicQuestion.objects.create(clinic=clinic, position=1, text="Who do I call at night?")
    dropped = ClinicQuestion.objects.create(
        clinic=clinic, position=2, text="Can I bring someone?", caregiver_text="Can I come along?"
    )
    client.force_login(make_staff("nurse", clinic))
    form = clinic_change_form(clinic, **{"questions-TOTAL_FORMS": "3", "questions-INITIAL_FORMS": "2"})
    for i, (question, text) in enumerate([(kept, "Who do I call at night or at weekends?"), (dropped, dropped.text)]):
        form |= {f"questions-{i}-id": question.pk, f"questions-{i}-clinic": clinic.pk}
        form |= {f"questions-{i}-text": text, f"questions-{i}-caregiver_text": question.caregiver_text}
        form |= {f"questions-{i}-position": question.position}
    form |= {"questions-1-DELETE": "on", "questions-2-text": "Is there parking?", "questions-2-position": "3"}
    assert client.post(_change_url(clinic), form).status_code == 302
    added = ClinicQuestion.objects.get(text="Is there parking?")
    changes = set(ClinicChange.objects.values_list("field", "old_value", "new_value"))
    assert changes == {
        (f"question {kept.pk}", "Who do I call at night?", "Who do I call at night or at weekends?"),
        (f"question {dropped.pk} (deleted)", "Can I bring someone?", ""),
        (f"question {dropped.pk}, caregiver's version (deleted)", "Can I come along?", ""),
        (f"question {added.pk} (added)", "", "Is there parking?"),
    }


def test_only_superusers_see_the_audit_trail(client, admin_client):
    clinic = make_clinic("alpha")
    admin_client.post(_change_url(clinic), clinic_change_form(clinic, name="Alpha Cancer Care"))
    client.force_login(make_staff("nurse", clinic))
    assert client.get("/admin/clinics/clinicchange/").status_code == 403
    assert "clinicchange" not in client.get("/admin/").content.decode()
    listing = admin_client.get("/admin/clinics/clinicchange/")
    assert listing.status_code == 200 and "Alpha Cancer Care" in listing.content.decode()
    assert admin_client.get("/admin/clinics/clinicchange/add/").status_code == 403


def test_a_download_counts_once_per_guide(client):
    clinic = make_clinic("alpha")
    counted = [clinic.count_first_download(guide_id) for guide_id in (7, 7, 8, 7)]
    assert counted == [True, False, True, False]
    clinic.refresh_from_db()
    assert clinic.pdfs_downloaded == 2
