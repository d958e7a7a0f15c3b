"""Tokens never reach the logs, even when a guide page fails."""

import logging

from immunoprep.log_filters import RedactTokens, redact


def test_redact_replaces_edit_and_view_tokens():
    line = "Internal Server Error: /g/AbCdEfGhIjKlMnOpQrStUvWx12/guide.pdf and /s/zzzzzzzzzzzzzzzzzzzzzzzz/"
    assert redact(line) == "Internal Server Error: /g/<token>/guide.pdf and /s/<token>/"


def test_filter_rewrites_the_record_and_drops_the_request():
    args = ("/g/SECRETSECRETSECRET123/",)
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Error: %s", args, None)
    record.request = object()
    assert RedactTokens().filter(record)
    assert "SECRET" not in record.getMessage()
    assert record.request is None
