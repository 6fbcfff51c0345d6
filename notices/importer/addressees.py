"""Addressees: lists of names, who a clause assigns work to, and the co-operating agencies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from domain.agencies import AgencyKind, AgencyRegistry, normalise_name
from notices.importer.names import _WORD, _Name, _name_words, _Names
from notices.importer.text import _clause_ends

# A comma, "và", or — where a comma was left out — a space before "các tỉnh …" ("Bộ Quốc
# phòng các tỉnh Ninh Bình, Hưng Yên").
_LIST_JOIN = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+|\s+(?=các\s+(?:tỉnh|thành phố)\s+[A-ZĐ])")
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
_COMPANIES = re.compile(
    r"(?:[Cc]ác\s+)?(?:Tập đoàn|Tổng công ty)(?:,\s*(?:Tổng công ty|TCT))?\s*:\s*"
)
_INVESTOR = re.compile(r"(?:[Nn]hà đầu tư|[Cc]hủ đầu tư)\s*\(\s*")
_CLOSING = re.compile(r"\s*\)")
_TITLE_BEFORE_NAME = re.compile(
    r"(?:[Đđ]ồng chí\s+)?(?:Bộ trưởng|Thủ trưởng|Chủ tịch|Giám đốc|Tổng Giám đốc|Thống đốc"
    r"|Tổng Kiểm toán Nhà nước)\s+(?=[^\W\d_])"
)
# What may follow a subject; these words instead make the names an object or a topic.
# "đã" is a report ("Bộ Xây dựng đã chủ động …") unless a duty follows ("… đã có dữ liệu …
# có trách nhiệm cập nhật").
_NOT_AFTER_SUBJECT = re.compile(
    r"\s*(?:là|của|đang|được|cho biết|về|tại|trong|thuộc|với(?! vai trò)|nêu(?! gương)|do|gồm|bao gồm|vừa|chưa"
    r"|báo cáo tại|phát biểu|có (?!trách nhiệm)|thống nhất|đã(?!.{0,160}(?:có trách nhiệm|phải|cần)))(?!\w)"
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
    vague: bool = False
    """The lead is a collective the registry cannot resolve (see ``_Name.vague``)."""


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
        if name.vague:
            return name.written[:1].upper() + name.written[1:]
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
        co = tuple(
            dict.fromkeys(
                self.canonical(n) for n in names[1:] if n.group_id is None and not n.vague
            )
        )
        return _Assignee(
            lead=self.canonical(first),
            lead_known=first.agency_id is not None or first.group_id is not None,
            lead_key=self.key(first),
            co=tuple(c for c in co if c != self.canonical(first)),
            vague=first.vague,
        )

    def listed(self, names: Sequence[_Name]) -> _Assignee:
        """A named list of agencies: the smallest registry group holding them all, with them
        as its members (provinces as the provinces' group)."""
        if all(map(self.is_province, names)):
            return self.assignee(names, listed=True)
        kinds = {self.registry.get(n.agency_id).kind for n in names if n.agency_id is not None}
        fitting = [g for g in self.registry.groups() if kinds <= set(g.kinds)]
        if any(n.agency_id is None for n in names):
            return self.assignee(names)
        if not fitting:
            # "các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân
            # đội": no group holds them; each named body is obliged, the first leads.
            first = names[0]
            return _Assignee(
                lead=self.canonical(first),
                lead_known=True,
                lead_key=self.key(first),
                members=tuple(dict.fromkeys(self.canonical(n) for n in names)),
            )
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
    # "… yêu cầu đối với các dự án không áp dụng …, thì các cơ quan, tổ chức chịu trách
    # nhiệm …": the condition comes first, the addressee after "thì".
    r"|[Đđ]ối với [^;.:]{1,300}?,?\s+thì\s+"
    r"|Đối với\s+"
    r"|\((?:\d{1,2}|[ivx]{1,5})\)\s*"
    # "Thống nhất với đề xuất, kiến nghị của Bộ Tài chính, …": the proposal agreed is its
    # author's to carry out.
    r"|Thống nhất với (?:(?:các )?(?:đề xuất|kiến nghị|đề nghị|báo cáo|phương án)(?:,? )?){1,3}"
    r"của\s+"
    # "Sau khi được Quốc hội thông qua, các Bộ, cơ quan, địa phương …": the condition first.
    r"|(?:Ngay )?[Ss]au khi (?!nghe\b|xem xét\b|được nghe\b)[^,;.:]{1,150}?,\s*"
    r"|Để [^,;.:]{1,150}?,\s*)"
)
_ASSIGN_VERB = (
    r"(?:Giao|Yêu cầu|Đề nghị|giao|yêu cầu|đề nghị)(?: cho)?\s+(?:đồng chí\s+)?(?:từng\s+|mỗi\s+)?"
)
_INTRO = re.compile(rf"{_LEADING_PHRASE}|{_ASSIGN_VERB}")
_LEADING = re.compile(_LEADING_PHRASE)
# "… Thủ tướng (trước hết) yêu cầu <addressee>" anywhere in a paragraph's opening.
_ASKS = re.compile(
    # The title may carry a role after a dash: "Phó Thủ tướng Thường trực Chính phủ Nguyễn
    # Hòa Bình - Trưởng ban Chỉ đạo về … (Ban chỉ đạo 751) yêu cầu …".
    r"(?:Thủ tướng|Phó Thủ tướng|Chính phủ)(?: Chính phủ)?[^.;:]{0,60}?(?:\s[-–]\s[^.;:]{0,200}?)?"
    r"\s(?:giao|yêu cầu|đề nghị"
    r"|chỉ đạo)(?: cho)?\s+(?:đồng chí\s+)?(?:từng\s+|mỗi\s+)?"
    r"|(?:Thủ tướng|Phó Thủ tướng)(?: Chính phủ)?[^.;:]{0,60}?\s(?:chỉ rõ|lưu ý|nhấn mạnh)\s*,\s*"
    r"|(?<![\w])(?:giao|Giao|yêu cầu|Yêu cầu|đề nghị|Đề nghị)(?: cho)?\s+(?:đồng chí\s+)?"
    r"(?:từng\s+|mỗi\s+)?"
)
_OPENING = 400
# A sentence that reports results rather than giving work ("Kết quả đạt được thời gian qua
# là nhờ …", "… đã hoàn thành …").
_REPORT_WORDS = re.compile(
    r"(?i)(?:kết quả đạt được|thời gian (?:vừa )?qua|hiện nay|hoan nghênh|đây là|có ý nghĩa"
    r"|đã đạt được|đã hoàn thành|là nhờ|ghi nhận|biểu dương)"
)
_PAST = re.compile(r"(?<!\w)đã(?!\w)")


def _past(flat: str, start: int, ask: re.Match[str]) -> bool:
    """ "Thời gian qua, Chính phủ, Thủ tướng Chính phủ đã rất quyết liệt chỉ đạo các bộ,
    ngành, địa phương …": an assignment made before and reported, not one given here."""
    past = _PAST.search(ask.group(0)) or flat[max(0, ask.start() - 3) : ask.start()] == "đã "
    return bool(past) and _REPORT_WORDS.search(flat, start, ask.end()) is not None


# "Để đẩy nhanh tiến độ triển khai, đưa vào vận hành, khai thác …, các bộ, ngành …": a
# purpose, like a topic, may hold commas before the addressee.
_TOPIC = re.compile(r"(?:Về|[Tt]rên cơ sở|Căn cứ|Để)\s")
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
                # "Về …: đề nghị các Tập đoàn: …": the addressee after the request.
                asks = _INTRO.match(flat, colon.end())
                if asks is not None and asks.end() > colon.end():
                    starts.append(asks.end())
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
    """The addressee a clause starting at ``position`` names, if it opens with one (see
    :func:`_addressee_span`)."""
    found = _addressee_span(flat, position, names, namer, search=search)
    return found[0] if found is not None else None


def _addressee_span(
    flat: str, position: int, names: _Names, namer: _Namer, *, search: bool = False
) -> tuple[_Assignee, int] | None:
    """The addressee a clause starting at ``position`` names and where its words end, if
    it opens with one; the end is where the task's own wording (its title) begins.

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
        starts.extend(
            m.end() for m in _ASKS.finditer(flat, position, limit) if not _past(flat, position, m)
        )
        # "2. Đẩy mạnh hoàn thiện thể chế: Các bộ khẩn trương …": the addressee after the
        # item's inline heading.
        colon = _COLON.search(flat, position, min(len(flat), position + _TOPIC_COLON_SPAN))
        if colon is not None:
            starts.append(colon.end())
    for start in starts:
        found = _subject_span(flat, start, names, namer)
        if found is not None:
            return found
    return None


# A task given to a person ("Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo"):
# the person is the lead, as written, for the admin to map to a body.
_PERSON = re.compile(r"(?:đồng chí\s+)?Phó Thủ tướng(?: Chính phủ)?(?: Thường trực)?\s+(?=[A-ZĐ])")


_ROLE_DASH = re.compile(r"\s[-–]\s")
_DIRECTS = re.compile(r"\s+(?:trực tiếp\s+)?chỉ đạo\s+(?:các\s+)?")


def _person_at(flat: str, start: int, names: _Names) -> tuple[_Assignee, int] | None:
    title = _PERSON.match(flat, start)
    if title is None:
        return None
    end = _name_words(flat, title.end())
    if len(flat[title.end() : end].split()) < 2 or _NOT_AFTER_SUBJECT.match(flat, end):
        return None
    if _ROLE_DASH.match(flat, end) and _ASKS.match(flat, start):
        return None  # "Phó Thủ tướng … A - Trưởng ban … yêu cầu …": the one who asks
    directs = _DIRECTS.match(flat, end)
    if directs is not None and directs.end() in names.by_start:
        return None  # "… trực tiếp chỉ đạo Bộ Nội vụ khẩn trương …": the body acts
    written = flat[title.start() : end]
    if written.startswith("đồng chí "):
        written = written[len("đồng chí ") :]
    assignee = _Assignee(lead=written, lead_known=False, lead_key="?" + normalise_name(written))
    return assignee, end


def _ministry_list(
    flat: str, start: int, namer: _Namer, names: _Names | None = None
) -> tuple[_Assignee, int] | None:
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
    # "Các Bộ: Kế hoạch và Đầu tư, …, Ủy ban nhân dân thành phố Hà Nội và Ủy ban nhân dân
    # Thành phố Hồ Chí Minh": the list goes on with other bodies, named in full.
    while names is not None:
        join = _LIST_JOIN.match(flat, members[-1].end)
        following = names.by_start.get(join.end()) if join else None
        if following is None or following.agency_id is None:
            break
        members.append(following)
    end = members[-1].end
    if len(members) == 1:
        return namer.assignee(members), end
    return namer.listed(members), end


def _investor_at(flat: str, start: int, names: _Names) -> tuple[_Name, int] | None:
    """ "Nhà đầu tư (Tập đoàn Đèo Cả)": the body in the parenthesis, and where the
    parenthesis closes (where the body's name ends when it is left open)."""
    investor = _INVESTOR.match(flat, start)
    if investor is None or investor.end() not in names.by_start:
        return None
    name = names.by_start[investor.end()]
    closing = _CLOSING.match(flat, name.end)
    return name, closing.end() if closing else name.end


def _subject_at(flat: str, start: int, names: _Names, namer: _Namer) -> _Assignee | None:
    """The addressee a clause names right at ``start`` (see :func:`_subject_span`)."""
    found = _subject_span(flat, start, names, namer)
    return found[0] if found is not None else None


def _subject_span(
    flat: str, start: int, names: _Names, namer: _Namer
) -> tuple[_Assignee, int] | None:
    """The addressee written right at ``start`` and where its words end: a named list of
    ministries or provinces, the provinces' group, companies, an investor, a list of names
    or a person."""
    ministries = _ministry_list(flat, start, namer, names)
    if ministries is not None:
        return ministries
    listed = _EXPLICIT_LIST.match(flat, start)
    if listed:
        first = _name_from(listed.end(), listed.start(), names)
        members, end = _name_list(flat, first.start, names) if first else ([], start)
        if members and all(namer.is_province(m) for m in members):
            return namer.assignee(members, listed=True), end
    generic = _GENERIC_PROVINCES.match(flat, start)
    if (
        generic
        and namer.provinces is not None
        and start not in names.by_start
        and not _NOT_AFTER_SUBJECT.match(flat, generic.end())
    ):
        group = namer.provinces
        return _Assignee(lead=group.name, lead_known=True, lead_key=group.id), generic.end()
    companies = _COMPANIES.match(flat, start)
    if companies and companies.end() in names.by_start:
        start = companies.end()
    investor = _investor_at(flat, start, names)
    if investor is not None:
        # "Yêu cầu Nhà đầu tư (Tập đoàn Đèo Cả) rà soát …": the body in the parenthesis.
        name, closed = investor
        if closed > name.end and not _NOT_AFTER_SUBJECT.match(flat, closed):
            return namer.assignee([name]), closed
    found, end = _name_list(flat, start, names)
    if not found:
        return _person_at(flat, start, names)
    if _NOT_AFTER_SUBJECT.match(flat, end):
        return None
    if companies and ":" in companies.group(0) and len(found) > 1:
        return namer.listed(found), end  # a named list of companies: each of them is obliged
    following = _WORD.match(flat, end + 1) if flat[end : end + 1] == " " else None
    if following is not None and following.group(0)[0].isupper():
        return None  # a title and a person's name: "Giám đốc Bệnh viện Bạch Mai Đào Xuân Cơ"
    return namer.assignee(found), end


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
                if name.group_id is None and not name.vague:
                    found.append(name)
                position = name.end
                continue
            filler = _CO_FILLER.match(flat, position)
            if filler is None or filler.end() == position:
                break
            position = filler.end()
    return found
