"""Every interface string has its Spanish: the committed .po is complete, with nothing fuzzy,
and no string in the code or templates is missing from it."""

import re
import shutil
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/es/LC_MESSAGES/django.po"


def problems(po_text: str) -> list[str]:
    found = []
    for entry in po_text.split("\n\n")[1:]:  # the header comes first
        msgid = re.search(r'^msgid "(.*)"', entry, re.M)
        if "#, fuzzy" in entry:
            found.append(f"fuzzy: {msgid.group(1) if msgid else entry[:60]}")
        for _untranslated in re.finditer(r'^msgstr(?:\[\d\])? ""\n(?!")', entry + "\n", re.M):
            found.append(f"untranslated: {msgid.group(1) if msgid else entry[:60]}")
    return found


def test_the_spanish_po_is_complete_and_nothing_is_fuzzy():
    assert not problems(PO.read_text(encoding="utf-8"))


def test_no_interface_string_is_missing_from_the_po(tmp_path, monkeypatch):
    # makemessages writes into ./locale, so it runs on a copy of the code and the .po.
    for folder in ("immunoprep", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.toml"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["es"], verbosity=0)
    assert not problems((tmp_path / PO.relative_to(ROOT)).read_text(encoding="utf-8"))
