"""Backups: taken while the site runs, restored, and every guide is back (SQLite here, and
PostgreSQL in `make test-postgres`)."""

import pytest
from django.core.management import call_command

from immunoprep.guides.models import Guide, GuideQuestion
from tests.factories import make_guide

pytestmark = pytest.mark.django_db(transaction=True)


def test_back_up_delete_restore_and_every_guide_is_back(tmp_path):
    guides = [make_guide(), make_guide(cancer="myeloma", therapies=("car-t",), role="caregiver")]
    Guide.objects.filter(pk=guides[0].pk).update(note="Bring the pill list")
    tokens = sorted(g.edit_token for g in guides)
    questions = GuideQuestion.objects.count()
    backup = tmp_path / "immunoprep.backup"

    call_command("backup_db", backup)
    Guide.objects.all().delete()
    assert not Guide.objects.exists()
    call_command("backup_db", backup, "--restore")

    assert sorted(Guide.objects.values_list("edit_token", flat=True)) == tokens
    assert Guide.objects.get(pk=guides[0].pk).note == "Bring the pill list"
    assert GuideQuestion.objects.count() == questions
