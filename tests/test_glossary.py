"""The glossary of ``docs/ui-language.md`` word by word, over every rendered template.

``test_catalogue.py`` renders each template with realistic data; this reads what it
renders for each word the convention says to avoid, and for the wordings once seen in the
chat ("47 mở", "cần chú ý", "bản nhập", "Nút này đã cũ", "không có thời hạn"), so none of
them comes back. The office's own name stands for it towards focal points: "quản trị
viên" is only for the admins' own help.
"""

from __future__ import annotations

import re

import pytest

from chat import command_messages, input_messages, messages
from tests.test_catalogue import _all

#: What the convention says to avoid, as patterns (the concept it stands for).
AVOID = {
    "chat này": r"[Cc]hat này",  # a focal point is anh/chị, a group nhóm này
    "đang mở / N mở": r"[Đđ]ang mở|\b\d+ mở\b|nhiệm vụ mở\b",  # chưa hoàn thành
    "cần chú ý": r"[Cc]ần chú ý",  # quá hạn
    "trễ hạn": r"[Tt]rễ hạn",  # quá hạn
    "hạn hôm nay": r"(?<![Đđ]ến )[Hh]ạn hôm nay",  # đến hạn hôm nay
    "nhắc hạn": r"[Nn]hắc hạn",  # tin nhắc việc
    "Xong": r"\bXong\b",  # ✅ Hoàn thành
    "mã mời": r"[Mm]ã mời",  # đường dẫn đăng ký
    "không ghi/không có thời hạn": r"[Kk]hông ghi thời hạn|[Kk]hông có thời hạn(?! cụ thể)",
    "bản nhập": r"[Bb]ản nhập",  # bản xem trước, thông báo
    "Nút này đã cũ": r"đã cũ",  # Nút này không còn hiệu lực
    "«»": r"[«»]",  # “…”
    "Hãy": r"\b[Hh]ãy\b",  # Đề nghị anh/chị …, Vui lòng …
}


@pytest.mark.parametrize(("name", "text"), _all())
def test_no_template_uses_a_word_the_glossary_avoids(name: str, text: str) -> None:
    for concept, pattern in AVOID.items():
        found = re.search(pattern, text)
        assert found is None, (name, concept, text[max(0, found.start() - 60) : found.end() + 60])


def test_the_avoided_words_are_caught() -> None:
    """Each pattern catches the wording that was seen, and leaves the right one alone."""
    seen = {
        "chat này": "Chat này đã trở thành đầu mối",
        "đang mở / N mở": "Bộ Công an: 47 mở, 3 quá hạn",
        "cần chú ý": "5 nhiệm vụ cần chú ý",
        "hạn hôm nay": "⏰ #2 · hạn hôm nay",
        "không ghi/không có thời hạn": "3 có thời hạn, 1 không có thời hạn ⚠️",
        "Nút này đã cũ": "Nút này đã cũ.",
        "Hãy": "Hãy gửi lại.",
        "nhắc hạn": "🔔 Nhắc hạn nhiệm vụ",
    }
    for concept, text in seen.items():
        assert re.search(AVOID[concept], text), concept
    right = [
        "4 chưa hoàn thành",
        "⏰ #2 · đến hạn hôm nay",
        "không có thời hạn cụ thể",
        "3 có thời hạn, 1 chưa xác định thời hạn ⚠️",
        "Đã mở lại nhiệm vụ #12",
        "Nút này không còn hiệu lực.",
    ]
    for text in right:
        assert all(re.search(p, text) is None for p in AVOID.values()), text


def test_the_menus_use_the_glossary() -> None:
    for command, description in command_messages.MENU + command_messages.ADMIN_MENU:
        for concept, pattern in AVOID.items():
            assert re.search(pattern, description) is None, (command, concept)


def test_focal_points_are_told_the_office_by_its_name_not_admins() -> None:
    office = "Vụ Tổng hợp – VPCP"
    focal = messages.help_text(
        is_admin=False,
        agency="Bộ Công an",
        office=office,
        focal_extra=input_messages.alias_help(is_admin=False),
    )
    assert "quản trị viên" not in focal
    assert office in focal
    bound = input_messages.free_text(agency="Bộ Công an", is_admin=False, office=office)
    assert "quản trị viên" not in bound
    for text in (
        messages.not_admin(office),
        messages.not_bound(office),
        messages.start_without_token(office),
        input_messages.free_text(agency=None, is_admin=False, office=office),
    ):
        assert "quản trị viên" not in text, text
        assert office in text, text
