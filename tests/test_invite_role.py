"""/invite reads whom the invitation is for: "lãnh đạo" at the end is the leadership chat."""

from __future__ import annotations

import pytest

from chat.handlers import invite_role
from domain.status import ChatRole


@pytest.mark.parametrize(
    ("typed", "agency", "role"),
    [
        pytest.param("Bộ Công an", "Bộ Công an", ChatRole.FOCAL, id="focal"),
        pytest.param("Bộ Công an lãnh đạo", "Bộ Công an", ChatRole.LEADERSHIP, id="leadership"),
        pytest.param("bo cong an lanh dao", "bo cong an", ChatRole.LEADERSHIP, id="no-diacritics"),
        pytest.param("BCA - Lãnh đạo", "BCA", ChatRole.LEADERSHIP, id="dash-capital"),
        pytest.param("Bộ Y tế (lãnh đạo)", "Bộ Y tế", ChatRole.LEADERSHIP, id="parenthesis"),
        pytest.param("/invite Bộ Y tế lãnh đạo", "Bộ Y tế", ChatRole.LEADERSHIP, id="command"),
        pytest.param("lãnh đạo", "", ChatRole.LEADERSHIP, id="no-agency"),
        pytest.param(
            "Ban lãnh đạo tỉnh X ủy", "Ban lãnh đạo tỉnh X ủy", ChatRole.FOCAL, id="inside"
        ),
    ],
)
def test_it_reads_the_agency_and_whom_the_invitation_is_for(
    typed: str, agency: str, role: ChatRole
) -> None:
    assert invite_role(typed) == (agency, role)
