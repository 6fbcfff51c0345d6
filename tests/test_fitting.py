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


def test_exactly_the_limit_is_one_message_and_one_more_character_is_two() -> None:
    line = "x" * 99
    at_limit = "\n".join([line] * 40) + "\n" + "y" * (TEXT_LIMIT - 40 * 100)
    assert len(at_limit) == TEXT_LIMIT
    assert fit(at_limit) == [at_limit]
    over = at_limit + "y"
    parts = fit(over)
    assert len(parts) == 2
    # Split where a line ends: the parts are the lines, in order, none broken.
    assert "\n".join(parts) == over
    assert parts[0].split("\n")[-1] == line


def test_every_part_is_whole_lines_of_the_text_in_their_order() -> None:
    lines = [f"{i}. {'việc ' * (i % 37)}" for i in range(900)]
    html = "\n".join(lines)
    parts = fit(html)
    assert len(parts) > 1
    assert all(len(p) <= TEXT_LIMIT for p in parts)
    assert [line for p in parts for line in p.split("\n")] == lines


def test_the_length_that_counts_is_the_escaped_one() -> None:
    # 3,000 characters typed, 5,000 once escaped: two messages, no entity cut in two.
    typed = "\n".join(["& < > & " * 5 + "x" * 35] * 40)
    assert len(typed) <= TEXT_LIMIT < len(escape(typed))
    parts = fit(escape(typed))
    assert len(parts) == 2
    assert all(len(p) <= TEXT_LIMIT for p in parts)
    assert "\n".join(parts) == escape(typed)


def test_a_single_overlong_line_is_cut_once_with_an_ellipsis_and_nothing_else_is_lost() -> None:
    html = "đầu\n" + "z" * 6000 + "\ncuối"
    parts = fit(html)
    assert all(len(p) <= TEXT_LIMIT for p in parts)
    lines = [line for p in parts for line in p.split("\n")]
    assert lines[0] == "đầu"
    assert lines[-1] == "cuối"
    [cut] = [line for line in lines if line.startswith("z")]
    assert cut.endswith(ELLIPSIS)
    assert set(cut[:-1]) == {"z"}


def test_a_caption_of_exactly_its_limit_stays_whole_and_a_longer_one_is_split() -> None:
    caption = "\n".join(["c" * 99] * 10) + "\n" + "d" * (CAPTION_LIMIT - 1000)
    assert len(caption) == CAPTION_LIMIT
    assert fit(caption, CAPTION_LIMIT) == [caption]
    longer = caption + "\n" + "e" * 50
    parts = fit(longer, CAPTION_LIMIT)
    assert len(parts) == 2
    assert all(len(p) <= CAPTION_LIMIT for p in parts)
    assert "\n".join(parts) == longer
