"""CSV downloads that a spreadsheet cannot be tricked into running.

Excel, LibreOffice and Google Sheets read a cell that starts with =, +, -, @, a tab
or a carriage return as a formula, so text an agency or a person typed (a tracker
explanation, a bookmark note) could run ``=HYPERLINK(...)`` or worse on the reader's
machine. Every CSV the site writes goes through these writers, which follow OWASP's
advice: such a cell starts with a single quote, which spreadsheets show as text.
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a leading quote when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer, with every cell neutralised."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])


class SafeDictWriter(csv.DictWriter):
    """csv.DictWriter, with every cell neutralised."""

    def writerow(self, rowdict):
        return super().writerow({key: neutralise(value) for key, value in rowdict.items()})


def csv_response(filename: str) -> HttpResponse:
    """An empty CSV download named `filename`, for a writer to fill."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
