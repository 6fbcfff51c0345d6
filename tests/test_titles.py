"""The three title limits: each has one home, and they nest as their reasons say."""

from __future__ import annotations

from sqlalchemy import String

from domain.titles import NOTICE_TITLE_MAX, STORED_TITLE_MAX, TYPED_TITLE_MAX
from notices.importer import TITLE_MAX
from storage.models import TaskRow


def test_a_made_title_is_shorter_than_a_typed_one_which_fits_the_column() -> None:
    assert NOTICE_TITLE_MAX < TYPED_TITLE_MAX < STORED_TITLE_MAX


def test_the_importer_and_the_column_take_their_limits_from_the_one_home() -> None:
    assert TITLE_MAX == NOTICE_TITLE_MAX
    column = TaskRow.__table__.c.title.type
    assert isinstance(column, String)
    assert column.length == STORED_TITLE_MAX
