"""The change history every kind of content keeps (django-simple-history)."""

from modeltranslation.fields import TranslationField
from simple_history.models import HistoricalRecords


class ContentHistory(HistoricalRecords):
    """History of an item's English text and settings, without the loader's fingerprints.

    modeltranslation adds each language's column (summary_en, summary_es) after the
    history's own table is defined, so those columns are not in it: the history records
    ``summary`` as the English text, and Spanish edits are not recorded (ADR 13).
    """

    def __init__(self, **kwargs):
        super().__init__(excluded_fields=["loaded_hash", "loaded_hash_es"], **kwargs)

    def fields_included(self, model):
        return [f for f in super().fields_included(model) if not isinstance(f, TranslationField)]
