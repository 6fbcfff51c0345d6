"""A letter's addressees: the "Kính gửi:" line and the names listed under it, who the letter
goes to, no task of their own."""

from __future__ import annotations

import re

# A letter's addressees ("Kính gửi: Bộ Y tế."): who the letter goes to, no task of its own.
_ADDRESSED_TO = re.compile(r"^(?:Đồng )?[Kk]ính gửi\s*:")


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
