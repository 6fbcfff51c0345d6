"""Formal layout: the units of a numbered notice, walking its item tree.

Its pieces: :mod:`~notices.importer.sections` (what a section heading announces) and
:mod:`~notices.importer.attributes` (the "Đơn vị chủ trì: …" lines of an item).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from notices.importer.addressees import (
    _ASKS,
    _addressee_at,
    _Assignee,
    _co_names,
    _name_list,
    _subject_at,
)
from notices.importer.attributes import (
    _ATTRIBUTE,
    _TASK_LABEL,
    _attributes,
    _is_labelled,
    _lists_bodies,
)
from notices.importer.bodies import _RESPONSIBILITY, _looks_like_body
from notices.importer.markers import _Kind, _Node, _tree
from notices.importer.names import _Names
from notices.importer.openings import opening_due, opening_task, topic_paragraphs
from notices.importer.sections import _classify, _Section
from notices.importer.text import _BLANK_LINE, _TERMINAL, _flat
from notices.importer.units import _Reader, _Unit

_CHAIRS = re.compile(r"\s*(?:chủ trì|thực hiện|tham mưu|,|;|\(|$)")
_HEADING_WORDS = 14
"""Up to this many words, an item's text before its bullets is a heading, not a task."""
_HEADING_OPENER = re.compile(r"(?:Đối với|Đề nghị|Giao)\s*:?\s+")
_COLLECTIVE_TAIL = re.compile(r"(?: [^\W\d_]+){0,6}")
_HEADING_ONLY_GROUP = re.compile(
    r"(?i)(?:(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND) )?các tỉnh, thành phố"
)


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
                "Văn bản không có đề mục nhiệm vụ (NHIỆM VỤ, GIẢI PHÁP, …): đã đọc mọi mục đánh "
                "số, trừ phần đánh giá tình hình."
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
            elif not node.children and node.kind is not _Kind.ROOT and self._in_tasks(section):
                # "VII. CHẾ ĐỘ BÁO CÁO" then one paragraph: the section's own obligation (a
                # section of several paragraphs without items is commentary).
                parts = _BLANK_LINE.split(own.strip())
                if len(parts) == 2 and parts[1].strip():
                    out.append(self._attributed(".".join(path), parts[1], lead))
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
                heading is None
                and len(flat.split()) > 2 * _HEADING_WORDS
                and not flat.endswith((":", *_TERMINAL))
                and all(_attributes(self.full(b))[1] is None for b in bullets)
            ):
                # "1. Sở Khoa học và Công nghệ …; tham mưu … báo cáo kết quả … về Cục Cảnh sát
                # … / - Cơ quan thường trực Tổ công tác … trước ngày 20 hằng tháng …": the
                # item's sentence breaks off and goes on in its bullet: one obligation.
                out.append(_Unit(ref=ref, text=self.full(node), inherited=inherited))
                return
            opening = opening_task(flat)
            if opening is not None:
                # The item's own task, then its parts (see ``notices.importer.openings``).
                lead = heading or inherited
                out.append(self._attributed(ref, opening, lead))
                before = len(out)
                self._bullet_units(ref, bullets, lead, out)
                due = opening_due(opening, lead, self.reader)
                out[before:] = [
                    u if u.deadline_text else replace(u, opening_due=due) for u in out[before:]
                ]
                return
            if (
                heading is not None
                or not flat
                or flat.endswith(":")
                or not flat.endswith(_TERMINAL)
                or len(flat.split()) <= _HEADING_WORDS
                # "5. Nghiên cứu giải pháp …, pháp luật." over bullets that each say who and
                # when: the item's words are its heading.
                or any(_attributes(self.full(b))[1] is not None for b in bullets)
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
            # "Đơn vị phối hợp: Sở Tư pháp; các cơ quan, đơn vị, địa phương liên quan": the
            # collective is no co-operating agency.
            co = [
                self.reader.namer.canonical(n)
                for n in names.all
                if n.group_id is None and not n.vague
            ]
            for name in names.unknown:
                self.reader.note_unknown(name.written)
            lead = replace(lead, co=tuple(dict.fromkeys([*lead.co, *co])))
        return _Unit(
            ref=ref,
            text=body,
            inherited=lead,
            deadline_text=attributes.deadline,
            lead_field=bool(attributes.lead),
        )

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
        # "Sở Giáo dục và Đào tạo và Sở Y tế chủ trì, phối hợp với …": the joint lead
        # co-operates as well as those after "phối hợp với".
        joint = [*subject.co, *co]
        return replace(subject, co=tuple(c for c in dict.fromkeys(joint) if c != subject.lead))

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
        groups = self._sharing_blocks(groups)
        for group in groups:
            listed = next((b for b in group if b.children and _lists_bodies(self.own(b))), None)
            if listed is not None:
                # "- Nội dung: … / - Cơ quan thực hiện: / + Sở A chủ trì … / + Sở B …": one
                # obligation per body, each with the activity's wording.
                content = "\n".join(
                    _TASK_LABEL.sub("", self.full(b), count=1) for b in group if b is not listed
                )
                for child in listed.children:
                    own_words = self.full(child)
                    lead_of = self._body_lead(own_words) or lead
                    out.append(_Unit(ref=ref, text=content + "\n" + own_words, inherited=lead_of))
                continue
            text = self.text[group[0].body : group[-1].end]
            inner_lead = self._heading_lead(self.own(group[0])) if group[0].children else None
            if group[0].children and inner_lead is not None:
                for child in group[0].children:
                    out.append(self._attributed(ref, self.full(child), inner_lead))
                continue
            for part in topic_paragraphs(text):
                out.append(self._attributed(ref, part, lead))

    def _sharing_blocks(self, groups: list[list[_Node]]) -> list[list[_Node]]:
        """ "- Tăng cường … / - Nâng cao … / Đơn vị thực hiện: … / Thời gian thực hiện: …":
        bullets without a block of their own, right before a bullet whose block follows it,
        are the parts of one activity with it — when some bullet of the item has a block."""
        blocked = [_attributes(self.text[g[0].body : g[-1].end])[1] is not None for g in groups]
        if not any(blocked):
            return groups
        merged: list[list[_Node]] = []
        pending: list[_Node] = []
        for group, has_block in zip(groups, blocked, strict=True):
            if has_block:
                merged.append([*pending, *group])
                pending = []
            else:
                pending.extend(group)
        if pending:
            merged.append(pending)
        return merged

    def _body_lead(self, text: str) -> _Assignee | None:
        """The body a "+" line under "Cơ quan thực hiện:" opens with, with its named
        co-operating agencies."""
        reader = self.reader
        flat = _flat(text)
        names = _Names(flat, reader.registry, reader.home)
        subject = _subject_at(flat, 0, names, reader.namer)
        if subject is None:
            return None
        co = [reader.namer.canonical(n) for n in _co_names(flat, 0, len(flat), names)]
        joint = [*subject.co, *co]
        return replace(subject, co=tuple(c for c in dict.fromkeys(joint) if c != subject.lead))

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
        opener = _HEADING_OPENER.match(body)
        start = opener.end() if opener else 0
        found, end = _name_list(flat, start, names)
        if found and end >= len(body) - 1:
            return reader.namer.assignee(found)
        if found and found[-1].vague and _COLLECTIVE_TAIL.fullmatch(body, end):
            # "3. Đề nghị Ủy ban Mặt trận …, Hội Liên hiệp Phụ nữ … và các tổ chức thành
            # viên của Mặt trận": the named bodies, the collective after them aside.
            return reader.namer.assignee(found)
        if flat.endswith(":"):
            if _HEADING_ONLY_GROUP.fullmatch(body) and reader.namer.provinces is not None:
                group = reader.namer.provinces
                return _Assignee(
                    lead=group.name,
                    lead_known=True,
                    lead_key=group.id,
                    members=reader.namer.defined_provinces,
                )
            subject = _addressee_at(flat, 0, names, reader.namer)
            if subject is not None:
                return subject
        short = len(body.split()) <= _HEADING_WORDS
        headline = flat.endswith(":") or not flat.endswith(_TERMINAL)
        whose = _RESPONSIBILITY.match(body)
        if whose is not None and short and headline:
            # "1. Trách nhiệm chung của các cơ quan, đơn vị": the bodies whose duties follow.
            rest = body[whose.end() :]
            return self._heading_of(rest[:1].upper() + rest[1:])
        # "4. Giao Ban Pháp chế": a body the registry does not know, after "Giao".
        named = body[start:]
        if short and headline and named[:1].isupper() and _looks_like_body(named):
            return reader.namer.written(named)
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
