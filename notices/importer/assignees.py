"""Lists of names and who they make the addressee: the joint-lead, group and province rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from domain.agencies import AgencyKind, AgencyRegistry, normalise_name
from notices.importer.names import _Name, _Names

# A comma, "và", or — where a comma was left out — a space before "các tỉnh …" ("Bộ Quốc
# phòng các tỉnh Ninh Bình, Hưng Yên").
_LIST_JOIN = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+|\s+(?=các\s+(?:tỉnh|thành phố)\s+[A-ZĐ])")
_PLACE_WORDS = re.compile(r"(?:các\s+)?(?:tỉnh|thành phố)\s+")
_EXPLICIT_LIST = re.compile(
    r"(?:\d{1,2}\s+)?(?:(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+)?[Cc]ác\s+"
    # "Chủ tịch Ủy ban nhân dân các địa phương Hà Tĩnh, Quảng Trị, …": provinces named.
    r"(?:tỉnh|thành phố|địa phương)(?:,\s*(?:thành phố|tỉnh))?\s*:?\s+"
)
# "Các Bộ, cơ quan: Tài chính, Công Thương, Y tế", "các Bộ: Xây dựng, Nội vụ": the named
# ministries (each name read with "Bộ " before it), never the whole group.
_MINISTRY_LIST = re.compile(
    r"(?:(?:đồng chí\s+)?(?:Bộ trưởng|Lãnh đạo)\s+)?[Cc]ác\s+[Bb]ộ"
    # "Các Bộ: Tài chính, Y tế", and "Các Bộ Tài chính, Công Thương" with no colon.
    r"(?:(?:,\s*(?:cơ quan|ngành))?\s*:\s*|\s+(?=[A-ZĐ]))"
)
_GENERIC_PROVINCES = re.compile(
    r"(?:(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+)?[Cc]ác\s+tỉnh,\s*thành phố"
    r"(?!\s*trực)"
)
# Where the notice has provinces of its own (``_Namer.defined_provinces``), the wordings that
# refer back to them: "các tỉnh" with no name after it, "Ủy ban nhân dân các tỉnh", "(các cấp
# ủy,) chính quyền địa phương", and "Lãnh đạo 4 tỉnh" when it has that many (``n``).
_OWN_PROVINCES = re.compile(
    r"(?:(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+)?[Cc]ác\s+tỉnh(?!\w)"
    r"(?!\s*,\s*thành phố)(?!\s+[A-ZĐ])"
    r"|(?:[Cc]ác cấp ủy(?: Đảng)?,\s*)?[Cc]hính quyền(?: các cấp)?(?: các)? địa phương(?!\w)"
    r"(?!\s+(?:hai|2|02) cấp)"
    r"|(?:(?:[Ll]ãnh đạo|[Cc]hủ tịch\s+(?:Ủy ban nhân dân|UBND)|Ủy ban nhân dân|UBND)\s+)?"
    r"(?P<n>\d{1,2}|hai|ba|bốn|sáu|bảy|tám|chín|mười)\s+tỉnh(?!\w)(?!\s*,\s*thành phố)"
)
_NUMBER_WORDS = {"hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
# "Chủ tịch Ủy ban nhân dân cấp tỉnh", "UBND cấp tỉnh": the provinces' group named by their
# level, which in a notice that defines its provinces (or a stretch of the coast) means those.
_PROVINCE_LEVEL = re.compile(r"\bcấp tỉnh$")
# "Các Tập đoàn: …", and without the colon "Các Tập đoàn EVN, VNPT, Viettel phối hợp …":
# a named list of companies.
_COMPANIES = re.compile(
    r"(?:[Cc]ác\s+)?(?:Tập đoàn|Tổng công ty)(?:,\s*(?:Tổng công ty|TCT))?\s*:\s*"
    r"|[Cc]ác\s+(?:Tập đoàn|Tổng công ty)\s+(?=[A-ZĐ])"
)
_INVESTOR = re.compile(r"(?:[Nn]hà đầu tư|[Cc]hủ đầu tư)\s*\(\s*")
_CLOSING = re.compile(r"\s*\)")
# A title before the body it heads, as notices write it and as the press does, in lower case
# ("… yêu cầu giám đốc các sở, ban, ngành và chủ tịch UBND các huyện …").
_TITLE_BEFORE_NAME = re.compile(
    r"(?:[Đđ]ồng chí\s+)?(?:[Bb]ộ trưởng|[Tt]hủ trưởng|[Cc]hủ tịch|[Gg]iám đốc|[Tt]ổng [Gg]iám đốc"
    r"|[Tt]hống đốc|Tổng Kiểm toán Nhà nước|Tổng(?= Thanh tra Chính phủ))\s+(?=[^\W\d_])"
)
# What may follow a subject; these words instead make the names an object or a topic.
# "đã" is a report ("Bộ Xây dựng đã chủ động …", "Các cơ quan cũng đã trình …") unless a duty
# follows ("… đã có dữ liệu … có trách nhiệm cập nhật").
_NOT_AFTER_SUBJECT = re.compile(
    # "Bộ Ngoại giao được yêu cầu chủ trì …", "Sở Giao thông vận tải được giao nhiệm vụ
    # khẩn trương …", "… được giao chỉ đạo …", "… được phân công làm việc với …" are asked;
    # "… được giao vốn", "… được giao tại Nghị quyết …" report.
    r"\s*(?:là(?! cần\b| phải\b)|của|đang"
    r"|được(?! yêu cầu| giao nhiệm vụ (?!tại|theo)| phân công (?!tại|theo)"
    r"| giao (?!vốn|kinh phí|đất|tại|theo|trong|năm|kế hoạch|dự toán|nhiệm vụ|chỉ tiêu)\w)|cho biết|về|tại|trong|thuộc|với(?! vai trò)|nêu(?! gương)|do|gồm"
    r"|bao gồm|vừa|chưa|báo cáo tại|phát biểu|có (?!trách nhiệm)|thống nhất|nhận được"
    # "Thông tấn xã Việt Nam ngày 09 tháng 11 năm 2011, có bài: …": the press reported.
    r"|(?:số \d+ )?ngày \d[^,.;]{0,30},? (?:có|đăng)(?: bài)?"
    r"|(?:cũng |đều )?đã(?!.{0,160}(?:có trách nhiệm|phải|cần))"
    # "Văn phòng Chính phủ thông báo kết luận của Phó Thủ tướng …" relays whose work it is.
    r"|thông báo (?:ý kiến |nội dung )?(?:kết luận|ý kiến|chỉ đạo))(?!\w)"
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
        self._defined: tuple[str, ...] = ()
        self._later: Callable[[], tuple[str, ...]] | None = None
        self.issuer: str | None = None
        """The province whose own notice this is (its title says so), if any: its asking
        ("UBND tỉnh X yêu cầu Sở Y …") gives the work to the bodies asked."""

    @property
    def defined_provinces(self) -> tuple[str, ...]:
        """The provinces the notice calls "các tỉnh, thành phố" (``definitions``); those it
        counts are read only when a wording refers to them (``provinces_later``)."""
        if self._later is not None:
            self._defined, self._later = self._later(), None
        return self._defined

    @defined_provinces.setter
    def defined_provinces(self, provinces: tuple[str, ...]) -> None:
        self._defined, self._later = provinces, None

    def provinces_later(self, read: Callable[[], tuple[str, ...]]) -> None:
        """Read the notice's own provinces with ``read`` when they are first asked for."""
        self._defined, self._later = (), read

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
        together = self.joint_group(names) if joint else None
        if together is not None:
            return together
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
            members=self.narrowed(first),
            co=tuple(c for c in co if c != self.canonical(first)),
            vague=first.vague,
        )

    def joint_group(self, names: Sequence[_Name]) -> _Assignee | None:
        """Registry groups written together ("các bộ, cơ quan ngang bộ và UBND cấp tỉnh"):
        the smallest group holding all their kinds ("Các bộ, cơ quan, địa phương"), if any."""
        ids = list(dict.fromkeys(n.group_id for n in names if n.group_id is not None))
        if len(ids) < 2 or len(ids) != len(names):
            return None
        kinds = {kind for i in ids for kind in self.registry.get_group(i).kinds}
        fitting = [g for g in self.registry.groups() if kinds <= set(g.kinds)]
        if not fitting:
            return None
        group = min(fitting, key=lambda g: len(g.kinds))
        return _Assignee(lead=group.name, lead_known=True, lead_key=group.id)

    def narrowed(self, name: _Name) -> tuple[str, ...]:
        """The provinces a group alias of the provinces means in this notice: those it
        defines (or the stretch of coast it addresses) when written by their level ("Chủ
        tịch Ủy ban nhân dân cấp tỉnh"); none (the whole group) otherwise."""
        if (
            self.provinces is None
            or name.group_id != self.provinces.id
            or _PROVINCE_LEVEL.search(name.written) is None
        ):
            return ()
        return self.defined_provinces

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
