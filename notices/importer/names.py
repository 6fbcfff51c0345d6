"""Finding names: registry mentions, unknown names, collective addressees written as titles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.agencies import AgencyMention, AgencyRegistry
from domain.errors import TrackerError
from notices.importer.name_words import (
    _NOT_A_BODY,
    _WORD,
    _following_word,
    _name_words,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Name:
    """A name found in flat text: a registry agency or group, or a body it does not know."""

    agency_id: str | None
    group_id: str | None
    written: str
    start: int
    end: int
    vague: bool = False
    """A collective the text does not pin down ("các cơ quan, tổ chức", "các địa phương có
    dự án đi qua"): no agency or group of the registry, for the admin to map."""


_UNKNOWN_DESIGNATOR = re.compile(
    # "Quân khu 7", "Bộ Tư lệnh Công binh": military commands (before "Bộ" as a ministry's).
    r"(?<!\w)(?P<region>Quân khu \d{1,2}|Quân đoàn \d{1,2})(?!\w)"
    r"|(?<!\w)(?P<command>Bộ Tư lệnh )(?=[A-ZĐ])"
    # A province's own office or centre, named with the province's level: "Văn phòng UBND
    # tỉnh", "Trung tâm Thông tin tỉnh", "Công an Thành phố".
    r"|(?<!\w)(?P<office>(?:Văn phòng (?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND)"
    r"|Trung tâm [A-ZĐ]\w*(?: [^\W\d_]+){0,5}?|Công an"
    # "Ban Quản lý khu kinh tế tỉnh", "Ban Quản lý các khu công nghiệp tỉnh".
    r"|Ban Quản lý (?:các )?[Kk]hu (?:kinh tế|công nghiệp)) (?:tỉnh|[Tt]hành phố|Tỉnh))(?!\w)(?! [A-ZĐ])|"
    # A steering committee and its office: "Văn phòng Thường trực Ban Chỉ đạo 389 quốc gia".
    # A steering committee that assigns ("Ban Chỉ đạo Trung ương") is not one of them.
    r"(?<!\w)(?P<steering>(?:Văn phòng (?:Thường trực )?|Thường trực )?Ban Chỉ đạo \d{1,4}"
    r"(?: quốc gia| các bộ, ngành(?:, địa phương)?)?|Văn phòng (?:Thường trực )?Ban Chỉ đạo(?: (?:quốc gia|Trung ương))?(?!\w))"
    r"|(?<!\w)(?:(?P<party>(?:Ban Thường vụ |Thường trực )?(?:Tỉnh ủy|Thành ủy|Tỉnh uỷ|Thành uỷ))"
    r"|(?P<designator>Bộ|Sở|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Tập đoàn|Tổng công ty)\s+)"
    # "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố", "Hội Liên hiệp Phụ nữ Thành phố",
    # "Liên minh Hợp tác xã Tỉnh": a mass organisation, named by capitalised words.
    r"|(?<!\w)(?P<society>(?:Ủy ban|Uỷ ban|Hội|Hiệp hội|Liên minh|Liên đoàn) )(?=[A-ZĐ])"
    r"|(?P<council>(?:Hội đồng|Ban Quản lý|Tổ công tác|Đoàn kiểm tra)"
    r"(?: (?!của|về|và|tại|trong|để|đã|sẽ|có)[a-zà-ỹđ]+){0,5}"
    r" )(?=[A-ZĐ])"
)
_PROVINCE_AFTER = re.compile(r" (?:tỉnh|thành phố) ")
# "UBND TP. Vinh": the city's level abbreviated, written out in the name read.
_LOCAL_LEVEL = re.compile(
    r"(?i:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+|T[Pp](?:\.\s?|\s)(?=[A-ZĐ])"
)
_CITY_SHORT = re.compile(r"\bT[Pp](?:\.\s?|\s(?=[A-ZĐ]))")


def _as_mentions(names: Iterable[_Name]) -> list[AgencyMention]:
    return [
        AgencyMention(
            agency_id=n.agency_id, group_id=n.group_id, text=n.written, start=n.start, end=n.end
        )
        for n in names
        if n.agency_id is not None or n.group_id is not None
    ]


def _unknown_names(
    flat: str, known: Sequence[AgencyMention], collectives: Sequence[tuple[int, int]] = ()
) -> list[_Name]:
    """Bodies that look like agencies ("Sở Tư pháp", "Bộ Kế hoạch Đầu tư", "Thường trực
    Tỉnh ủy") and are not registry mentions. After the designator come capitalised words,
    each with at most one lowercase word, so "Sở Tư pháp tham mưu" reads as "Sở Tư pháp"."""
    covered = [(m.start, m.end) for m in known]
    found: list[_Name] = []
    for match in _UNKNOWN_DESIGNATOR.finditer(flat):
        start = match.start()
        if any(a <= start < b for a, b in covered):
            continue
        if any(a <= start < b for a, b in collectives):
            continue  # "Liên minh Hợp tác xã cấp tỉnh": inside a collective
        if match.group("steering") or match.group("region") or match.group("office"):
            end = match.end()
        elif match.group("council") or match.group("society") or match.group("command"):
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
            if match.group("designator") == "Sở" and (level := _PROVINCE_AFTER.match(flat, end)):
                # "Sở Nông nghiệp và Môi trường tỉnh Nghệ An": the province's department.
                end = next((b for a, b in covered if a in (end + 1, level.end())), end)
        # "Ban Chỉ đạo 389 các bộ, ngành, địa phương": the steering committees of a group
        # take in the group's name.
        # So does a local branch of a national body ("Ủy ban Mặt trận Tổ quốc Việt Nam
        # Thành phố" is not the national committee).
        # So does a city's department named with its city ("Sở Quy hoạch - Kiến trúc Hà Nội").
        steering = match.group("steering") is not None
        society = match.group("society") is not None
        department = match.group("designator") == "Sở"
        if any(
            a < end
            and start < b
            and not (
                (steering or society)
                and start <= a
                and b <= end
                and (steering or (start, end) != (a, b))
            )
            and not (department and start < a and b == end)
            for a, b in covered
        ):
            continue
        found.append(
            _Name(
                agency_id=None,
                group_id=None,
                written=_CITY_SHORT.sub("thành phố ", flat[start:end]),
                start=start,
                end=end,
            )
        )
    return found


# Collective addressees written with the titles of the people who head them: the bodies
# they head. Longest first; each is a group id of the registry.
_MINISTRY_HEADS = (
    r"(?:(?:[Cc]ác )?(?:đồng chí )?Bộ trưởng(?: các [Bb]ộ)?, Thủ trưởng (?:các )?cơ quan ngang [Bb]ộ"
    # "Bộ trưởng các bộ, ngành": the ministers, the ministries they head.
    r"|(?:[Cc]ác )?(?:đồng chí )?Bộ trưởng các [Bb]ộ, ngành"
    r"|[Cc]ác [Bb]ộ, cơ quan ngang [Bb]ộ|[Cc]ác [Bb]ộ(?=, cơ quan (?:trực )?thuộc Chính phủ))"
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


# A registry group narrowed by what follows it ("các địa phương có dự án đi qua", "các bộ,
# ngành liên quan"): only some of its members are meant, and the text does not say which.
_NARROWING = re.compile(
    r"\s+(?:(?:có\s+)?liên quan(?!\w)"
    r"|(?:nơi\s+)?có\s+(?:dự án|công trình|tuyến|đường)(?:[^,;.:]{0,40}?\s+đi qua(?!\w))?)"
)
# A group counted ("11 Bộ, cơ quan", "36 bộ, cơ quan trung ương và địa phương"): that many
# of its members, which the text does not name.
_COUNT_BEFORE = re.compile(r"(?<![\w/.,])\d{1,3} $")
# Collectives the registry has no group for: "các cơ quan, tổ chức", "các cơ quan liên
# quan", "các cơ quan, đơn vị liên quan".
_BODY_WORD = r"(?:cơ quan|đơn vị|tổ chức)(?!\w)"
# "và các tổ chức thành viên, các tổ chức chính trị xã hội, Hội Chữ thập đỏ Việt Nam": the
# kind of organisation belongs to the collective, so the list goes on after it.
_BODY_KIND = r"(?: thành viên| chính trị[ -]+xã hội)?(?!\w)"
_COLLECTIVE = re.compile(
    rf"(?<!\w)[Cc]ác {_BODY_WORD}{_BODY_KIND}"
    rf"(?:(?:,\s*|\s+và\s+)(?:các\s+)?(?:{_BODY_WORD}{_BODY_KIND}|địa phương(?!\w)|cá nhân(?!\w)))*"
    # "các cơ quan, tổ chức, cá nhân ngoài nhà nước": outside the state.
    r"(?: ngoài nhà nước(?!\w))?"
)


# More collectives, each a small named pattern; they take in the names written inside them
# ("các sở, ban, ngành, đoàn thể Thành phố", where "Thành phố" alone names the home city).
_COLLECTIVES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        # "Chính phủ yêu cầu 11 Bộ, cơ quan …", "36 bộ, cơ quan trung ương và địa phương chưa
        # gửi báo cáo …", "5 thành phố trực thuộc Trung ương …": that many, not named.
        (
            "counted_bodies",
            r"(?<![\w/.,])\d{1,3} (?:[Bb]ộ|tỉnh|thành phố|địa phương)(?:(?:, | và )(?:cơ quan"
            r"|ngành|địa phương|thành phố|tỉnh)(?: trung ương)?)*(?: trực thuộc [Tt]rung [Ưư]ơng)?"
            r"(?!\w)",
        ),
        # "Các Trung tâm Phục vụ hành chính công các cấp công khai …": a kind of centre at
        # every level.
        ("centres", r"(?<!\w)[Cc]ác [Tt]rung tâm (?:[^\W\d_]+ ){1,6}?các cấp(?!\w)"),
        # "Thứ hai, các chủ thể có liên quan phải nắm chắc …"
        ("parties_concerned", r"(?<!\w)[Cc]ác chủ thể(?: có)? liên quan(?!\w)"),
        # "Thủ tướng nhắc nhở một số bộ, ngành khẩn trương …": some, not named.
        (
            "some_bodies",
            r"(?<!\w)[Mm]ột số (?:[Bb]ộ|cơ quan|địa phương)(?:, (?:ngành|cơ quan|địa phương))*(?!\w)",
        ),
        # "Thủ tướng yêu cầu các tỉnh thực hiện ngay công tác bồi thường …" where the notice
        # names no provinces of its own: the provinces concerned, for the admin to name.
        (
            "provinces_concerned",
            r"(?<![\w ]UBND )(?<!nhân dân )(?<!\w)[Cc]ác tỉnh(?!\w)(?!\s*,\s*thành phố)"
            r"(?!\s+[A-ZĐ])(?!\s*:)",
        ),
        # "Các lực lượng chức năng phải liên tục ra quân …"
        ("forces", r"(?<!\w)[Cc]ác lực lượng(?: chức năng)?(?!\w)"),
        # "Cơ quan thanh tra khẩn trương hoàn thành …": a kind of body, not a body.
        ("kind_of_body", r"(?<!\w)(?:[Cc]ác )?[Cc]ơ quan (?:thanh tra|chức năng|báo chí)(?!\w)"),
        # "các sở, ban, ngành, đoàn thể Thành phố", "Các sở, ban, ngành tỉnh", "các sở, ngành
        # tỉnh", "các sở, ban ngành cấp tỉnh": a province's departments, which the registry
        # does not list.
        (
            "departments",
            r"(?<!\w)[Cc]ác [Ss]ở, (?:ban,? )?ngành(?!, đơn vị)(?:, đoàn thể)?"
            r"(?: (?:(?:cấp )?tỉnh|Tỉnh|(?:cấp )?thành phố|Thành phố)(?![ \t]*[A-ZĐ]))?",
        ),
        # "Liên minh Hợp tác xã cấp tỉnh", "Hội Nông dân các cấp": a mass organisation's
        # local branches.
        (
            "local_branches",
            r"(?<!\w)(?:Liên minh Hợp tác xã|Liên đoàn Lao động|Hội Nông dân|Hội Liên hiệp Phụ nữ"
            r"|Hội Cựu chiến binh|Đoàn Thanh niên) (?:các cấp|cấp (?:tỉnh|huyện|xã|cơ sở))(?!\w)",
        ),
        # "4. Các Sở, ngành, đơn vị liên quan kiện toàn …"
        ("departments_concerned", r"(?<!\w)[Cc]ác [Ss]ở, ngành, đơn vị (?:có )?liên quan(?!\w)"),
        # "UBND các huyện, thị xã, thành phố có đường QL1A đi qua …": a province's districts,
        # which the registry does not list (a named list has a colon: ``local_lists``).
        (
            "districts",
            r"(?<!\w)(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) )?các (?:huyện|quận)"
            r"(?:, (?:thị xã|thành phố|quận|huyện))*(?!\w)(?!\s*:)(?! [A-ZĐ])",
        ),
        # "UBND các xã, phường tăng cường …": the communes, which the registry does not list.
        (
            "communes",
            r"(?<!\w)(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (?:các )?(?:xã, phường|phường, xã)"
            r"(?!\w)",
        ),
        # "Các Chủ đầu tư/Ban Quản lý dự án, tư vấn, các nhà thầu tiếp tục rà soát …": the
        # projects' investors, which the registry does not list.
        (
            "investors",
            r"(?<!\w)[Cc]ác [Cc]hủ đầu tư(?:(?:\s*/\s*|, (?:các )?| và (?:các )?)(?:[Bb]an [Qq]uản lý"
            r" dự án|[Nn]hà thầu(?: thi công)?))?(?!\w)",
        ),
        # "Các Ban Quản lý dự án, các nhà thầu …"
        (
            "project_boards",
            r"(?<!\w)[Cc]ác [Bb]an [Qq]uản lý dự án(?:(?:,| và) (?:các )?nhà thầu(?: thi công)?)?"
            r"(?!\w)",
        ),
    )
)


def _vague_names(flat: str, names: list[_Name]) -> list[_Name]:
    """``names`` with each narrowed group made vague, and the unregistered collectives
    added (vague too), in no particular order."""
    for _, pattern in _COLLECTIVES:
        for match in pattern.finditer(flat):
            start, end = match.span()
            if any(
                n.start < end and start < n.end and not (start <= n.start and n.end <= end)
                for n in names
            ):
                continue
            names = [n for n in names if not (start <= n.start and n.end <= end)]
            narrowing = _NARROWING.match(flat, end)  # "… có đường QL1A đi qua"
            names.append(_vague(flat, start, narrowing.end() if narrowing else end))
    found: list[_Name] = []
    for name in names:
        narrowing = _NARROWING.match(flat, name.end) if name.group_id is not None else None
        count = _COUNT_BEFORE.search(flat, 0, name.start) if name.group_id is not None else None
        if narrowing is None and count is None:
            found.append(name)
            continue
        end = narrowing.end() if narrowing else name.end
        found.append(_vague(flat, count.start() if count else name.start, end))
    spans = [(n.start, n.end) for n in found]
    for match in _COLLECTIVE.finditer(flat):
        if any(a < match.end() and match.start() < b for a, b in spans):
            continue
        narrowing = _NARROWING.match(flat, match.end())
        found.append(_vague(flat, match.start(), narrowing.end() if narrowing else match.end()))
    return found


def _vague(flat: str, start: int, end: int) -> _Name:
    return _Name(
        agency_id=None, group_id=None, written=flat[start:end], start=start, end=end, vague=True
    )


class _Names:
    """Every name of a flat text, looked up by where it starts. ``home`` is the id of the
    one province a notice is about: "Tỉnh", "Thành phố" alone then name it."""

    def __init__(self, flat: str, registry: AgencyRegistry, home: str | None = None) -> None:
        from notices.importer.local_lists import local_members  # they build on _Name
        from notices.importer.ministers import minister_names
        from notices.importer.short_names import short_ministries

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
        names = short_ministries(flat, names, registry)
        names.extend(minister_names(flat, registry, [(n.start, n.end) for n in names]))
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
        names = _vague_names(flat, names)
        self.unknown = _unknown_names(
            flat, [*mentions, *_as_mentions(names)], [(n.start, n.end) for n in names if n.vague]
        )
        self.unknown.extend(local_members(flat))
        names = [
            n for n in names if not any(u.start <= n.start and n.end <= u.end for u in self.unknown)
        ]
        self.all = sorted([*names, *self.unknown], key=lambda n: n.start)
        self.by_start = {name.start: name for name in self.all}
        self.spans = [(name.start, name.end) for name in self.all]

    def inside(self, position: int) -> bool:
        """Whether ``position`` falls strictly inside a name (a "; " there is no boundary)."""
        return any(start < position < end for start, end in self.spans)
