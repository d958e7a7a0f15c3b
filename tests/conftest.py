import logging

import pytest

from immunoprep.knowledge import get_knowledge_base


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_weasyprint_warnings():
    """Any WeasyPrint warning fails the test: it is how an unstyled or broken PDF shows itself."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)
    assert not handler.records, [r.getMessage() for r in handler.records]


@pytest.fixture(scope="session")
def kb():
    return get_knowledge_base("en")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for name in ("default", "ratelimit", "pages"):
        caches[name].clear()
