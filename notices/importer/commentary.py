"""Pieces of a unit that state rather than order: what was agreed, appraised or assessed,
what something is, what a cited law assigned, what is allowed."""

from __future__ import annotations

import re

from domain.deadline import DeadlineKind
from notices.importer.addressees import _Assignee
from notices.importer.names import _Names
from notices.importer.timing import _Timing

# Where a piece's own wording starts: after its "(3)" and its "Về …:" topic.
_PIECE_OPENING = re.compile(r"\s*(?:\((?:\d{1,2}|[ivx]{1,5})\)\s*)?(?:Về [^:;.]{1,200}?:\s*)?")
# What a statement opens with: the Government ("Chính phủ sẽ phân công …"), or a matter
# assessed ("Việc hợp nhất 03 Chương trình có ý nghĩa hết sức quan trọng …").
_PERMISSION = re.compile(r"(?:Được|được) phép\s")
_STATEMENT_SUBJECT = re.compile(
    r"(?:Thường trực Chính phủ|Chính phủ|Thủ tướng|Việc"
    # "Đánh giá cao sự chủ động của Bộ Tài chính …": an appraisal.
    r"|Đánh giá cao|Ghi nhận|Biểu dương|Hoan nghênh)\s"
)
# "Thị trường các-bon được coi là công cụ kinh tế …": what something is, no one's work.
_DESCRIBES = re.compile(
    r"[^\W\d_][^.;:,]{0,80}?\s(?:được coi là|được xem là|được xác định là|là)\s"
)
# "Luật Bảo vệ môi trường năm 2020 … giao Bộ Tài chính chủ trì thành lập …": an assignment a
# cited law made, no task of this notice.
_CITED_ASSIGNMENT = re.compile(
    r"(?:Luật|Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị)\s[^.;:]{0,200}?\s(?:đã\s)?giao\s"
)


def _without_commentary(
    flat: str, names: _Names, pieces: list[tuple[int, int, _Assignee | None, list[_Timing]]]
) -> list[tuple[int, int, _Assignee | None, list[_Timing]]]:
    """The pieces without statements: a piece that names nobody to act, sets no date and
    opens with a subject that is not an addressee ("Các Bộ, cơ quan thống nhất …",
    "Chính phủ sẽ phân công …", "Việc … có ý nghĩa …") says what was agreed or assessed.
    An order without an addressee ("rà soát các cơ sở dữ liệu") stays a task."""

    def statement(piece: tuple[int, int, _Assignee | None, list[_Timing]]) -> bool:
        start, _, assignee, own = piece
        if any(t.deadline.kind is not DeadlineKind.NONE for t in own):
            return False
        opening = _PIECE_OPENING.match(flat, start)
        at = opening.end() if opening else start
        if _PERMISSION.match(flat, at) or _CITED_ASSIGNMENT.match(flat, at):
            return True  # "b) Được phép thực hiện các giải pháp …": allowed, not ordered
        if assignee is not None:
            return False
        return (
            at in names.by_start
            or _STATEMENT_SUBJECT.match(flat, at) is not None
            or _DESCRIBES.match(flat, at) is not None
        )

    return [p for p in pieces if not statement(p)]
