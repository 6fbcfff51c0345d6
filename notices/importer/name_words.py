"""How far a body's name runs: its capitalised words, the lowercase syllables they bring,
the joiners between its halves, and the names of the sectors ministries and departments are
named after, taken whole ("Sở Giao thông vận tải", "Sở Nông nghiệp và Phát triển nông
thôn", "Sở Văn hóa, Thể thao và Du lịch"), whose lowercase words and commas the word rule
alone would cut."""

from __future__ import annotations

import re

_DASH = r" ?[-–] ?"
_HOA = r"(?:hóa|hoá)"
# The sectors whose names the word rule below would cut: several lowercase words after a
# capitalised one, a comma or a dash inside. Old names as well as today's: notices of
# earlier years, and departments not yet renamed, still write them.
_SECTOR = re.compile(
    r"(?i:giao thông(?: vận tải|" + _DASH + r"vận tải| công chính)"
    r"|nông nghiệp và phát triển nông thôn"
    rf"|văn {_HOA}(?:,|{_DASH}) thể thao(?: và du lịch)?"
    rf"|lao động(?:,|{_DASH}) thương binh và xã hội"
    rf"|quy hoạch{_DASH}kiến trúc"
    r"|thông tin và truyền thông|tài nguyên và môi trường|kế hoạch và đầu tư"
    r"|giáo dục và đào tạo|khoa học và công nghệ|dân tộc và tôn giáo"
    rf"|nông nghiệp và môi trường|văn {_HOA} và thể thao)(?!\w)"
)
# "GD&ĐT", "KH&CN": an abbreviation joined by "&" is one word.
_WORD = re.compile(r"[^\W\d_][\w\-]*(?:&[^\W\d_][\w\-]*)*")
# "Sở Quy hoạch - Kiến trúc": halves joined by a dash (not a role: "… Hà - Trưởng ban").
# Nor a title after "và": "Sở Công Thương và Thủ trưởng các đơn vị …" names two.
_NAME_JOINER = re.compile(
    r" (?:và (?!(?:Thủ trưởng|Giám đốc|Chủ tịch|Bộ trưởng|Lãnh đạo)\b)"
    r"|[-–] (?!(?:Trưởng|Phó|Chủ|Bí|Giám|Thứ|Tổng|Ủy viên)\b))?"
)
# Capitalised words after "Bộ " that are not a ministry: the Politburo, an index, a code.
_NOT_A_BODY = frozenset({"chính", "chỉ", "tiêu", "luật", "đội", "trưởng", "quy", "tư", "nguyên"})
_DESIGNATOR_WORDS = frozenset({"Bộ", "Sở", "Ủy", "Uỷ", "UBND", "Ban", "Tập", "Tổng"})
# Second syllables of the words that make up Vietnamese agency names ("Tư pháp", "Tài
# chính"): one of them is taken even when another lowercase word follows it.
_SECOND_SYLLABLES = frozenset(
    {
        "pháp", "chính", "vụ", "dựng", "tế", "học", "hoạch", "dục", "tạo", "nghiệp", "trường",
        "thông", "tư", "thương", "hóa", "thao", "lịch", "ngoại", "giao", "an", "phòng", "nghệ",
        "tộc", "giáo", "binh", "xã", "hội", "thổ", "sản", "lợi", "lý", "tra", "cứu", "trị",
        "nước", "gia",
    }
)  # fmt: skip


def _following_word(flat: str, position: int) -> re.Match[str] | None:
    return _WORD.match(flat, position + 1) if flat[position : position + 1] == " " else None


def _name_words(flat: str, position: int) -> int:
    """The end of the capitalised words of a name from ``position``: a sector's name is
    taken whole ("Giao thông vận tải"); otherwise each capitalised word may bring one
    lowercase word ("Khoa học", "Tư pháp"); "và" joins two capitalised ones; another
    designator ("Sở …", "Bộ …") starts another name."""
    end = position
    while True:
        word = _WORD.match(flat, position)
        if word is None or not word.group(0)[0].isupper():
            return end
        sector = _SECTOR.match(flat, position)
        if sector is not None:
            end = position = sector.end()
        else:
            end = position = word.end()
        follower = None if sector else _following_word(flat, position)
        if follower and follower.group(0)[0].islower() and follower.group(0) != "và":
            after = _following_word(flat, follower.end())
            stops_after = after is None or not after.group(0)[0].islower() or after.group(0) == "và"
            if stops_after or follower.group(0) in _SECOND_SYLLABLES:
                end = position = follower.end()
        joiner = _NAME_JOINER.match(flat, position)
        if joiner is None:
            return end
        following = _WORD.match(flat, joiner.end())
        if following is None or not following.group(0)[0].isupper():
            return end
        if following.group(0) in _DESIGNATOR_WORDS:
            return end
        position = joiner.end()
