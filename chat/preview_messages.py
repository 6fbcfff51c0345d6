"""The import preview in the chat: its pages and buttons, the paste prompt, what was stored,
and ``/fix``'s answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from chat.format_messages import e, fmt_due
from tracking.import_proposal import ProposedTask
from tracking.preview import render_preview
from tracking.wording import fmt_date

#: Tasks of an import preview on one page.
IMPORT_PAGE = 8


def import_preview_page(
    *,
    number: str,
    issued: date | None,
    title: str,
    tasks: Sequence[ProposedTask],
    unknown: Sequence[str],
    page: int = 0,
    followups: Mapping[int, str] | None = None,
    whole_groups: Mapping[str, int] | None = None,
) -> tuple[str, int, int]:
    """One page of the importer's proposal: the head, at most :data:`IMPORT_PAGE` tasks and
    the footer (what to do); returns the text, the page shown and how many pages there are.
    ``followups``: an undated task's follow-up line by its number; ``whole_groups``: each
    registry group to map and how many agencies it has."""
    text = render_preview(
        followups=followups,
        whole_groups=whole_groups,
        number=number,
        issued=issued,
        title=title,
        tasks=tasks,
        unknown=unknown,
        fmt_due=fmt_due,
        fmt_date=fmt_date,
        html=True,
    )
    items = list(text.items)
    pages = max(1, -(-len(items) // IMPORT_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = items[page * IMPORT_PAGE : (page + 1) * IMPORT_PAGE]
    blocks = [text.head, *shown]
    if pages > 1:
        first = page * IMPORT_PAGE + 1
        blocks.append(
            f"Trang {page + 1}/{pages} (nhiệm vụ {first}–{first + len(shown) - 1} trong "
            f"{len(items)}); bấm ◀ ▶ để xem tiếp."
        )
    if text.footer:
        blocks.append(text.footer)
    return "\n\n".join(blocks), page, pages


def import_keyboard(import_id: int) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": "✅ Xác nhận", "data": f"imp:ok:{import_id}"},
            {"text": "✏️ Sửa", "data": f"imp:fix:{import_id}"},
            {"text": "✖️ Hủy", "data": f"imp:no:{import_id}"},
        ]
    ]


def import_prompt() -> str:
    return (
        "📥 Gửi toàn văn thông báo: <b>trả lời tin này</b> bằng nội dung văn bản, "
        "hoặc gửi tệp .docx/.txt/.pdf (có thể ghi ngày ban hành ở phần chú thích, ví dụ 23/2/2025)."
    )


def is_import_prompt(text: str) -> bool:
    return text.startswith("📥 Gửi toàn văn thông báo")


def import_needs_date() -> str:
    return (
        "Không tìm thấy ngày ban hành trong văn bản, nên chưa đọc được thời hạn. "
        "Vui lòng gửi lại tệp kèm chú thích là ngày ban hành (ví dụ 23/2/2025), "
        "hoặc /import 23/2/2025 rồi dán nội dung. Dữ liệu không thay đổi."
    )


def import_unreadable() -> str:
    """A file the importer could not read at all (damaged, or not a document)."""
    return (
        "Không đọc được tệp: tệp hỏng hoặc không phải văn bản. Vui lòng gửi tệp .docx, .pdf có lớp chữ hoặc .txt. "
        "Dữ liệu không thay đổi."
    )


def import_empty() -> str:
    return (
        "Không tìm thấy nhiệm vụ nào được giao trong văn bản này. Đề nghị anh/chị kiểm tra lại "
        "nội dung, hoặc thêm từng nhiệm vụ bằng /addtask. Dữ liệu không thay đổi."
    )


def import_stored(report_added: int, existing: int, skipped: Sequence[str], key: str) -> str:
    text = f"✅ Đã lưu {e(key)}: {report_added} nhiệm vụ mới, đã lên lịch nhắc việc."
    if existing:
        text += f"\n{existing} nhiệm vụ đã có từ lần nhập trước (không nhân đôi)."
    if skipped:
        text += "\n⚠️ Chưa lưu, giữ lại chờ sửa (gửi /fix xem):\n" + "\n".join(
            f"• {e(s)}" for s in skipped[:20]
        )
    return text


def import_cancelled() -> str:
    return "Đã hủy bản xem trước. Không có nhiệm vụ nào được lưu."


def import_missing() -> str:
    return (
        "Không có bản xem trước nào đang chờ xác nhận. Vui lòng gửi tệp thông báo hoặc dùng "
        "/import."
    )


def fix_usage() -> str:
    return (
        "✏️ Sửa một nhiệm vụ của bản xem trước (số thứ tự như trong bản xem trước), rồi bấm "
        "✅ Xác nhận. Ví dụ:\n"
        "/fix 3 hạn 30/9/2027 · /fix 3 chủ trì Bộ Công an · /fix 3 tên Báo cáo tổng kết · "
        "/fix 3 đôn đốc 15/1/2027 · /fix 3 bỏ · "
        "/fix tất cả chủ trì Bộ Kế hoạch → Bộ Tài chính · /fix xem"
    )


def _due_of(task: ProposedTask) -> str:
    """A preview task's deadline in words."""
    deadline = task.deadline
    return e(fmt_due(deadline.due, deadline.granularity, deadline.kind))


def fix_applied(number: int, task: ProposedTask | None) -> str:
    if task is None:
        return (
            f"Đã bỏ nhiệm vụ số {number} khỏi bản xem trước (số của các nhiệm vụ khác giữ nguyên)."
        )
    return (
        f"Đã sửa nhiệm vụ số {number}: {e(task.title)}\n"
        f"Chủ trì: {e(task.lead)} · Hạn: {_due_of(task)}"
    )
