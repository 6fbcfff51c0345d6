"""A letter's addressees: the "Kính gửi:" line and the names listed under it, who the letter
goes to, no task of their own — and, when it names one body only, the body an item naming
no one is for."""

from __future__ import annotations

import re

from domain.agencies import AgencyRegistry

_KINH_GUI = r"(?:Đồng )?[Kk]ính gửi\s*:"
# A letter's addressees ("Kính gửi: Bộ Y tế."), at a paragraph's start.
_ADDRESSED_TO = re.compile(rf"^{_KINH_GUI}")
# "Kính gửi: Bộ Tư pháp." on its line, or "Kính gửi:" and the addressees' bullets below it,
# in the whole text.
_ADDRESSED = re.compile(
    rf"^[ \t]*{_KINH_GUI}(?P<to>[^\n]*(?:\n(?:[ \t]*\n)*[ \t]*[-+•][^\n]*)*)", re.M
)
# Nothing but punctuation, or the title of the one who heads the body ("Kính gửi: Tổng
# Thanh tra Chính phủ.", "Kính gửi: Bộ trưởng Bộ Y tế.").
_ONLY_PUNCTUATION = re.compile(
    r"[\s\-+•.,;:|]*(?:(?:[Đđ]ồng chí )?(?:Bộ trưởng|Chủ tịch|Thống đốc|Tổng|Giám đốc)\s*)?"
    r"[\s\-+•.,;:|]*"
)


def sole_addressee(text: str, registry: AgencyRegistry) -> str | None:
    """The one agency a letter is addressed to, when its "Kính gửi" names exactly one."""
    found = _ADDRESSED.search(text)
    if found is None:
        return None
    to = found.group("to")
    mentions = registry.mentions(to)
    if len(mentions) != 1 or mentions[0].agency_id is None:
        return None
    rest = to[: mentions[0].start] + to[mentions[0].end :]
    return mentions[0].agency_id if _ONLY_PUNCTUATION.fullmatch(rest) else None


def _only_names(flat: str) -> bool:
    """Bullets that each only name a body ("- Bộ Giao thông vận tải; - Ủy ban nhân dân tỉnh
    Khánh Hòa."), as a letter lists its addressees: no sentence, no colon; or one named list
    ("- Các Bộ: Công an, Tư pháp, Nông nghiệp và Môi trường;"), each name capitalised."""
    for piece in re.split(r"[;\n]", flat.strip()):
        piece = piece.strip().lstrip("-+• ")
        parts = [p.strip() for p in re.split(r"\s[-+•]\s", piece)]
        if piece and not _names_only(piece) and not all(_names_only(p) for p in parts if p):
            return False
    return True


def _names_only(piece: str) -> bool:
    listed = _NAMED_LIST.fullmatch(piece)
    if listed is not None:
        return all(n[:1].isupper() for n in re.split(r",\s*|\s+và\s+", listed.group(1)))
    return ":" not in piece and len(piece) <= 100 and "," not in piece


_NAMED_LIST = re.compile(
    r"(?:[-+•]\s*)?(?:(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+)?[Cc]ác [^\W\d_][^:;.]{0,40}:"
    r"\s*([^:;.]{1,400})[;.]?"
)
