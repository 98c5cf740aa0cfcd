"""The one error a reader raises: the input cannot be read as an annual report (exit status 2)."""


class ReportParseError(Exception):
    """Raised with a Chinese message that says what is missing or wrong, and where."""
