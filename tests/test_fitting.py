"""Every outgoing text fits Telegram's limits after escaping, split on line boundaries."""

from __future__ import annotations

import re
from html import escape

from chat.fitting import CAPTION_LIMIT, ELLIPSIS, TEXT_LIMIT, fit, shorten


def balanced(html: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z-]+)[^>]*>", html):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_a_short_text_is_left_alone() -> None:
    assert fit("<b>xin chào</b>") == ["<b>xin chào</b>"]


def test_a_note_of_ampersands_is_cut_with_an_ellipsis_after_escaping() -> None:
    html = "<b>#1</b> Bộ Công an báo hoàn thành\nGhi chú: " + escape("&" * 1000) * 2
    [part] = fit(html)
    assert len(part) <= TEXT_LIMIT
    assert part.endswith(ELLIPSIS)
    assert "&amp;&" not in part.replace("&amp;", "")  # never cut inside an entity
    assert balanced(part)


def test_a_long_history_is_split_on_lines_with_tags_reopened() -> None:
    lines = [f"• 0{i % 9 + 1}/12/2026 — Báo chậm (Lan): chờ số liệu {'x' * 80}" for i in range(120)]
    html = "<b>#7 Nhiệm vụ</b>\n<blockquote>" + "\n".join(lines) + "</blockquote>\nHết."
    parts = fit(html)
    assert len(parts) > 1
    assert all(len(p) <= TEXT_LIMIT and balanced(p) for p in parts)
    joined = "\n".join(re.sub(r"</?blockquote>", "", p) for p in parts)
    assert all(line in joined for line in lines)


def test_one_overlong_line_inside_tags_keeps_its_tags() -> None:
    html = "<i>" + "a" * 5000 + "</i>"
    [part] = fit(html)
    assert len(part) <= TEXT_LIMIT
    assert part.startswith("<i>")
    assert part.endswith(f"{ELLIPSIS}</i>")


def test_captions_have_their_own_limit_and_shorten_keeps_one_message() -> None:
    html = "\n".join(f"dòng {i}" for i in range(600))
    assert all(len(p) <= CAPTION_LIMIT for p in fit(html, CAPTION_LIMIT))
    one = shorten(html)
    assert len(one) <= TEXT_LIMIT
    assert one.endswith(ELLIPSIS)
