"""Use cases over storage: :class:`Tracker`, composed of one part per audience (imports:
``tracking.intake``; admins: ``tracking.admin``; a chat joining: ``tracking.joining``; focal
points' reports: ``tracking.replies``; queries: ``tracking.queries``) over the shared core
(``tracking.core``). Every method reads the clock's ``now`` from its caller once and runs in
one transaction; the chat surface and the command line call these and nothing below.
"""

from __future__ import annotations

from domain.errors import UnknownAgency
from tracking.admin import AdminActions
from tracking.core import SYSTEM, Actor, NewTask, ReplyNotices
from tracking.intake import Intake
from tracking.joining import Joining
from tracking.queries import Queries
from tracking.replies import FocalReplies


class Tracker(Intake, AdminActions, Joining, FocalReplies, Queries):
    """The product's use cases."""


__all__ = ["SYSTEM", "Actor", "NewTask", "ReplyNotices", "Tracker", "UnknownAgency"]
