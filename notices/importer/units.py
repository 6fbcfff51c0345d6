"""Units of work and the obligations read from them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from domain.agencies import AgencyRegistry, normalise_name
from domain.deadline import Deadline, DeadlineKind
from notices.deadlines import parse_deadline
from notices.importer.addressees import (
    _REPORT_WORDS,
    _addressee_at,
    _Assignee,
    _co_names,
    _Namer,
    _restates,
)
from notices.importer.commentary import _without_commentary
from notices.importer.going_on import AGREEMENT, PRAISE
from notices.importer.matching import restates
from notices.importer.model import ParsedTask
from notices.importer.names import _Names
from notices.importer.text import _clause_ends, _flat
from notices.importer.timing import (
    _boundaries,
    _choose,
    _enumeration_cuts,
    _fronted_sentence,
    _labelled_deliverable,
    _second_actors,
    _second_deliverable,
    _standing_sequel,
    _targets,
    _Timing,
    _timings,
    _undated_sequel,
)
from notices.importer.titles import _REGULARLY, _title, _verb_start


@dataclass(frozen=True, kw_only=True, slots=True)
class _Unit:
    """A stretch of text that assigns work (an item, a bullet, a paragraph, a table row)."""

    ref: str
    text: str
    inherited: _Assignee | None
    deadline_text: str | None = None
    """A separate timing wording that applies to the whole unit ("Thời gian thực hiện:")."""
    opening_due: tuple[str, str] | None = None
    """(lead, due wording) of the item's opening task, for that lead's untimed pieces."""
    lead_field: bool = False
    """``inherited`` is the unit's own "Đơn vị chủ trì:" field: it leads even where the text
    opens with another name ("- Các cơ quan, đơn vị, địa phương tiếp tục … / Đơn vị thực
    hiện: Các Sở, ngành, đơn vị, UBND cấp xã.")."""


# An item's inline topic ("Về điều chuyển số vốn dư, không có khả năng giải ngân trong năm
# 2025: Ủy ban nhân dân tỉnh …") names the matter, not when it is due: its dates are not
# deadlines. Only a topic closed by a colon within its first words counts.
_TOPIC_HEAD = re.compile(r"Về [^:;]{1,400}?:\s")


def _without_topic(flat: str, timings: list[_Timing]) -> list[_Timing]:
    topic = _TOPIC_HEAD.match(flat)
    if topic is None:
        return timings
    return [t for t in timings if t.start >= topic.end()]


# Words that give work: a sentence with report words (``_REPORT_WORDS``) that also has one
# of these still orders something.
_ORDER_WORDS = re.compile(
    r"(?i)(?<!\w)(?:phải|cần|khẩn trương|yêu cầu|đề nghị|giao|chủ trì|báo cáo|hoàn thành trước)"
    r"(?!\w)"
)


def _reports(text: str) -> bool:
    return bool(_REPORT_WORDS.search(text)) and not _ORDER_WORDS.search(text)


# "Trước ngày 10/4/2025, Bộ A chủ trì …; Bộ B ban hành …": a date put before the sentence's
# first addressee (after an intro such as "Theo Kế hoạch,") is every clause's of that sentence.
_FRONTED_DATE = re.compile(
    r"(?:(?:Theo Kế hoạch|Theo đó|Đồng thời),\s*)?(?:[Tt]rước|[Đđ]ến|[Cc]hậm nhất(?: trước)?)"
    r" ngày [^,;.]{1,40},\s"
)


def _share_opening_deadline(
    flat: str, pieces: list[tuple[int, int, _Assignee | None, list[_Timing]]]
) -> None:
    """The fronted date of a sentence goes to its later clauses that set none, up to the
    sentence's full stop."""
    if len(pieces) < 2:
        return
    start, _, _, own = pieces[0]
    fronted = _FRONTED_DATE.match(flat, start)
    if fronted is None:
        return
    opening = [t for t in own if t.start < fronted.end() and t.deadline.due is not None]
    if not opening:
        return
    for index, (p_start, p_end, assignee, p_own) in enumerate(pieces[1:], start=1):
        if any(m.group(0)[0] != ";" for m in _clause_ends(flat, start, p_start)):
            return  # a new sentence
        if not any(t.deadline.due is not None for t in p_own):
            pieces[index] = (p_start, p_end, assignee, [*p_own, opening[0]])


_DEADLINE_LINE = re.compile(r"(?i)(?:thời hạn|thời gian)(?: hoàn thành| thực hiện)?\s*:?")

_REPEAT_WORDS = 8
"""From how many words a unit repeated word for word is a repetition, not a second task."""


# What the leader agreed to or appraised, naming no one to act: "Đồng ý về chủ trương …",
# "Cơ bản thống nhất với báo cáo …", "Ghi nhận, biểu dương …".
_AGREES = re.compile(
    rf"(?:(?:Về )?[Cc]ơ bản )?(?:{'|'.join((*AGREEMENT, 'Chấp thuận', *PRAISE))})(?!\w)"
    r"(?:\s+(?:để|cho)(?!\w))?\s*"
)


@dataclass(kw_only=True, slots=True)
class _Reader:
    """The state of one import: registry helpers, the issue date, what was found."""

    registry: AgencyRegistry
    namer: _Namer
    issued: date
    home: str | None = None
    """The one province the notice is about (named in its title), if any."""
    addressee: str | None = None
    """The one body a letter is addressed to ("Kính gửi: Bộ Tư pháp."), if any."""
    unknown: dict[str, str] = field(default_factory=dict)
    vague: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def note_unknown(self, written: str) -> None:
        self.unknown.setdefault(normalise_name(written), written)

    def note_vague(self, written: str) -> None:
        self.vague.setdefault(normalise_name(written), written)

    def tasks(self, units: Iterable[_Unit]) -> list[ParsedTask]:
        tasks: list[ParsedTask] = []
        seqs: dict[str, int] = {}
        read: set[str] = set()
        for unit in units:
            # A passage the page prints twice (a press page repeating its quote) is read
            # once: a unit of some length that repeats an earlier one word for word.
            # A plan's task table may restate its body's items word for word: a row is
            # compared with rows only, an item with items only.
            wording = ("PL|" if unit.ref.startswith("PL.") else "") + normalise_name(
                _flat(unit.text)
            )
            if len(wording.split()) >= _REPEAT_WORDS and wording in read:
                continue
            read.add(wording)
            for index, task in enumerate(self.unit_tasks(unit)):
                # An article's recap of an item already read trails the last quoted item
                # ("8. … Cụ thể, giao …"); a unit's own first obligation is never one.
                if index > 0 and any(restates(task, earlier) for earlier in tasks):
                    continue
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
        timings = _without_topic(flat, _timings(flat, self.issued))
        enumerated = _enumeration_cuts(flat, names, self.namer)
        boundaries = sorted(
            {
                *_boundaries(flat, names),
                *enumerated,
                *_second_actors(flat, names),
                *_targets(flat, names),
            }
        )
        # Segments: a new addressee at a clause boundary starts a new one; so does every
        # sub-item "(1)", "(2)" … (without an addressee of its own it has the item's).
        if enumerated:
            # Sub-items without an addressee have the one of the item's own opening words.
            head = flat[: min(enumerated)]
            head_names = _Names(head, self.registry, self.home)
            first = _addressee_at(head, 0, head_names, self.namer, search=True)
        else:
            first = _addressee_at(flat, 0, names, self.namer, search=True)
        base = unit.inherited if unit.lead_field and unit.inherited else first or unit.inherited
        segments: list[tuple[int, _Assignee | None]] = [(0, base)]
        for boundary in boundaries:
            current = segments[-1][1]
            found = _addressee_at(flat, boundary, names, self.namer, search=True)
            if boundary in enumerated:
                segments.append((boundary, found or base))
            elif found is not None and (
                current is None
                or found.lead_key != current.lead_key
                or (found.members and found.members != current.members)
            ):
                # A second actor; "Các địa phương … . Thành phố Hà Nội, Thành phố Hồ Chí Minh
                # rà soát …": the same group, but only the provinces named.
                if found.vague and current is not None and _restates(found, current):
                    # "…. Các bộ, cơ quan liên quan …": those addressed, named again loosely.
                    continue
                segments.append((boundary, found))
        pieces: list[tuple[int, int, _Assignee | None, list[_Timing]]] = []
        # Where a later deliverable's segment starts: "Bộ A chủ trì, phối hợp với Bộ B triển
        # khai …, hoàn thành trong tháng 10 năm 2025; tại nhà ga …, hoàn thành trong năm
        # 2025": B co-operates on both.
        segment_of: dict[int, int] = {}
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
                    elif (comma := _second_deliverable(flat, previous, timing)) is not None:
                        cuts.append(comma)
                previous = timing
            if previous is not None and previous.deadline.due is not None:
                cuts.extend(_undated_sequel(flat, previous.end, end))
            if (fronted := _fronted_sentence(flat, start, inside, boundaries)) is not None:
                cuts.insert(1, fronted)
            elif (
                len(cuts) == 1
                and (standing := _standing_sequel(flat, start, inside, boundaries)) is not None
            ):
                cuts.append(standing)
            labelled = _labelled_deliverable(flat, start, end, inside) if len(cuts) == 1 else None
            for cut_index, cut in enumerate(cuts):
                cut_end = cuts[cut_index + 1] if cut_index + 1 < len(cuts) else end
                own = [t for t in inside if cut <= t.start < cut_end and t is not labelled]
                pieces.append((cut, cut_end, assignee, own))
                if cut_index > 0:
                    segment_of[cut] = start
            if labelled is not None:
                opened = flat.rfind("(", start, labelled.start)
                closed = flat.find(")", labelled.end, end)
                pieces.append((opened + 1, closed if closed > 0 else end, assignee, [labelled]))
        if enumerated:
            # The item's own words before "(1)" are its heading ("Bộ Công an: (1) …").
            start, end, _, own = pieces[0]
            undated = all(t.deadline.kind is DeadlineKind.NONE for t in own)
            if undated and flat[start:end].rstrip().endswith(":"):
                pieces.pop(0)
        else:
            self._share_closing_deadline(flat, pieces, boundaries)
            _share_opening_deadline(flat, pieces)
        if first is None and len(pieces) > 1 and pieces[1][2] is not base:
            # "Về thi đua: Kết quả đạt được thời gian qua là nhờ … . Bộ Xây dựng …": the
            # opening words without an addressee report what was done; the task is the next.
            start, end, _, own = pieces[0]
            if _reports(flat[start:end]) and not any(t.deadline.due for t in own):
                pieces.pop(0)
        pieces = _without_commentary(flat, names, pieces)
        wording = unit.deadline_text.strip().rstrip(".;,") if unit.deadline_text else ""
        unit_deadline = parse_deadline(wording, self.issued) if wording else None
        tasks: list[ParsedTask] = []
        for start, end, assignee, own in pieces:
            text = flat[start:end].strip().rstrip(";").strip()
            if not text:
                continue
            agrees = _AGREES.match(text) if assignee is None else None
            if agrees is not None:
                # "1. Đồng ý về chủ trương …": what was agreed, no one's work — unless it is a
                # body's work agreed to ("Đồng ý Ủy ban nhân dân tỉnh Thái Nguyên lập Đề án …").
                agreed = names.by_start.get(flat.find(text, start) + agrees.end())
                praise = agrees.group(0).startswith(PRAISE)
                if praise or agreed is None or agreed.vague or agreed.group_id is not None:
                    continue
                assignee = self.namer.assignee([agreed])
            deadline = _choose(own)
            # "Thời gian thực hiện: …" gives the unit's timing unless the text is more precise.
            if (
                unit_deadline is not None
                and deadline.kind is not DeadlineKind.DEADLINE
                and (unit_deadline.kind is not DeadlineKind.NONE or not deadline.phrase)
            ):
                deadline = unit_deadline
            shared = unit.opening_due
            if shared and not deadline.phrase and assignee and assignee.lead == shared[0]:
                deadline = parse_deadline(shared[1], self.issued)
            co_from = segment_of.get(start, start)
            tasks.append(
                self._task(unit.ref, flat, (co_from, start, end), text, assignee, deadline, names)
            )
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
        # "… . Thời hạn hoàn thành: trước ngày 30/11/2025.": the item's own deadline line,
        # every addressee's even after a full stop.
        labelled = _DEADLINE_LINE.fullmatch(rest) is not None
        if len(rest.split()) > 1 and not labelled:
            return
        first_start = pieces[0][0]
        if not labelled and any(
            m.group(0)[0] != ";" for m in _clause_ends(flat, first_start, last_clause)
        ):
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
        span: tuple[int, int, int],
        text: str,
        assignee: _Assignee | None,
        deadline: Deadline,
        names: _Names,
    ) -> ParsedTask:
        co_from, start, end = span  # co-operating agencies are read from ``co_from`` on
        if assignee is None and self.home is not None:
            # An item without an addressee in a notice about one province is the province's.
            home = self.registry.get(self.home)
            assignee = _Assignee(lead=home.name, lead_known=True, lead_key=home.id)
        if assignee is None and self.addressee is not None:
            # An item without an addressee in a letter to one body is that body's.
            to = self.registry.get(self.addressee)
            assignee = _Assignee(lead=to.name, lead_known=True, lead_key=to.id)
        if assignee is None:
            assignee = _Assignee(lead="", lead_known=False, lead_key="")
        elif assignee.vague:
            self.note_vague(assignee.lead)
        elif not assignee.lead_known:
            self.note_unknown(assignee.lead)
        co = list(assignee.co)
        partners = _co_names(flat, start, end, names)
        if not partners and co_from < start:
            # A later deliverable without partners of its own has the sentence's.
            partners = _co_names(flat, co_from, end, names)
        for name in partners:
            canonical = self.namer.canonical(name)
            if name.agency_id is None:
                self.note_unknown(canonical)
            if canonical != assignee.lead and canonical not in co:
                co.append(canonical)
        verb = _verb_start(flat, start, end, names, self.namer)
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
            title=_title(flat, start, end, names, self.namer, self.issued),
            text=text,
            deadline=deadline,
            lead_vague=assignee.vague,
        )
