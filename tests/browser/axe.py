"""axe-core (bundled with axe-playwright-python, offline) with WCAG 2.2 AA, target-size and
enhanced (7:1) text contrast on."""

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()
OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # Text contrast at least 7:1 (WCAG 2.2 AAA, 1.4.6): many of our readers are older.
    "rules": {"target-size": {"enabled": True}, "color-contrast-enhanced": {"enabled": True}},
    "resultTypes": ["violations"],
}


def assert_accessible(page, where: str) -> None:
    results = _AXE.run(page, options=OPTIONS)
    violations = [
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
    ]
    assert not violations, f"{where}: " + "; ".join(violations)
