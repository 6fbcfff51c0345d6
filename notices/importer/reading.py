"""The importer's entry point: the layout of a notice and :func:`import_notice`."""

from __future__ import annotations

import re
from datetime import date

from domain.agencies import AgencyKind, AgencyRegistry
from notices.importer.addressees import _Namer
from notices.importer.definitions import coast_stretch, counted_provinces, defined_provinces
from notices.importer.formal import _Formal
from notices.importer.header import _read_issued, _read_number, _read_title
from notices.importer.letters import sole_addressee
from notices.importer.markers import _Kind
from notices.importer.matching import announces
from notices.importer.model import IssueDateMissing, Layout, ParsedNotice
from notices.importer.prose import _prose_units
from notices.importer.tables import _table_units
from notices.importer.text import _prepare
from notices.importer.units import _Reader

_FORMAL_END = re.compile(
    r"^[ \t]*Nơi nhận\s*:|Văn\s+phòng\s+Chính\s+phủ\s+(?:trân\s+trọng\s+|xin\s+)?thông\s+báo\b",
    re.M,
)


# A title that says the notice is the province's own: "Thông báo kết luận của Phó Chủ tịch
# UBND tỉnh Nghệ An …" (not "… của Phó Thủ tướng … với lãnh đạo tỉnh Sơn La").
_OWN_NOTICE = re.compile(
    r"(?i)\bcủa\s+(?:(?:phó\s+)?chủ tịch\s+)?(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+"
    r"(?:tỉnh|thành phố)"
)
_TABLE_ROW = re.compile(r"^[^\n|]*\|[^\n|]*\|[^\n]*$", re.M)


def _layout(formal: _Formal) -> Layout:
    if formal.has_task_heading:
        return Layout.FORMAL
    arabic = [n for n in formal.root.children if n.kind is _Kind.ARABIC]
    if len(arabic) == 1 and arabic[0].children:
        return Layout.FORMAL  # one numbered item with its own bullets: "1. Giao Ban X:", "- …"
    return Layout.FORMAL if len(arabic) >= 2 or formal.item_count() >= 3 else Layout.PROSE


def _home(title: str, registry: AgencyRegistry) -> str | None:
    """The one province a notice's title names ("… VỚI LÃNH ĐẠO TỈNH SƠN LA"), if exactly one."""
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
    heading = _read_title(text, Layout.FORMAL)
    reader = _Reader(
        registry=registry,
        namer=_Namer(registry),
        issued=issued,
        home=_home(heading, registry),
        addressee=sole_addressee(text, registry),
    )
    if reader.home is not None and _OWN_NOTICE.search(heading):
        reader.namer.issuer = reader.home
    reader.namer.defined_provinces = defined_provinces(
        text, registry, reader.namer
    ) or coast_stretch(text, registry)
    if not reader.namer.defined_provinces:
        reader.namer.provinces_later(lambda: counted_provinces(text, registry))
    end = _FORMAL_END.search(text)
    # Table rows are read as rows (below), not as the wording of the item above them.
    items_text = _TABLE_ROW.sub("", text[: end.start()] if end else text)
    formal = _Formal(items_text, reader)
    layout = _layout(formal)
    units = formal.units() if layout is Layout.FORMAL else _prose_units(text, reader)
    units.extend(_table_units(text, reader))
    tasks = reader.tasks(units)
    if layout is Layout.PROSE and tasks and any(announces(tasks[0], t) for t in tasks[1:]):
        tasks = tasks[1:]  # an article's lede announcing the work told in full below
    if not tasks:
        warnings.append("Không tìm thấy nhiệm vụ nào trong văn bản.")
    # Tasks without a lead are not a warning here: they carry lead "" and the preview
    # (tracking.preview) lists them, by their preview numbers, with the unknown leads.
    return ParsedNotice(
        number=number if number is not None else _read_number(text),
        issued=issued,
        title=_read_title(text, layout),
        layout=layout,
        tasks=tuple(tasks),
        unknown_agencies=tuple(reader.unknown.values()),
        vague_groups=tuple(reader.vague.values()),
        warnings=tuple(dict.fromkeys([*warnings, *reader.warnings])),
    )
