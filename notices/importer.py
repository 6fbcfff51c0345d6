"""Reading a conclusion notice (or a press article about one) into the tasks it assigns.

:func:`import_notice` is pure: text in, :class:`ParsedNotice` out. Two layouts are read.

**Formal** (a numbered notice, plan or resolution): the item markers ``A.`` ``I.`` ``1.``
``1.1.`` ``a)`` and ``-`` bullets are found at line starts (and a letter item that starts
mid-paragraph after a full stop, "… nhân rộng. d) Đẩy nhanh …"), each accepted only when it
continues its list (``1.`` then ``2.``; ``a)`` ``b)`` ``c)`` ``d)`` ``đ)`` ``e)`` ``g)`` …), so
a wrapped line that happens to begin with "5." is still text. Sections whose heading names
background ("KẾT QUẢ", "TỒN TẠI", "BÀI HỌC", "QUAN ĐIỂM", "ĐÁNH GIÁ", "MỤC ĐÍCH", "MỤC TIÊU")
give no task; sections naming tasks ("NHIỆM VỤ", "GIẢI PHÁP", "YÊU CẦU", "TỔ CHỨC THỰC
HIỆN", "KIẾN NGHỊ") do. The text after "Nơi nhận:" or the closing "Văn phòng Chính phủ …
thông báo …" is not read, so neither the recipients nor the footnotes become tasks. An item
without sub-items is one unit of work; its ref is the path of labels ("B.II.1.a", "IV.10").
A task table ("TT | Nội dung | Cơ quan chủ trì | … | Thời gian thực hiện"), as plans carry
in an appendix, gives one unit per row with ref ``PL.<n>``.

**Prose** (a press article): every blank-line-separated paragraph is numbered from 1 and a
paragraph that assigns work to an agency yields units with ref ``P<n>``. Headlines (no final
punctuation), captions and background paragraphs yield none; "Đồng thời, …", bullets and a
dated paragraph that opens with a verb right after an assigning paragraph continue its
agency.

**Who.** A unit's lead is, in order: the agency its clause opens with ("Bộ Y tế chủ trì …",
"Giao Bộ X chủ trì", "Thủ tướng yêu cầu Bộ X …", "Yêu cầu 07 Ủy ban nhân dân các tỉnh,
thành phố A, B, …"), else its item heading ("2. Bộ Thông tin và Truyền thông"), else the
nearest preamble's addressee ("Yêu cầu các bộ, ngành, địa phương …:"). Several agencies
named as joint leads: when all are provinces the lead is the provinces' group and they are
its ``members``; otherwise the first leads and the others co-operate (the curation rule of
``seeds/README.md``). Co-operating agencies are those after "phối hợp (với)", "cùng với" and
"lấy ý kiến"; groups ("các bộ, ngành liên quan") are not co-operating agencies. Names are
the registry's canonical names; a body the registry does not know keeps its written name,
is flagged ``lead_known=False`` and is listed in ``unknown_agencies``.

**When.** A unit is split into one task per separately timed obligation: a new obligation
starts at the clause boundary ("; " or a full stop) before each further timing expression
(a due date, "thường xuyên", "hằng tháng", or a schedule reference such as "theo tiến độ
được quy định tại …"), and a clause naming a different addressee ("…; Bộ Công an có trách
nhiệm …") starts a new obligation too. Urgency words ("khẩn trương", "sớm", "kịp thời") do
not split. An obligation's deadline is its first due date, else its recurrence, else its
standing duty, else kind ``none`` with the urgency wording (if any) as the phrase. A
closing "…; hoàn thành trong Quý I/2026." that follows two addressees applies to both.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from domain.agencies import AgencyKind, AgencyMention, AgencyRegistry, normalise_name
from domain.deadline import Deadline, DeadlineKind
from domain.errors import TrackerError
from notices.deadlines import normalise_text, parse_deadline, read_expressions
from notices.finder import find_deadlines

__all__ = [
    "TITLE_MAX",
    "IssueDateMissing",
    "Layout",
    "ParsedNotice",
    "ParsedTask",
    "import_notice",
    "same_task",
    "word_overlap",
]

TITLE_MAX = 80
"""The longest task title, in characters (titles are shown on phones)."""


class Layout(enum.StrEnum):
    """How a notice's tasks are laid out."""

    FORMAL = "formal"
    """Numbered sections and items (I., 1., a), …): refs are label paths like "IV.1.a"."""
    PROSE = "prose"
    """Paragraphs of running text (a press article): refs are "P<n>", the paragraph number."""


class IssueDateMissing(TrackerError):
    """Neither the text nor the caller gives the issue date every deadline is read against."""

    def __init__(self) -> None:
        super().__init__(
            "the notice's issue date was not found in its text (no 'Hà Nội, ngày … tháng … "
            "năm …' or article date line): pass it with --issued YYYY-MM-DD"
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class ParsedTask:
    """One obligation read from a notice.

    ``ref`` locates the item ("B.II.1.a"; "P12" for the 12th paragraph of an article) and
    ``seq`` numbers the separately timed obligations of one item from 1. ``lead`` is the
    registry's canonical name of the agency or group as assigned (the written name when the
    registry does not know it: ``lead_known`` is then false, or ``lead`` is empty when no
    addressee was found at all). ``text`` is the obligation's wording, whitespace-joined;
    ``title`` is a short form of it (at most :data:`TITLE_MAX` characters).
    """

    ref: str
    seq: int
    lead: str
    lead_known: bool
    members: tuple[str, ...]
    co: tuple[str, ...]
    title: str
    text: str
    deadline: Deadline


@dataclass(frozen=True, kw_only=True, slots=True)
class ParsedNotice:
    """A notice's identity and its tasks, in text order.

    ``unknown_agencies`` lists the names that look like agencies but are not in the
    registry (they are kept on the tasks as written, never dropped); ``warnings`` says what
    the importer was unsure about, one sentence each.
    """

    number: str | None
    issued: date | None
    title: str
    layout: Layout
    tasks: tuple[ParsedTask, ...]
    unknown_agencies: tuple[str, ...]
    warnings: tuple[str, ...]


# =========================================================================================
# Text preparation and the header
# =========================================================================================

_SPACES = re.compile(r"\s+")
_FOOTNOTE_REF = re.compile(r"(?<=\S)\[\d{1,2}\]")
_TABLE_BAR_LINE = re.compile(r"^[ \t]*\|[ \t]*$", re.M)


def _prepare(text: str) -> str:
    """NFC, Unix line ends, no BOM, no lines that are only a table-cell bar ("|")."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\xa0", " ").replace("\t", " ")
    return _TABLE_BAR_LINE.sub("", text)


def _flat(text: str) -> str:
    """Whitespace-joined text without footnote markers ("chưa kịp thời[1]")."""
    return _SPACES.sub(" ", _FOOTNOTE_REF.sub("", text)).strip()


_HEAD = 3000
_NUMBER = re.compile(r"\bSố\s*:\s*(\d+[\w.\-]*/[\w\-/]+)")
_ISSUED = re.compile(r"(?<=\w),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_ARTICLE_DATE = re.compile(r"\A\s*date\s+(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?!\d)")
_POSTED = re.compile(
    r"(?:Ngày đăng|(?:Giờ|Thời gian) đăng bài viết gốc)\s*:\s*(?:\d{1,2}:\d{2}\s+(?:ngày\s+)?)?"
    r"(\d{1,2})/(\d{1,2})/(\d{4})"
)
_DOC_TYPE = re.compile(
    r"^[ \t]*(THÔNG BÁO|KẾ HOẠCH|NGHỊ QUYẾT|CHỈ THỊ|CÔNG ĐIỆN|QUYẾT ĐỊNH)[ \t]*$", re.M
)


_SECTION = re.compile(r"[ \t]*(?:[IVX]{1,6}|[A-H]|\d{1,2})\.[ \t]")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read_number(text: str) -> str | None:
    match = _NUMBER.search(text, 0, _HEAD)
    return match.group(1) if match else None


def _read_issued(text: str) -> tuple[date | None, str | None]:
    """The issue date and, when it was only partly given, a warning saying how it was read."""
    match = _ISSUED.search(text, 0, _HEAD)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _safe_date(year, month, day), None
    match = _ARTICLE_DATE.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if match.group(3) is not None:
            return _safe_date(year, month, int(match.group(3))), None
        found = _safe_date(year, month, 1)
        warning = (
            f"the article is dated {year}-{month:02d} without a day; deadlines are read from "
            f"{found} (pass --issued for a precise date)"
        )
        return found, warning if found else None
    match = _POSTED.search(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _safe_date(year, month, day), None
    return None, None


def _cut_title(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–") + "…"


def _read_title(text: str, layout: Layout) -> str:
    match = _DOC_TYPE.search(text, 0, _HEAD)
    if layout is Layout.FORMAL and match:
        lines: list[str] = []
        for line in text[match.end() :].lstrip("\n").split("\n"):
            stripped = line.strip()
            if not stripped:
                if lines:
                    break
                continue
            if (
                any(c.islower() for c in stripped)
                or stripped == "CHÍNH PHỦ"
                or _SECTION.match(line)
            ):
                break
            lines.append(stripped)
        return _flat(" ".join(lines)) or match.group(1)
    first = _ARTICLE_DATE.sub("", text.lstrip(), count=1)
    for block in _BLANK_LINE.split(first):
        if block.strip():
            return _cut_title(_flat(block), 200)
    return ""


# =========================================================================================
# Finding names: registry mentions, names the registry does not know, addressee lists
# =========================================================================================


@dataclass(frozen=True, kw_only=True, slots=True)
class _Name:
    """A name found in flat text: a registry agency or group, or a body it does not know."""

    agency_id: str | None
    group_id: str | None
    written: str
    start: int
    end: int


_UNKNOWN_DESIGNATOR = re.compile(
    r"(?<!\w)(?:(?P<party>(?:Ban Thường vụ |Thường trực )?(?:Tỉnh ủy|Thành ủy|Tỉnh uỷ|Thành uỷ))"
    r"|(?P<designator>Bộ|Sở|Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+)"
    r"|(?P<council>(?:Hội đồng|Ban Quản lý|Tổ công tác|Đoàn kiểm tra)"
    r"(?: (?!của|về|và|tại|trong|để|đã|sẽ|có)[a-zà-ỹđ]+){0,5}"
    r" )(?=[A-ZĐ])"
)
_LOCAL_LEVEL = re.compile(r"(?i)(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+")
_WORD = re.compile(r"[^\W\d_][\w\-]*")
_NAME_JOINER = re.compile(r" (?:và )?")
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
        "nước",
    }
)  # fmt: skip


def _following_word(flat: str, position: int) -> re.Match[str] | None:
    return _WORD.match(flat, position + 1) if flat[position : position + 1] == " " else None


def _name_words(flat: str, position: int) -> int:
    """The end of the capitalised words of a name from ``position``: each capitalised word
    may bring one lowercase word ("Khoa học", "Tư pháp"); "và" joins two capitalised ones;
    another designator ("Sở …", "Bộ …") starts another name."""
    end = position
    while True:
        word = _WORD.match(flat, position)
        if word is None or not word.group(0)[0].isupper():
            return end
        end = position = word.end()
        follower = _following_word(flat, position)
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


def _as_mentions(names: Iterable[_Name]) -> list[AgencyMention]:
    return [
        AgencyMention(
            agency_id=n.agency_id, group_id=n.group_id, text=n.written, start=n.start, end=n.end
        )
        for n in names
        if n.agency_id is not None or n.group_id is not None
    ]


def _unknown_names(flat: str, known: Sequence[AgencyMention]) -> list[_Name]:
    """Bodies that look like agencies ("Sở Tư pháp", "Bộ Kế hoạch Đầu tư", "Thường trực
    Tỉnh ủy") and are not registry mentions. After the designator come capitalised words,
    each with at most one lowercase word, so "Sở Tư pháp tham mưu" reads as "Sở Tư pháp"."""
    covered = [(m.start, m.end) for m in known]
    found: list[_Name] = []
    for match in _UNKNOWN_DESIGNATOR.finditer(flat):
        start = match.start()
        if any(a <= start < b for a, b in covered):
            continue
        if match.group("council"):
            end = _name_words(flat, match.end())
        elif match.group("party"):
            following = _following_word(flat, match.end())
            named = following is not None and following.group(0)[0].isupper()
            end = _name_words(flat, following.start()) if following and named else match.end()
        else:
            position = match.end()
            level = _LOCAL_LEVEL.match(flat, position)
            if match.group("designator") != "Bộ" and level:
                position = level.end()
            first = _WORD.match(flat, position)
            if first is None or not first.group(0)[0].isupper():
                continue
            if match.group("designator") == "Bộ" and first.group(0).lower() in _NOT_A_BODY:
                continue
            end = _name_words(flat, position)
        if any(a < end and start < b for a, b in covered):
            continue
        found.append(
            _Name(agency_id=None, group_id=None, written=flat[start:end], start=start, end=end)
        )
    return found


# Collective addressees written with the titles of the people who head them: the bodies
# they head. Longest first; each is a group id of the registry.
_MINISTRY_HEADS = (
    r"(?:(?:[Cc]ác )?(?:đồng chí )?Bộ trưởng(?: các [Bb]ộ)?, Thủ trưởng (?:các )?cơ quan ngang [Bb]ộ"
    r"|[Cc]ác [Bb]ộ, cơ quan ngang [Bb]ộ)"
    r"(?:, (?:Thủ trưởng )?(?:các )?cơ quan (?:trực )?thuộc Chính phủ)?"
)
_PROVINCE_HEADS = (
    r"(?:(?:Bí [Tt]hư, )?Chủ tịch )?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND) các tỉnh, thành phố"
)
_TITLE_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (group_id, re.compile(pattern))
    for group_id, pattern in (
        (
            "bo-nganh-dia-phuong",
            rf"{_MINISTRY_HEADS}[,;]? (?:và )?{_PROVINCE_HEADS}(?: trực thuộc [Tt]rung ương)?",
        ),
        ("bo-nganh", _MINISTRY_HEADS),
        (
            "dia-phuong",
            r"(?:[Cc]ác )?(?:đồng chí )?Chủ tịch (?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND) các tỉnh,"
            r" thành phố trực thuộc [Tt]rung ương",
        ),
    )
)
# "Tỉnh", "Thành phố" alone (not followed by a name), or "đồng chí Chủ tịch UBND tỉnh", in a
# notice about one province: that province.
_HOME_WORD = re.compile(
    r"(?<!\w)(?:(?:đồng chí )?Chủ tịch )?(?:(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND) "
    r"(?:tỉnh|thành phố|Tỉnh|Thành phố)|Tỉnh|Thành phố)(?![ \t]*[A-ZĐ\w])"
)


def _title_names(flat: str, registry: AgencyRegistry) -> list[_Name]:
    found: list[_Name] = []
    taken: list[tuple[int, int]] = []
    for group_id, pattern in _TITLE_GROUPS:
        try:
            registry.get_group(group_id)
        except TrackerError:
            continue
        for match in pattern.finditer(flat):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            found.append(
                _Name(
                    agency_id=None,
                    group_id=group_id,
                    written=match.group(0),
                    start=match.start(),
                    end=match.end(),
                )
            )
    return found


class _Names:
    """Every name of a flat text, looked up by where it starts. ``home`` is the id of the
    one province a notice is about: "Tỉnh", "Thành phố" alone then name it."""

    def __init__(self, flat: str, registry: AgencyRegistry, home: str | None = None) -> None:
        titles = _title_names(flat, registry)
        mentions = [
            m
            for m in registry.mentions(flat)
            if not any(t.start < m.end and m.start < t.end for t in titles)
        ]
        names = [
            _Name(
                agency_id=m.agency_id, group_id=m.group_id, written=m.text, start=m.start, end=m.end
            )
            for m in mentions
        ]
        names.extend(titles)
        if home is not None:
            spans = [(n.start, n.end) for n in names]
            for match in _HOME_WORD.finditer(flat):
                if not any(a < match.end() and match.start() < b for a, b in spans):
                    names.append(
                        _Name(
                            agency_id=home,
                            group_id=None,
                            written=match.group(0),
                            start=match.start(),
                            end=match.end(),
                        )
                    )
        self.unknown = _unknown_names(flat, [*mentions, *_as_mentions(names)])
        self.all = sorted([*names, *self.unknown], key=lambda n: n.start)
        self.by_start = {name.start: name for name in self.all}
        self.spans = [(name.start, name.end) for name in self.all]

    def inside(self, position: int) -> bool:
        """Whether ``position`` falls strictly inside a name (a "; " there is no boundary)."""
        return any(start < position < end for start, end in self.spans)


_LIST_JOIN = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+")
_PLACE_WORDS = re.compile(r"(?:các\s+)?(?:tỉnh|thành phố)\s+")
_EXPLICIT_LIST = re.compile(
    r"(?:\d{1,2}\s+)?(?:(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+)?[Cc]ác\s+"
    r"(?:tỉnh|thành phố)(?:,\s*(?:thành phố|tỉnh))?\s*:?\s+"
)
# "Các Bộ, cơ quan: Tài chính, Công Thương, Y tế", "các Bộ: Xây dựng, Nội vụ": the named
# ministries (each name read with "Bộ " before it), never the whole group.
_MINISTRY_LIST = re.compile(
    r"(?:(?:đồng chí\s+)?(?:Bộ trưởng|Lãnh đạo)\s+)?[Cc]ác\s+[Bb]ộ(?:,\s*(?:cơ quan|ngành))?\s*:\s*"
)
_GENERIC_PROVINCES = re.compile(
    r"(?:(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+)?[Cc]ác\s+tỉnh,\s*thành phố"
    r"(?!\s*trực)"
)
_COMPANIES = re.compile(r"(?:các\s+)?(?:Tập đoàn|Tổng công ty)(?:,\s*(?:Tổng công ty|TCT))?\s*:\s*")
_TITLE_BEFORE_NAME = re.compile(
    r"(?:[Đđ]ồng chí\s+)?(?:Bộ trưởng|Thủ trưởng|Chủ tịch|Giám đốc|Tổng Giám đốc|Thống đốc"
    r"|Tổng Kiểm toán Nhà nước)\s+(?=[^\W\d_])"
)
# What may follow a subject; these words instead make the names an object or a topic.
# "đã" is a report ("Bộ Xây dựng đã chủ động …") unless a duty follows ("… đã có dữ liệu …
# có trách nhiệm cập nhật").
_NOT_AFTER_SUBJECT = re.compile(
    r"\s*(?:là|của|đang|được|cho biết|về|tại|trong|thuộc|với|nêu(?! gương)|do|gồm|bao gồm|vừa|chưa"
    r"|báo cáo tại|phát biểu|có (?!trách nhiệm)|đã(?!.{0,160}(?:có trách nhiệm|phải|cần)))(?!\w)"
)


def _name_from(position: int, limit: int, names: _Names) -> _Name | None:
    """The name starting at ``position``, or one that starts before it (not before
    ``limit``) and runs past it: "các tỉnh Bắc Ninh" where the registry's name is "tỉnh Bắc
    Ninh"."""
    name = names.by_start.get(position)
    if name is not None:
        return name
    for start in range(position - 1, limit - 1, -1):
        name = names.by_start.get(start)
        if name is not None and name.end > position:
            return name
    return None


def _name_list(flat: str, position: int, names: _Names) -> tuple[list[_Name], int]:
    """The names written one after another from ``position`` ("Bộ Công an, Bộ Thông tin và
    Truyền thông", "Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai") and where they end."""
    found: list[_Name] = []
    title = _TITLE_BEFORE_NAME.match(flat, position)
    if title and title.end() in names.by_start:
        position = title.end()
    name = names.by_start.get(position)
    while name is not None:
        found.append(name)
        position = name.end
        join = _LIST_JOIN.match(flat, position)
        if join is None:
            break
        name = names.by_start.get(join.end())
        place = _PLACE_WORDS.match(flat, join.end())
        if name is None and place is not None:
            name = _name_from(place.end(), join.end(), names)
    return found, position


@dataclass(frozen=True, kw_only=True, slots=True)
class _Assignee:
    """Who an obligation is addressed to, as names ready for a :class:`ParsedTask`."""

    lead: str
    lead_known: bool
    lead_key: str
    members: tuple[str, ...] = ()
    co: tuple[str, ...] = ()


class _Namer:
    """Turns names found in text into canonical names (with the registry)."""

    def __init__(self, registry: AgencyRegistry) -> None:
        self.registry = registry
        self.provinces = next(
            (g for g in registry.groups() if tuple(g.kinds) == (AgencyKind.PROVINCE,)), None
        )

    def canonical(self, name: _Name) -> str:
        if name.agency_id is not None:
            return self.registry.get(name.agency_id).name
        if name.group_id is not None:
            return self.registry.get_group(name.group_id).name
        return name.written

    @staticmethod
    def key(name: _Name) -> str:
        return name.agency_id or name.group_id or "?" + normalise_name(name.written)

    def is_province(self, name: _Name) -> bool:
        return (
            name.agency_id is not None
            and self.registry.get(name.agency_id).kind is AgencyKind.PROVINCE
        )

    def assignee(self, names: Sequence[_Name], *, listed: bool = False) -> _Assignee:
        """Joint names: provinces become their group with members; otherwise the first
        leads and the other agencies co-operate (groups among them are dropped)."""
        joint = listed or len(names) > 1
        if self.provinces is not None and joint and all(map(self.is_province, names)):
            return _Assignee(
                lead=self.provinces.name,
                lead_known=True,
                lead_key=self.provinces.id,
                members=tuple(dict.fromkeys(self.canonical(n) for n in names)),
            )
        first = names[0]
        co = tuple(dict.fromkeys(self.canonical(n) for n in names[1:] if n.group_id is None))
        return _Assignee(
            lead=self.canonical(first),
            lead_known=first.agency_id is not None or first.group_id is not None,
            lead_key=self.key(first),
            co=tuple(c for c in co if c != self.canonical(first)),
        )

    def listed(self, names: Sequence[_Name]) -> _Assignee:
        """A named list of agencies: the smallest registry group holding them all, with them
        as its members (provinces as the provinces' group)."""
        if all(map(self.is_province, names)):
            return self.assignee(names, listed=True)
        kinds = {self.registry.get(n.agency_id).kind for n in names if n.agency_id is not None}
        fitting = [g for g in self.registry.groups() if kinds <= set(g.kinds)]
        if not fitting or any(n.agency_id is None for n in names):
            return self.assignee(names)
        group = min(fitting, key=lambda g: len(g.kinds))
        return _Assignee(
            lead=group.name,
            lead_known=True,
            lead_key=group.id,
            members=tuple(dict.fromkeys(self.canonical(n) for n in names)),
        )

    def written(self, text: str) -> _Assignee:
        """A lead given only as text ("Sở Tư pháp." in "Đơn vị chủ trì: Sở Tư pháp.")."""
        text = text.strip().rstrip(".;:,")
        agency = self.registry.find(text)
        if agency is not None:
            return _Assignee(lead=agency.name, lead_known=True, lead_key=agency.id)
        group = self.registry.resolve_group(text)
        if group is not None:
            return _Assignee(lead=group.name, lead_known=True, lead_key=group.id)
        return _Assignee(lead=text, lead_known=False, lead_key="?" + normalise_name(text))


# Phrases that may come before the addressee at the start of a clause, and that are not
# part of what must be done.
_LEADING_PHRASE = (
    r"(?:(?:Đồng thời|Cùng với đó|Bên cạnh đó|Cụ thể|Trong đó|Theo đó|Theo Kế hoạch|Ngoài ra"
    r"|Trước mắt)\s*,\s*"
    r"|Về [^,;.:]{1,120}?\s*[,:]\s*"
    r"|(?:Trước|Đến|Chậm nhất|Từ) ngày [\d/]+(?: tháng \d{1,2} năm \d{4})?\s*,\s*"
    r"|(?:Thủ tướng|Phó Thủ tướng)(?: Chính phủ)?[^,.;:]{0,60}?\s(?:giao|yêu cầu|đề nghị|chỉ đạo"
    r"|chỉ thị)(?: cho)?\s+(?:đồng chí\s+)?"
    r"|(?:Thủ tướng|Phó Thủ tướng)(?: Chính phủ)?[^,.;:]{0,60}?\s(?:chỉ rõ|lưu ý|nhấn mạnh)\s*[,:]\s*"
    r"|Đối với\s+"
    r"|\((?:\d{1,2}|[ivx]{1,5})\)\s*"
    r"|Để [^,;.:]{1,150}?,\s*)"
)
_ASSIGN_VERB = (
    r"(?:Giao|Yêu cầu|Đề nghị|giao|yêu cầu|đề nghị)(?: cho)?\s+(?:đồng chí\s+)?(?:từng\s+|mỗi\s+)?"
)
_INTRO = re.compile(rf"{_LEADING_PHRASE}|{_ASSIGN_VERB}")
_LEADING = re.compile(_LEADING_PHRASE)
# "… Thủ tướng (trước hết) yêu cầu <addressee>" anywhere in a paragraph's opening.
_ASKS = re.compile(
    r"(?:Thủ tướng|Phó Thủ tướng|Chính phủ)(?: Chính phủ)?[^.;:]{0,60}?\s(?:giao|yêu cầu|đề nghị"
    r"|chỉ đạo)(?: cho)?\s+(?:đồng chí\s+)?(?:từng\s+|mỗi\s+)?"
    r"|(?:Thủ tướng|Phó Thủ tướng)(?: Chính phủ)?[^.;:]{0,60}?\s(?:chỉ rõ|lưu ý|nhấn mạnh)\s*,\s*"
    r"|(?<![\w])(?:giao|Giao|yêu cầu|Yêu cầu|đề nghị|Đề nghị)(?: cho)?\s+(?:đồng chí\s+)?"
    r"(?:từng\s+|mỗi\s+)?"
)
_OPENING = 300


_TOPIC = re.compile(r"(?:Về|[Tt]rên cơ sở|Căn cứ)\s")
_COMMA = re.compile(r",\s*")
_COLON = re.compile(r":\s*")
_TOPIC_COLON_SPAN = 400
_TOPIC_SPAN = 160


def _openings(flat: str, position: int) -> list[int]:
    """Where the addressee may start: at ``position`` and after each intro phrase. A topic
    ("Về hoàn thiện thể chế, cơ chế, chính sách, …") may hold commas, so every comma of
    its opening words is a candidate end."""
    starts = [position]
    cursor = position
    for _ in range(4):
        if _TOPIC.match(flat, cursor):
            colon = _COLON.search(flat, cursor, min(len(flat), cursor + _TOPIC_COLON_SPAN))
            if colon:
                starts.append(colon.end())
            limit = min(len(flat), cursor + _TOPIC_SPAN)
            starts.extend(m.end() for m in _COMMA.finditer(flat, cursor, limit))
        intro = _INTRO.match(flat, cursor)
        if intro is None or intro.end() == cursor:
            break
        cursor = intro.end()
        starts.append(cursor)
    return list(dict.fromkeys(starts))


def _addressee_at(
    flat: str, position: int, names: _Names, namer: _Namer, *, search: bool = False
) -> _Assignee | None:
    """The addressee a clause starting at ``position`` names, if it opens with one.

    Intro phrases are skipped ("Đồng thời,", "Về …,", "Giao", "Thủ tướng … yêu cầu"). With
    ``search`` the opening of the text may also hold the assignment further in ("Chỉ đạo
    …, Thủ tướng yêu cầu Bộ Tài chính …", "Ủng hộ về chủ trương, giao Bộ X chủ trì").
    """
    starts = _openings(flat, position)
    if search:
        # Only within the opening clause: a later sentence addressed to someone else
        # ("… EMC). Yêu cầu 07 Ủy ban nhân dân …") is an obligation of its own.
        clause_end = next(_clause_ends(flat, position), None)
        limit = min(len(flat), position + _OPENING, clause_end.start() if clause_end else len(flat))
        starts.extend(m.end() for m in _ASKS.finditer(flat, position, limit))
        # "2. Đẩy mạnh hoàn thiện thể chế: Các bộ khẩn trương …": the addressee after the
        # item's inline heading.
        colon = _COLON.search(flat, position, min(len(flat), position + _TOPIC_COLON_SPAN))
        if colon is not None:
            starts.append(colon.end())
    for start in starts:
        found = _subject_at(flat, start, names, namer)
        if found is not None:
            return found
    return None


# A task given to a person ("Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo"):
# the person is the lead, as written, for the admin to map to a body.
_PERSON = re.compile(r"(?:đồng chí\s+)?Phó Thủ tướng(?: Chính phủ)?(?: Thường trực)?\s+(?=[A-ZĐ])")


_DIRECTS = re.compile(r"\s+(?:trực tiếp\s+)?chỉ đạo\s+(?:các\s+)?")


def _person_at(flat: str, start: int, names: _Names) -> _Assignee | None:
    title = _PERSON.match(flat, start)
    if title is None:
        return None
    end = _name_words(flat, title.end())
    if len(flat[title.end() : end].split()) < 2 or _NOT_AFTER_SUBJECT.match(flat, end):
        return None
    directs = _DIRECTS.match(flat, end)
    if directs is not None and directs.end() in names.by_start:
        return None  # "… trực tiếp chỉ đạo Bộ Nội vụ khẩn trương …": the body acts
    written = flat[title.start() : end]
    if written.startswith("đồng chí "):
        written = written[len("đồng chí ") :]
    return _Assignee(lead=written, lead_known=False, lead_key="?" + normalise_name(written))


def _ministry_list(flat: str, start: int, namer: _Namer) -> _Assignee | None:
    opener = _MINISTRY_LIST.match(flat, start)
    if opener is None:
        return None
    members: list[_Name] = []
    position = opener.end()
    while True:
        end = _name_words(flat, position)
        if end == position:
            break
        written = flat[position:end]
        agency = namer.registry.find("Bộ " + written) or namer.registry.find(written)
        if agency is None:
            break
        members.append(
            _Name(agency_id=agency.id, group_id=None, written=written, start=position, end=end)
        )
        join = _LIST_JOIN.match(flat, end)
        if join is None:
            break
        position = join.end()
    if not members:
        return None
    if len(members) == 1:
        return namer.assignee(members)
    return namer.listed(members)


def _subject_at(flat: str, start: int, names: _Names, namer: _Namer) -> _Assignee | None:
    ministries = _ministry_list(flat, start, namer)
    if ministries is not None:
        return ministries
    listed = _EXPLICIT_LIST.match(flat, start)
    if listed:
        first = _name_from(listed.end(), listed.start(), names)
        members, end = _name_list(flat, first.start, names) if first else ([], start)
        if members and all(namer.is_province(m) for m in members):
            return namer.assignee(members, listed=True)
    generic = _GENERIC_PROVINCES.match(flat, start)
    if (
        generic
        and namer.provinces is not None
        and start not in names.by_start
        and not _NOT_AFTER_SUBJECT.match(flat, generic.end())
    ):
        group = namer.provinces
        return _Assignee(lead=group.name, lead_known=True, lead_key=group.id)
    companies = _COMPANIES.match(flat, start)
    if companies and companies.end() in names.by_start:
        start = companies.end()
    found, end = _name_list(flat, start, names)
    if not found:
        return _person_at(flat, start, names)
    if _NOT_AFTER_SUBJECT.match(flat, end):
        return None
    following = _WORD.match(flat, end + 1) if flat[end : end + 1] == " " else None
    if following is not None and following.group(0)[0].isupper():
        return None  # a title and a person's name: "Giám đốc Bệnh viện Bạch Mai Đào Xuân Cơ"
    return namer.assignee(found)


_CO_TRIGGER = re.compile(
    r"(?i)(?<!\w)(?:phối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?|phối với|cùng với|(?<=chủ trì )cùng"
    r"|lấy ý kiến(?: của)?)\s+"
)
_CO_FILLER = re.compile(
    r"\s*(?:[,()]|(?:và|các|cơ quan|đơn vị|tổ chức|có liên quan|liên quan|ngân hàng|địa phương"
    r"|bộ|ngành|cấp)(?!\w))\s*"
)


def _co_names(flat: str, start: int, end: int, names: _Names) -> list[_Name]:
    """Agencies after "phối hợp (với)", "cùng với", "lấy ý kiến" between ``start`` and
    ``end``: a list of names, with fillers such as "và các cơ quan liên quan" in between."""
    found: list[_Name] = []
    for trigger in _CO_TRIGGER.finditer(flat, start, end):
        position = trigger.end()
        while position < end:
            name = names.by_start.get(position)
            if name is not None:
                if name.group_id is None:
                    found.append(name)
                position = name.end
                continue
            filler = _CO_FILLER.match(flat, position)
            if filler is None or filler.end() == position:
                break
            position = filler.end()
    return found


# =========================================================================================
# Timing, obligations, titles
# =========================================================================================


@dataclass(frozen=True, kw_only=True, slots=True)
class _Timing:
    """A timing expression in flat text; ``splits`` when it marks an obligation of its own."""

    deadline: Deadline
    start: int
    end: int
    splits: bool


# Explicit "no date" rules whose wording is a schedule of its own ("theo tiến độ được quy
# định tại …", "đúng tiến độ"), unlike urgency ("khẩn trương", "sớm").
_SCHEDULE_RULES = frozenset({"as_committed"})


def _timings(flat: str, issued: date) -> list[_Timing]:
    found = [
        _Timing(deadline=m.deadline, start=m.start, end=m.end, splits=True)
        for m in find_deadlines(flat, issued)
    ]
    normalised = normalise_text(flat)
    # ``flat`` is already NFC with single spaces, so its normalised form lines up with it
    # character for character; if some rare letter changes length when lowercased, the
    # "no date" wordings are simply not used.
    if len(normalised) == len(flat):
        for expression in read_expressions(normalised, issued, running_text=True):
            if expression.reading.kind is not DeadlineKind.NONE:
                continue
            deadline = Deadline(
                due=None,
                granularity=None,
                kind=DeadlineKind.NONE,
                phrase=flat[expression.start : expression.end],
            )
            found.append(
                _Timing(
                    deadline=deadline,
                    start=expression.start,
                    end=expression.end,
                    splits=expression.rule in _SCHEDULE_RULES,
                )
            )
    return sorted(found, key=lambda t: t.start)


_DELIMITER = re.compile(r"[;.!?…]\s+")
_SENTENCE_OPENERS = '“"('


def _clause_ends(flat: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """Clause delimiters between ``start`` and ``end``: "; " anywhere, and a full stop
    (or "!", "?", "…") when a capital, a digit or an opening quote follows."""
    for match in _DELIMITER.finditer(flat, start, len(flat) if end is None else end):
        if match.group(0)[0] == ";":
            yield match
            continue
        following = flat[match.end() : match.end() + 1]
        if following.isupper() or following.isdigit() or following in _SENTENCE_OPENERS:
            yield match


_ENUMERATION = re.compile(r"(?:^|(?<=[:;.,] ))\((?P<n>\d{1,2}|[ivx]{1,5})\) ?")
_SECOND_ACTOR = re.compile(r"(?<=[,;] )(?=[Tt]rên cơ sở )")


def _enumeration_cuts(flat: str, names: _Names, namer: _Namer) -> set[int]:
    """Where sub-items start: every "(1)", "(2)" … when at least two are written, and a
    "(i)", "(ii)" … that opens with an addressee of its own."""
    arabic: list[tuple[int, str]] = []
    cuts: set[int] = set()
    for match in _ENUMERATION.finditer(flat):
        if names.inside(match.start()):
            continue
        label = match.group("n")
        if label.isdigit():
            arabic.append((match.start(), label))
        elif _subject_at(flat, match.end(), names, namer) is not None:
            cuts.add(match.start())
    if len({label for _, label in arabic}) >= 2:
        cuts.update(position for position, _ in arabic)
    return cuts


def _second_actors(flat: str, names: _Names) -> list[int]:
    """ "…, trên cơ sở đó, Bộ X tổng hợp …": a clause of another actor may start there."""
    return [m.start() for m in _SECOND_ACTOR.finditer(flat) if not names.inside(m.start())]


def _boundaries(flat: str, names: _Names) -> list[int]:
    """Where clauses start: after "; " and after a full stop before a capital."""
    return [m.end() for m in _clause_ends(flat) if not names.inside(m.start())]


_KIND_ORDER = (DeadlineKind.DEADLINE, DeadlineKind.RECURRING, DeadlineKind.ONGOING)


def _choose(timings: Sequence[_Timing]) -> Deadline:
    for kind in _KIND_ORDER:
        for timing in timings:
            if timing.deadline.kind is kind:
                return timing.deadline
    for timing in timings:
        return timing.deadline
    return Deadline(due=None, granularity=None, kind=DeadlineKind.NONE, phrase="")


_TITLE_LEAD_IN = re.compile(
    r"(?i)(?:(?:khẩn trương|sớm|ngay|kịp thời|có trách nhiệm|chủ động)\s*[,:]?\s*)+"
)
_TITLE_ENUMERATION = re.compile(r"[\s:;,.\-–]*(?:\((?:[ivx]+|\d+)\)\s*)?")
_TITLE_CHAIR = re.compile(r"(?i)(?:chủ trì\s*,?\s*)")
_REGULARLY = re.compile(r"(?i)thường xuyên(?=\s)")
_VAGUE_TAIL = re.compile(r"\s*(?:có )?liên quan(?!\w)")


def _skip_list(flat: str, position: int, end: int, names: _Names) -> int:
    """Past a co-operation list ("Bộ Y tế, Bệnh viện Bạch Mai và các cơ quan liên quan");
    ``position`` itself when the list names no one ("các doanh nghiệp viễn thông")."""
    cursor, named = position, False
    while cursor < end:
        name = names.by_start.get(cursor)
        if name is not None:
            cursor, named = name.end, True
            continue
        filler = _CO_FILLER.match(flat, cursor)
        if filler is None or filler.end() == cursor:
            break
        cursor = filler.end()
    vague = flat[position:cursor].rstrip().endswith("liên quan")
    return cursor if named or vague else position


def _verb_start(flat: str, start: int, end: int, names: _Names) -> int:
    """Where the obligation's verb phrase begins: after intro phrases, the addressee,
    "chủ trì, phối hợp với …", urgency words and an enumeration mark."""
    position = start
    asks = [m.end() for m in _ASKS.finditer(flat, start, min(end, start + _OPENING))]
    for ask in asks:
        if ask in names.by_start or _EXPLICIT_LIST.match(flat, ask):
            position = ask
            break
    for _ in range(5):
        moved = position
        for opening in _openings(flat, position)[1:]:
            if opening in names.by_start or _EXPLICIT_LIST.match(flat, opening):
                position = opening
                break
        else:
            intro = _LEADING.match(flat, position)
            if intro and intro.end() > position:
                position = intro.end()
        listed = _EXPLICIT_LIST.match(flat, position)
        if listed and listed.end() in names.by_start:
            position = listed.end()
        found, after = _name_list(flat, position, names)
        if found:
            position = after
            vague = _VAGUE_TAIL.match(flat, position)
            if vague:
                position = vague.end()
            while flat[position : position + 1] == " ":
                position += 1
        chair = _TITLE_CHAIR.match(flat, position)
        if chair:
            position = chair.end()
        co = _CO_TRIGGER.match(flat, position)
        if co:
            skipped = _skip_list(flat, co.end(), end, names)
            # A list that names no one ("phối hợp chặt chẽ với các doanh nghiệp viễn thông")
            # is part of what must be done.
            position = skipped if skipped > co.end() else position
        lead_in = _TITLE_LEAD_IN.match(flat, position)
        if lead_in and lead_in.end() > position:
            position = lead_in.end()
        enumeration = _TITLE_ENUMERATION.match(flat, position)
        if enumeration and enumeration.end() > position:
            position = enumeration.end()
        if position == moved:
            break
    return min(position, end)


def _title(flat: str, start: int, end: int, names: _Names, issued: date) -> str:
    """The verb phrase of the obligation's first clause, without who and when."""
    position = _verb_start(flat, start, end, names)
    clause_end = end
    for boundary in _clause_ends(flat, position, end):
        if not names.inside(boundary.start()):
            clause_end = boundary.start()
            break
    clause = flat[position:clause_end]
    # The deadline is shown beside the title, so its wording is left out of the title.
    for match in reversed(find_deadlines(clause, issued)):
        clause = clause[: match.start] + clause[match.end :]
    clause = re.sub(r"\s+([,;.])", r"\1", _SPACES.sub(" ", clause))
    clause = clause.strip(" ,;:.-–")
    if not clause:
        clause = flat[start:end].strip(" ,;:.")
    return _cut_title(clause[:1].upper() + clause[1:], TITLE_MAX)


# =========================================================================================
# Units of work and their obligations
# =========================================================================================


@dataclass(frozen=True, kw_only=True, slots=True)
class _Unit:
    """A stretch of text that assigns work (an item, a bullet, a paragraph, a table row)."""

    ref: str
    text: str
    inherited: _Assignee | None
    deadline_text: str | None = None
    """A separate timing wording that applies to the whole unit ("Thời gian thực hiện:")."""


@dataclass(kw_only=True, slots=True)
class _Reader:
    """The state of one import: registry helpers, the issue date, what was found."""

    registry: AgencyRegistry
    namer: _Namer
    issued: date
    home: str | None = None
    """The one province the notice is about (named in its title), if any."""
    unknown: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    leaderless: list[str] = field(default_factory=list)

    def note_unknown(self, written: str) -> None:
        self.unknown.setdefault(normalise_name(written), written)

    def tasks(self, units: Iterable[_Unit]) -> list[ParsedTask]:
        tasks: list[ParsedTask] = []
        seqs: dict[str, int] = {}
        for unit in units:
            for task in self.unit_tasks(unit):
                seqs[unit.ref] = seqs.get(unit.ref, 0) + 1
                tasks.append(replace(task, seq=seqs[unit.ref]))
        return tasks

    def unit_tasks(self, unit: _Unit) -> list[ParsedTask]:
        flat = _flat(unit.text)
        if not flat:
            return []
        names = _Names(flat, self.registry, self.home)
        for name in names.unknown:
            self.note_unknown(name.written)
        timings = _timings(flat, self.issued)
        enumerated = _enumeration_cuts(flat, names, self.namer)
        boundaries = sorted({*_boundaries(flat, names), *enumerated, *_second_actors(flat, names)})
        # Segments: a new addressee at a clause boundary starts a new one; so does every
        # sub-item "(1)", "(2)" … (without an addressee of its own it has the item's).
        if enumerated:
            # Sub-items without an addressee have the one of the item's own opening words.
            head = flat[: min(enumerated)]
            head_names = _Names(head, self.registry, self.home)
            first = _addressee_at(head, 0, head_names, self.namer, search=True)
        else:
            first = _addressee_at(flat, 0, names, self.namer, search=True)
        base = first or unit.inherited
        segments: list[tuple[int, _Assignee | None]] = [(0, base)]
        for boundary in boundaries:
            current = segments[-1][1]
            found = _addressee_at(flat, boundary, names, self.namer)
            if boundary in enumerated:
                segments.append((boundary, found or base))
            elif found is not None and (current is None or found.lead_key != current.lead_key):
                segments.append((boundary, found))
        pieces: list[tuple[int, int, _Assignee | None, list[_Timing]]] = []
        for index, (start, assignee) in enumerate(segments):
            end = segments[index + 1][0] if index + 1 < len(segments) else len(flat)
            inside = [t for t in timings if start <= t.start < end]
            cuts = [start]
            previous: _Timing | None = None
            for timing in inside:
                if not timing.splits:
                    continue
                if previous is not None:
                    between = [b for b in boundaries if previous.end <= b <= timing.start]
                    if between:
                        cuts.append(between[-1])
                previous = timing
            for cut_index, cut in enumerate(cuts):
                cut_end = cuts[cut_index + 1] if cut_index + 1 < len(cuts) else end
                own = [t for t in inside if cut <= t.start < cut_end]
                pieces.append((cut, cut_end, assignee, own))
        if enumerated:
            # The item's own words before "(1)" are its heading ("Bộ Công an: (1) …").
            start, end, _, own = pieces[0]
            undated = all(t.deadline.kind is DeadlineKind.NONE for t in own)
            if undated and flat[start:end].rstrip().endswith(":"):
                pieces.pop(0)
        else:
            self._share_closing_deadline(flat, pieces, boundaries)
        wording = unit.deadline_text.strip().rstrip(".;,") if unit.deadline_text else ""
        unit_deadline = parse_deadline(wording, self.issued) if wording else None
        tasks: list[ParsedTask] = []
        for start, end, assignee, own in pieces:
            text = flat[start:end].strip().rstrip(";").strip()
            if not text:
                continue
            deadline = _choose(own)
            # "Thời gian thực hiện: …" gives the unit's timing unless the text is more precise.
            if (
                unit_deadline is not None
                and deadline.kind is not DeadlineKind.DEADLINE
                and (unit_deadline.kind is not DeadlineKind.NONE or not deadline.phrase)
            ):
                deadline = unit_deadline
            tasks.append(self._task(unit.ref, flat, start, end, text, assignee, deadline, names))
        return tasks

    @staticmethod
    def _share_closing_deadline(
        flat: str,
        pieces: list[tuple[int, int, _Assignee | None, list[_Timing]]],
        boundaries: Sequence[int],
    ) -> None:
        """ "A chủ trì …; B chủ trì …; hoàn thành trong Quý I/2026.": the closing date is
        both addressees'. Applies when the last clause is nothing but a dated timing."""
        if len(pieces) < 2:
            return
        start, end, _, own = pieces[-1]
        last_clause = max([start, *[b for b in boundaries if start <= b < end]])
        closing = [t for t in own if t.start >= last_clause and t.deadline.due is not None]
        if not closing:
            return
        rest = (flat[last_clause : closing[0].start] + flat[closing[0].end : end]).strip(" .;,")
        if len(rest.split()) > 1:
            return
        first_start = pieces[0][0]
        if any(m.group(0)[0] != ";" for m in _clause_ends(flat, first_start, last_clause)):
            return  # the closing sentence stands apart: it belongs to its own addressee
        holder = pieces[-1][2]
        for index, (p_start, p_end, assignee, p_own) in enumerate(pieces[:-1]):
            if assignee is holder:
                continue
            if not any(t.deadline.due is not None for t in p_own):
                pieces[index] = (p_start, p_end, assignee, [*p_own, closing[0]])

    def _task(
        self,
        ref: str,
        flat: str,
        start: int,
        end: int,
        text: str,
        assignee: _Assignee | None,
        deadline: Deadline,
        names: _Names,
    ) -> ParsedTask:
        if assignee is None and self.home is not None:
            # An item without an addressee in a notice about one province is the province's.
            home = self.registry.get(self.home)
            assignee = _Assignee(lead=home.name, lead_known=True, lead_key=home.id)
        if assignee is None:
            self.leaderless.append(ref)
            assignee = _Assignee(lead="", lead_known=False, lead_key="")
        elif not assignee.lead_known:
            self.note_unknown(assignee.lead)
        co = list(assignee.co)
        for name in _co_names(flat, start, end, names):
            canonical = self.namer.canonical(name)
            if name.agency_id is None:
                self.note_unknown(canonical)
            if canonical != assignee.lead and canonical not in co:
                co.append(canonical)
        verb = _verb_start(flat, start, end, names)
        if deadline.kind is DeadlineKind.NONE and _REGULARLY.match(flat, verb):
            # "… phối hợp với Bộ Quốc phòng thường xuyên đánh giá …": a standing duty.
            phrase = _REGULARLY.match(flat, verb)
            deadline = Deadline(
                due=None,
                granularity=None,
                kind=DeadlineKind.ONGOING,
                phrase=phrase.group(0) if phrase else "thường xuyên",
            )
        return ParsedTask(
            ref=ref,
            seq=1,
            lead=assignee.lead,
            lead_known=assignee.lead_known,
            members=assignee.members,
            co=tuple(co),
            title=_title(flat, start, end, names, self.issued),
            text=text,
            deadline=deadline,
        )


# =========================================================================================
# Formal layout: item markers and their tree
# =========================================================================================


class _Kind(enum.IntEnum):
    """Item levels, outermost first (the value is the nesting rank)."""

    ROOT = 0
    PART = 1
    ROMAN = 2
    ARABIC = 3
    DECIMAL = 4
    LETTER = 6
    BULLET = 7


_LINE_MARKER = re.compile(
    r"^[ \t]*(?:"
    r"(?P<part>[A-H])\.[ \t]+"
    r"|(?P<roman>[IVX]{1,6})\.[ \t\n]+"
    r"|(?P<decimal>\d{1,2}(?:\.\d{1,2}){1,2})\.?[ \t\n]+"
    r"|(?P<arabic>\d{1,2})\.[ \t\n]+"
    r"|(?P<letter>[a-zđ])\)[ \t\n]*"
    r"|(?P<bullet>[-+•])[ \t]+"
    r")",
    re.M,
)
_INLINE_LETTER = re.compile(r"(?<=[.;])[ \t\n]+(?P<letter>[a-zđ])\)[ \t\n]+")
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman(text: str) -> int | None:
    total, previous = 0, 0
    for char in reversed(text):
        value = _ROMAN_VALUES[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total if _to_roman(total) == text else None


def _to_roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass(kw_only=True, slots=True, eq=False)
class _Node:
    kind: _Kind
    label: str
    depth: int
    start: int
    body: int
    end: int = 0
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None

    @property
    def rank(self) -> int:
        return int(self.kind) + self.depth

    def own_end(self) -> int:
        return self.children[0].start if self.children else self.end


def _successor(kind: _Kind, label: str) -> str | None:
    if kind is _Kind.LETTER:
        index = _LETTERS.find(label)
        return _LETTERS[index + 1] if 0 <= index < len(_LETTERS) - 1 else None
    if kind is _Kind.ROMAN:
        value = _roman(label)
        return _to_roman(value + 1) if value else None
    if kind is _Kind.PART:
        return chr(ord(label) + 1)
    if kind is _Kind.ARABIC:
        return str(int(label) + 1)
    if kind is _Kind.DECIMAL:
        head, _, last = label.rpartition(".")
        return f"{head}.{int(last) + 1}"
    return None


_FIRST = {_Kind.PART: "A", _Kind.ROMAN: "I", _Kind.ARABIC: "1", _Kind.LETTER: "a"}


def _candidates(text: str) -> list[tuple[int, int, _Kind, str, bool]]:
    found: list[tuple[int, int, _Kind, str, bool]] = []
    for match in _LINE_MARKER.finditer(text):
        group = match.lastgroup
        if group is None:
            continue
        following = text[match.end() : match.end() + 1]
        kind = _Kind[group.upper()]
        label = match.group(group)
        if kind is _Kind.LETTER:
            fits = following.isupper() or following.isdigit() or following in '“"('
        else:
            fits = following.isupper() or (kind is _Kind.ARABIC and following.isdigit())
        if kind is _Kind.BULLET:
            label = "+" if label == "+" else "-"
        if fits:
            found.append((match.start(), match.end(), kind, label, False))
    for match in _INLINE_LETTER.finditer(text):
        following = text[match.end() : match.end() + 1]
        if following.isupper():
            found.append(
                (match.start() + 1, match.end(), _Kind.LETTER, match.group("letter"), True)
            )
    found.sort(key=lambda c: c[0])
    return found


def _tree(text: str) -> _Node:
    """Item markers accepted only where they continue their list; see the module docstring."""
    root = _Node(kind=_Kind.ROOT, label="", depth=0, start=0, body=0, end=len(text))
    stack = [root]
    for start, body, kind, label, inline in _candidates(text):
        # "1.1." sits under "1.", "1.1.1." under "1.1."; "+" bullets under "-" bullets.
        if kind is _Kind.DECIMAL:
            depth = label.count(".")
        else:
            depth = 1 if kind is _Kind.BULLET and label == "+" else 0
        rank = int(kind) + depth
        level = len(stack)
        while level > 1 and stack[level - 1].rank >= rank:
            level -= 1
        parent = stack[level - 1]
        siblings = [c for c in parent.children if c.kind is kind and c.depth == depth]
        if kind is _Kind.BULLET:
            fits = True
        elif kind is _Kind.DECIMAL and not siblings:
            fits = parent.kind in (_Kind.ARABIC, _Kind.DECIMAL) and label == f"{parent.label}.1"
        elif siblings:
            fits = _successor(kind, siblings[-1].label) == label
        else:
            fits = not inline and label == _FIRST.get(kind)
        if inline and not (siblings and stack[-1].kind is _Kind.LETTER):
            fits = False
        if not fits:
            continue
        for closed in stack[level:]:
            closed.end = start
        del stack[level:]
        node = _Node(kind=kind, label=label, depth=depth, start=start, body=body, parent=parent)
        parent.children.append(node)
        stack.append(node)
    for node in stack[1:]:
        node.end = len(text)
    return root


_TASK_HEADING = re.compile(
    r"nhiệm vụ|giải pháp|yêu cầu|tổ chức thực hiện|kiến nghị|phân công|giao nhiệm vụ"
)
_BACKGROUND_HEADING = re.compile(
    r"kết quả|tồn tại|hạn chế|bài học|quan điểm|đánh giá|mục đích|mục tiêu|bối cảnh|tình hình"
    r"|nguyên nhân|kinh phí|phạm vi|đối tượng"
)


class _Section(enum.Enum):
    """What a section heading announces."""

    TASKS = "tasks"
    BACKGROUND = "background"


def _classify(heading: str) -> _Section | None:
    """By the first keyword in the heading's opening words ("MỤC ĐÍCH, YÊU CẦU": background)."""
    opening = normalise_text(heading)[:60]
    task = _TASK_HEADING.search(opening)
    background = _BACKGROUND_HEADING.search(opening)
    if task and (background is None or task.start() < background.start()):
        return _Section.TASKS
    if background:
        return _Section.BACKGROUND
    return None


_ATTRIBUTE = re.compile(
    r"^[ \t]*(?:[-+][ \t]*)?(?:[a-zđ]\)[ \t]*)?(?P<label>(?:Đơn vị|Cơ quan)[ \t]+(?:chủ trì|phối hợp"
    r"|thực hiện)[^:\n]{0,40}|Thời gian(?:[ \t]+(?:thực hiện|hoàn thành))?)[ \t]*:[ \t]*"
    r"(?P<value>[^\n]*)",
    re.M,
)
_TASK_LABEL = re.compile(
    r"^[ \t]*(?:[-+][ \t]*)?(?:[a-zđ]\)[ \t]*)?(?:Nhiệm vụ|Nội dung)[ \t]*:[ \t]*", re.M
)
_CHAIRS = re.compile(r"\s*(?:chủ trì|thực hiện|tham mưu|,|;|\(|$)")
_HEADING_WORDS = 14
"""Up to this many words, an item's text before its bullets is a heading, not a task."""
_HEADING_ONLY_GROUP = re.compile(
    r"(?i)(?:(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND) )?các tỉnh, thành phố"
)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Attributes:
    lead: str | None
    co: str | None
    deadline: str | None


def _attributes(text: str) -> tuple[str, _Attributes | None]:
    """Split "Đơn vị chủ trì: …", "Đơn vị phối hợp: …", "Thời gian thực hiện: …" lines off a
    unit's text (plans list who and when in such lines)."""
    lead = co = deadline = None
    for match in _ATTRIBUTE.finditer(text):
        label, value = match.group("label").lower(), match.group("value").strip()
        if "phối hợp" in label:
            co = co or value
        elif label.startswith("thời gian"):
            deadline = deadline or value
        else:
            lead = lead or value
    if lead is None and deadline is None:
        return text, None
    body = _ATTRIBUTE.sub("", text)
    body = _TASK_LABEL.sub("", body)
    return body, _Attributes(lead=lead, co=co, deadline=deadline)


class _Formal:
    """Walks the item tree of a formal notice and yields its units of work."""

    def __init__(self, text: str, reader: _Reader) -> None:
        self.text = text
        self.reader = reader
        self.root = _tree(text)
        self.sections = list(self._sections(self.root))
        self.has_task_heading = any(s is _Section.TASKS for _, s in self.sections)

    def _sections(self, node: _Node) -> Iterable[tuple[_Node, _Section | None]]:
        for child in node.children:
            if child.kind in (_Kind.PART, _Kind.ROMAN):
                yield child, _classify(self.own(child))
                yield from self._sections(child)

    def own(self, node: _Node) -> str:
        return self.text[node.body : node.own_end()]

    def full(self, node: _Node) -> str:
        return self.text[node.body : node.end]

    def item_count(self) -> int:
        def count(node: _Node) -> int:
            own = 1 if node.kind in (_Kind.ARABIC, _Kind.ROMAN) else 0
            return own + sum(count(c) for c in node.children)

        return count(self.root)

    def units(self) -> list[_Unit]:
        if not self.has_task_heading and self.sections:
            self.reader.warnings.append(
                "no section heading names tasks (NHIỆM VỤ, GIẢI PHÁP, …): every numbered item "
                "outside a background section was read"
            )
        out: list[_Unit] = []
        self._walk(self.root, [], None, None, out)
        return out

    def _in_tasks(self, section: _Section | None) -> bool:
        if section is None:
            return not self.has_task_heading
        return section is _Section.TASKS

    def _walk(
        self,
        node: _Node,
        path: list[str],
        section: _Section | None,
        inherited: _Assignee | None,
        out: list[_Unit],
    ) -> None:
        own = self.own(node)
        if node.kind in (_Kind.PART, _Kind.ROMAN):
            section = _classify(own) or section
        if node.kind is not _Kind.ROOT:
            path = self._path(path, node)
        structural = [c for c in node.children if c.kind is not _Kind.BULLET]
        bullets = [c for c in node.children if c.kind is _Kind.BULLET]
        if node.kind in (_Kind.ROOT, _Kind.PART, _Kind.ROMAN):
            lead = self._preamble_lead(own) or inherited
            for child in structural:
                self._walk(child, path, section, lead, out)
            if bullets and self._in_tasks(section) and node.kind is not _Kind.ROOT:
                self._bullet_units(".".join(path), bullets, lead, out)
            return
        if not self._in_tasks(section) and not (
            section is None and _ATTRIBUTE.search(self.full(node))
        ):
            # A plan's "III. NỘI DUNG HOẠT ĐỘNG" whose items name "Cơ quan thực hiện:".
            return
        ref = ".".join(path)
        if structural and all(_is_labelled(self.own(c)) for c in structural):
            out.append(self._labelled(ref, node, structural, inherited))
            return
        if structural:
            lead = self._heading_lead(own) or self._preamble_lead(own) or inherited
            for child in structural:
                self._walk(child, path, section, lead, out)
            if bullets:
                self._bullet_units(ref, bullets, lead, out)
            return
        if bullets:
            body, attributes = _attributes(own)
            if attributes is not None or _ATTRIBUTE.match(self.own(bullets[0])):
                # "- Đơn vị chủ trì: …" right under the item: the item is one unit.
                out.append(self._attributed(ref, self.full(node), inherited))
                return
            heading = self._heading_lead(own)
            flat = _flat(body)
            if (
                heading is not None
                or not flat
                or flat.endswith(":")
                or not flat.endswith(_TERMINAL)
                or len(flat.split()) <= _HEADING_WORDS
            ):
                self._bullet_units(ref, bullets, heading or inherited, out)
                return
            out.append(_Unit(ref=ref, text=own, inherited=inherited))
            self._bullet_units(ref, bullets, inherited, out)
            return
        heading, rest = self._heading_paragraph(own)
        if heading is not None:
            # "3. Sở Công Thương" on a line of its own, the task in the paragraph below.
            out.append(self._attributed(ref, rest, heading))
            return
        out.append(self._attributed(ref, self.full(node), inherited))

    def _heading_paragraph(self, own: str) -> tuple[_Assignee | None, str]:
        parts = _BLANK_LINE.split(own.strip(), maxsplit=1)
        if len(parts) < 2 or not parts[1].strip():
            return None, own
        first = _flat(parts[0])
        if first.endswith(_TERMINAL) or len(first.split()) > _HEADING_WORDS:
            return None, own
        return self._heading_of(first), parts[1]

    def _labelled(
        self, ref: str, node: _Node, parts: Sequence[_Node], inherited: _Assignee | None
    ) -> _Unit:
        """ "a) Nhiệm vụ: … b) Cơ quan thực hiện: … c) Thời gian thực hiện: …": one unit
        whose text is the "Nhiệm vụ" part and whose who and when are the other parts."""
        unit = self._attributed(ref, self.full(node), inherited)
        for part in parts:
            label = _TASK_LABEL.match(self.own(part))
            if label is not None:
                text = self.full(part)
                return replace(unit, text=_TASK_LABEL.sub("", text, count=1))
        return unit

    def _attributed(self, ref: str, text: str, inherited: _Assignee | None) -> _Unit:
        body, attributes = _attributes(text)
        if attributes is None:
            return _Unit(ref=ref, text=text, inherited=inherited)
        lead, others = inherited, ""
        if attributes.lead:
            # "Báo và Phát thanh, Truyền hình tỉnh; Sở Tư pháp, …": the first leads.
            first, _, others = attributes.lead.partition(";")
            lead = self._value_lead(first)
        co_text = "; ".join(t for t in (others, attributes.co or "") if t.strip())
        if lead is not None and co_text:
            names = _Names(_flat(co_text), self.reader.registry)
            co = [self.reader.namer.canonical(n) for n in names.all if n.group_id is None]
            for name in names.unknown:
                self.reader.note_unknown(name.written)
            lead = replace(lead, co=tuple(dict.fromkeys([*lead.co, *co])))
        return _Unit(ref=ref, text=body, inherited=lead, deadline_text=attributes.deadline)

    def _value_lead(self, value: str) -> _Assignee:
        """The lead a "Cơ quan thực hiện: …" value names: "Sở Nội vụ chủ trì, phối hợp với
        các sở, ban, ngành …" is "Sở Nội vụ" with its named co-operating agencies."""
        reader = self.reader
        flat = _flat(value).rstrip(".;")
        names = _Names(flat, reader.registry, reader.home)
        subject = _subject_at(flat, 0, names, reader.namer)
        if subject is None or not _CHAIRS.match(flat, _name_list(flat, 0, names)[1]):
            return reader.namer.written(value)
        co = [reader.namer.canonical(n) for n in _co_names(flat, 0, len(flat), names)]
        for name in names.unknown:
            reader.note_unknown(name.written)
        return replace(subject, co=tuple(c for c in dict.fromkeys(co) if c != subject.lead))

    def _bullet_units(
        self, ref: str, bullets: Sequence[_Node], lead: _Assignee | None, out: list[_Unit]
    ) -> None:
        """Each bullet is an obligation of the item; "- Đơn vị chủ trì: …" bullets describe
        the bullet before them."""
        groups: list[list[_Node]] = []
        for bullet in bullets:
            if groups and _ATTRIBUTE.match(self.own(bullet)):
                groups[-1].append(bullet)
            else:
                groups.append([bullet])
        for group in groups:
            text = self.text[group[0].body : group[-1].end]
            inner_lead = self._heading_lead(self.own(group[0])) if group[0].children else None
            if group[0].children and inner_lead is not None:
                for child in group[0].children:
                    out.append(self._attributed(ref, self.full(child), inner_lead))
                continue
            out.append(self._attributed(ref, text, lead))

    @staticmethod
    def _path(path: list[str], node: _Node) -> list[str]:
        if node.kind is _Kind.BULLET:
            return path
        if node.kind is _Kind.DECIMAL:
            # "1.1" (or "1.1.1") already names its parent item "1" (or "1.1").
            return [*path[:-1], node.label]
        return [*path, node.label]

    def _heading_lead(self, own: str) -> _Assignee | None:
        """An item heading that names its addressee: "2. Bộ Thông tin và Truyền thông",
        "1. Bộ trưởng, …; Chủ tịch Ủy ban nhân dân các tỉnh, …:", "b) Bộ Công Thương:",
        "1. Ban Quản lý các khu công nghệ cao và khu công nghiệp" (a body the registry does
        not know), or the last line of a heading ("1.4. Bảo đảm an sinh xã hội / Bộ Tài
        chính chỉ đạo Bảo hiểm xã hội Việt Nam:")."""
        lines = [line for line in own.split("\n") if line.strip()]
        candidates = [own] if len(lines) < 2 else [own, lines[-1]]
        for candidate in candidates:
            found = self._heading_of(_flat(candidate))
            if found is not None:
                return found
        return None

    def _heading_of(self, flat: str) -> _Assignee | None:
        if not flat:
            return None
        reader = self.reader
        names = _Names(flat, reader.registry, reader.home)
        body = flat.rstrip(" :.")
        start = len("Đối với ") if body.startswith("Đối với ") else 0
        found, end = _name_list(flat, start, names)
        if found and end >= len(body) - 1:
            return reader.namer.assignee(found)
        if flat.endswith(":"):
            if _HEADING_ONLY_GROUP.fullmatch(body) and reader.namer.provinces is not None:
                group = reader.namer.provinces
                return _Assignee(lead=group.name, lead_known=True, lead_key=group.id)
            subject = _addressee_at(flat, 0, names, reader.namer)
            if subject is not None:
                return subject
        short = len(body.split()) <= _HEADING_WORDS
        headline = flat.endswith(":") or not flat.endswith(_TERMINAL)
        if short and headline and body[:1].isupper() and _looks_like_body(body):
            return reader.namer.written(body)
        return None

    def _preamble_lead(self, own: str) -> _Assignee | None:
        """The addressee of a preamble ("Yêu cầu các bộ, ngành, địa phương thực hiện …")."""
        flat = _flat(own)
        if not flat:
            return None
        names = _Names(flat, self.reader.registry, self.reader.home)
        found: _Assignee | None = None
        for ask in _ASKS.finditer(flat):
            subject = _subject_at(flat, ask.end(), names, self.reader.namer)
            if subject is not None:
                found = subject
        return found


_BODY_WORDS = re.compile(
    r"(?i)^(?:các\s+)?(?:bộ|sở|ban|ủy ban|uỷ ban|ubnd|tập đoàn|tổng công ty|công ty|doanh nghiệp"
    r"|ngân hàng|cơ quan|đơn vị|thường trực|tỉnh ủy|thành ủy|công an|văn phòng|trung tâm"
    r"|hội đồng|liên minh|viện|đài|báo|học viện|trường|bệnh viện)(?!\w)"
)


def _looks_like_body(text: str) -> bool:
    return _BODY_WORDS.match(text) is not None


def _is_labelled(own: str) -> bool:
    return _TASK_LABEL.match(own) is not None or _ATTRIBUTE.match(own) is not None


# =========================================================================================
# Task tables ("TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian")
# =========================================================================================


_TABLE_COLUMNS = (
    ("lead", ("chủ trì",)),
    ("co", ("phối hợp",)),
    ("when", ("thời gian", "thời hạn", "tiến độ")),
    ("what", ("nội dung", "nhiệm vụ")),
)


def _columns(cells: Sequence[str]) -> dict[str, int] | None:
    """The columns of a task table's header row, or ``None`` for any other row."""
    lowered = [normalise_text(cell) for cell in cells]
    found: dict[str, int] = {}
    for index, cell in enumerate(lowered):
        for key, words in _TABLE_COLUMNS:
            if any(word in cell for word in words):
                found.setdefault(key, index)
                break
    return found if "lead" in found and "what" in found else None


def _cell(cells: Sequence[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else ""


_SECTION_CELL = re.compile(r"[IVX]{1,6}|[A-H]")
_ELISION = re.compile(r"^[\s.…]+$")
_SECTION_LINE = re.compile(r"^[ \t]*([IVX]{1,6}|[A-H])\.[ \t]+[^\W\d_]")
_CELL_PARTS = re.compile(r"\s*;\s*|\s+và\s+")
_VAGUE_CELL = re.compile(r"(?i)^(?:các\s|cơ quan\b|đơn vị\b|địa phương\b)|liên quan$")


def _cell_bodies(cell: str) -> list[str]:
    """The named bodies of a "Cơ quan phối hợp" cell ("Sở Tài chính và cơ quan, địa
    phương liên quan" → "Sở Tài chính"; "Văn phòng Ban Chỉ huy; các sở, ban, ngành" →
    "Văn phòng Ban Chỉ huy"): parts separated by ";" or "và", without the vague ones."""
    parts = [part.strip(" .,") for part in _CELL_PARTS.split(_flat(cell))]
    return [part for part in parts if part and not _VAGUE_CELL.search(part)]


def _table_units(text: str, reader: _Reader) -> list[_Unit]:
    """Rows of a task table (cells joined by "|"): ``PL.<section>.<row number>`` under a
    section row ("II | TRIỂN KHAI …"), ``PL.<row number>`` outside one (or after an elision
    row "…....", where the section is not known)."""
    units: list[_Unit] = []
    columns: dict[str, int] | None = None
    section: str | None = None
    for line in text.split("\n"):
        if "|" not in line:
            heading = _SECTION_LINE.match(line)
            if heading is not None and columns is not None:
                section = heading.group(1)
            elif _ELISION.match(line) and line.strip():
                section = None
            elif line.strip():
                columns, section = None, None
            continue
        cells = [cell.strip() for cell in line.split("|")]
        header = _columns(cells)
        if header is not None:
            columns, section = header, None
            continue
        if columns is None:
            continue
        if _SECTION_CELL.fullmatch(cells[0].rstrip(".")):
            section = cells[0].rstrip(".")
            continue
        if not cells[0].rstrip(".").isdigit():
            continue
        lead_text, co_text = _cell(cells, columns, "lead"), _cell(cells, columns, "co")
        lead: _Assignee | None = None
        if lead_text:
            first, _, others = lead_text.partition(";")
            lead = reader.namer.written(first)
            co: list[str] = []
            for body in [*_cell_bodies(others), *_cell_bodies(co_text)]:
                named = reader.namer.written(body)
                if not named.lead_known:
                    reader.note_unknown(named.lead)
                if named.lead != lead.lead and named.lead_key not in (
                    g.id for g in reader.registry.groups()
                ):
                    co.append(named.lead)
            lead = replace(lead, co=tuple(dict.fromkeys(co)))
        number = cells[0].rstrip(".")
        units.append(
            _Unit(
                ref=f"PL.{section}.{number}" if section else f"PL.{number}",
                text=_cell(cells, columns, "what"),
                inherited=lead,
                deadline_text=_cell(cells, columns, "when") or None,
            )
        )
    return units


# =========================================================================================
# Prose layout
# =========================================================================================

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TERMINAL = tuple(".;:!?…)\"”'")
_CAPTION = re.compile(r"Ảnh:|\(Hình từ Internet\)|^>>>")
_ARTICLE_END = re.compile(
    r"^(?:Theo (?:baochinhphu|Cổng|Báo|TTXVN|VGP)|Có thể bạn quan tâm|Tin cùng chuyên mục"
    r"|Tác giả:|Link bài viết gốc|Nguồn:)"
)
_CONTINUES = re.compile(r"^(?:Đồng thời|Cùng với đó|Bên cạnh đó|Ngoài ra)\b")
_BULLET = re.compile(r"^(?:[-+•]|\(\d{1,2}\)|\([ivx]{1,4}\)|\d{1,2}\.(?!\d)|[a-zđ]\))\s*")
_NOT_A_VERB = re.compile(r"^(?:Thủ tướng|Phó Thủ tướng|Theo|Tại|Về|Ngày|Sáng|Chiều|Trong|Năm|\d)")


def _is_heading(flat: str) -> bool:
    return flat.endswith(":") and len(flat.split()) <= _HEADING_WORDS


def _paragraphs(text: str) -> list[tuple[int, str]]:
    blocks = [block for block in _BLANK_LINE.split(text) if block.strip()]
    return [(index, block) for index, block in enumerate(blocks, start=1)]


def _later_assignment(flat: str, names: _Names, namer: _Namer) -> tuple[int, _Assignee] | None:
    """The first sentence after the opening one that assigns work ("… Thủ tướng yêu cầu Bộ
    X …"), as (where it starts, its addressee)."""
    for end in _clause_ends(flat):
        if end.group(0)[0] == ";" or names.inside(end.start()):
            continue
        start = end.end()
        ask = _ASKS.match(flat, start)
        if ask is None:
            continue
        subject = _subject_at(flat, ask.end(), names, namer)
        if subject is not None:
            return start, subject
    return None


def _prose_units(text: str, reader: _Reader) -> list[_Unit]:
    units: list[_Unit] = []
    context: _Assignee | None = None
    last_was_task = False
    opens_list = False
    for number, block in _paragraphs(text):
        flat = _flat(block)
        if number == 1:
            flat = _ARTICLE_DATE.sub("", flat, count=1).strip()
        if _ARTICLE_END.match(flat):
            break
        if not flat or _CAPTION.search(flat):
            continue
        if not flat.endswith(_TERMINAL):
            continue  # a headline: it repeats a paragraph below it
        bullet = _BULLET.match(flat)
        if bullet:
            flat = flat[bullet.end() :]
        names = _Names(flat, reader.registry, reader.home)
        assignee = _addressee_at(flat, 0, names, reader.namer, search=True)
        if assignee is None and not _is_heading(flat):
            # "Phó Thủ tướng khẳng định …. Phó Thủ tướng yêu cầu các bộ, ngành …": the
            # paragraph's work starts at the later sentence that assigns it.
            later = _later_assignment(flat, names, reader.namer)
            if later is not None:
                flat, assignee = flat[later[0] :], later[1]
                names = _Names(flat, reader.registry, reader.home)
        ref = f"P{number}"
        if assignee is not None and _is_heading(flat):
            # "(1) Bộ Công an:" introduces the bullets below it.
            context, last_was_task, opens_list = assignee, True, True
            continue
        if assignee is not None:
            units.append(_Unit(ref=ref, text=flat, inherited=None))
            context, last_was_task = assignee, True
        elif context is not None and (_CONTINUES.match(flat) or bullet or opens_list):
            if _is_heading(flat):
                opens_list = True  # "- Chỉ đạo Tổng công ty …:" introduces "+" bullets
                continue
            units.append(_Unit(ref=ref, text=flat, inherited=context))
            last_was_task = True
        elif (
            context is not None
            and last_was_task
            and not _NOT_A_VERB.match(flat)
            and any(t.deadline.due is not None for t in _timings(flat, reader.issued))
        ):
            units.append(_Unit(ref=ref, text=flat, inherited=context))
        else:
            context, last_was_task = None, False
        opens_list = last_was_task and flat.endswith(":")
    return units


# =========================================================================================
# The importer
# =========================================================================================

_FORMAL_END = re.compile(
    r"^[ \t]*Nơi nhận\s*:|Văn\s+phòng\s+Chính\s+phủ\s+(?:trân\s+trọng\s+|xin\s+)?thông\s+báo\b",
    re.M,
)


_TABLE_ROW = re.compile(r"^[^\n|]*\|[^\n|]*\|[^\n]*$", re.M)


def _layout(formal: _Formal) -> Layout:
    if formal.has_task_heading:
        return Layout.FORMAL
    arabic = [n for n in formal.root.children if n.kind is _Kind.ARABIC]
    return Layout.FORMAL if len(arabic) >= 2 or formal.item_count() >= 3 else Layout.PROSE


def _home(text: str, registry: AgencyRegistry) -> str | None:
    """The one province a notice's title names ("… VỚI LÃNH ĐẠO TỈNH SƠN LA"), if exactly one."""
    title = _read_title(text, Layout.FORMAL)
    found = {
        m.agency_id
        for m in registry.mentions(title)
        if m.agency_id is not None and registry.get(m.agency_id).kind is AgencyKind.PROVINCE
    }
    return found.pop() if len(found) == 1 else None


def import_notice(
    text: str,
    registry: AgencyRegistry,
    *,
    issued: date | None = None,
    number: str | None = None,
) -> ParsedNotice:
    """Read a notice's text into its tasks (see the module docstring for the rules).

    ``issued`` and ``number``, when given, override what the text says. Raises
    :class:`IssueDateMissing` when neither gives an issue date: deadlines such as "trước
    15/2" cannot be read without it. Never raises for odd text: what it could not read is
    reported in ``warnings`` (an unreadable notice gives no tasks and says so).
    """
    text = _prepare(text)
    warnings: list[str] = []
    if issued is None:
        issued, warning = _read_issued(text)
        if warning:
            warnings.append(warning)
    if issued is None:
        raise IssueDateMissing()
    reader = _Reader(
        registry=registry, namer=_Namer(registry), issued=issued, home=_home(text, registry)
    )
    end = _FORMAL_END.search(text)
    # Table rows are read as rows (below), not as the wording of the item above them.
    items_text = _TABLE_ROW.sub("", text[: end.start()] if end else text)
    formal = _Formal(items_text, reader)
    layout = _layout(formal)
    units = formal.units() if layout is Layout.FORMAL else _prose_units(text, reader)
    units.extend(_table_units(text, reader))
    tasks = reader.tasks(units)
    if not tasks:
        warnings.append("no task was found in the text")
    if reader.leaderless:
        refs = ", ".join(dict.fromkeys(reader.leaderless))
        warnings.append(f"no lead agency was found for {refs}: those tasks are kept without one")
    return ParsedNotice(
        number=number if number is not None else _read_number(text),
        issued=issued,
        title=_read_title(text, layout),
        layout=layout,
        tasks=tuple(tasks),
        unknown_agencies=tuple(reader.unknown.values()),
        warnings=tuple(dict.fromkeys([*warnings, *reader.warnings])),
    )


# =========================================================================================
# Spotting the same task in two sources
# =========================================================================================

_TOKEN = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(
    {
        "và", "các", "của", "cho", "với", "trong", "theo", "để", "được", "là", "có", "đã",
        "đang", "sẽ", "từ", "đến", "tại", "về", "này", "những", "một", "bảo", "đảm", "thực",
        "hiện", "triển", "khai", "hoàn", "thành", "năm", "tháng", "ngày", "trước",
    }
)  # fmt: skip


def _tokens(text: str) -> frozenset[str]:
    words = _TOKEN.findall(normalise_text(text))
    return frozenset(w for w in words if w not in _STOPWORDS and not w.isdigit())


def word_overlap(a: str, b: str) -> float:
    """Shared words over the words of the shorter text (0 … 1), ignoring function words
    and numbers: a press summary that restates an item scores high against the item."""
    first, second = _tokens(a), _tokens(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


SAME_TASK_OVERLAP = 0.6
"""The :func:`word_overlap` from which two texts with the same lead and due are one task."""


def same_task(a: ParsedTask, b: ParsedTask) -> bool:
    """Whether ``a`` and ``b`` are the same obligation read from two sources (a press
    article and the notice): same lead, same due date (or both undated), and at least
    :data:`SAME_TASK_OVERLAP` of the shorter text's words shared."""
    return (
        a.lead == b.lead
        and a.deadline.due == b.deadline.due
        and word_overlap(a.text, b.text) >= SAME_TASK_OVERLAP
    )
