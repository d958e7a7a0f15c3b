"""Logs never carry guide tokens: anyone reading a log line could open the guide."""

import logging
import re

_TOKEN_PATH = re.compile(r"/([gs])/[A-Za-z0-9_-]{8,}")


def redact(text: str) -> str:
    return _TOKEN_PATH.sub(r"/\1/<token>", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        # Django attaches the request to error records; formatters may print it.
        if hasattr(record, "request"):
            record.request = None
        return True
