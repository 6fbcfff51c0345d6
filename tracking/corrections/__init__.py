"""Corrections: a focal point withdrawing their own report (↩️ Hoàn tác), the office
reopening, editing or withdrawing a task, progress notes, and the office confirming or
returning reported completions (``CONFIRM_DONE``).

Every change is one transaction with its history event (actor, time, old → new values) and
the messages it sends (through the outbox); a refused change raises before anything is
written, or rolls back.

The use cases are :class:`Corrections`, composed of one part per audience: focal points
(``focal``), the office (``office``, ``edit``), over the shared core (``base``).
"""

from __future__ import annotations

from domain.errors import ChangeRefused, UnknownAgency
from tracking.corrections.base import FOLLOWUP_FIELD, UNDOABLE, ClosedPeriod, Correction, Who
from tracking.corrections.edit import EDIT_FIELDS, Editing
from tracking.corrections.focal import FocalCorrections
from tracking.corrections.office import OfficeCorrections


class Corrections(FocalCorrections, OfficeCorrections, Editing):
    """The corrections use cases."""


__all__ = [
    "EDIT_FIELDS",
    "FOLLOWUP_FIELD",
    "UNDOABLE",
    "ChangeRefused",
    "ClosedPeriod",
    "Correction",
    "Corrections",
    "UnknownAgency",
    "Who",
]
