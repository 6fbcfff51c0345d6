"""What ``/health`` says (the catalogue of the health report; see ``ui-language.md``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from chat.messages import fmt_instant
from scheduler.health import HealthReport


def _size(value: int | None) -> str:
    if value is None:
        return "không rõ"
    if value < 1024 * 1024:
        return f"{value / 1024:.0f} KB".replace(".", ",")
    return f"{value / (1024 * 1024):.1f} MB".replace(".", ",")


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} giây trước"
    if seconds < 7200:
        return f"{seconds / 60:.0f} phút trước"
    return f"{seconds / 3600:.0f} giờ trước"


def health_report(report: HealthReport, tz: ZoneInfo) -> str:
    if report.last_pass is None or report.last_pass_age_seconds is None:
        last = "chưa có"
    else:
        last = f"{fmt_instant(report.last_pass, tz)} ({_age(report.last_pass_age_seconds)})"
    state = (
        "✅ Hoạt động bình thường."
        if report.healthy
        else "⚠️ Lượt gửi gần nhất đã quá "
        f"{report.stale_after_seconds / 60:.0f} phút. Đề nghị kiểm tra máy chủ của bot."
    )
    return "\n".join(
        [
            "🩺 <b>Tình trạng gửi tin</b>",
            f"Lượt gửi thành công gần nhất: {last}",
            f"Tin chờ gửi: {report.pending} · đang gửi: {report.sending} · "
            f"không gửi được hôm nay: {report.failed_today}",
            f"Đầu mối không liên lạc được (đã chặn bot hoặc không còn tồn tại): "
            f"{report.unreachable_chats}",
            f"Dung lượng cơ sở dữ liệu: {_size(report.database_bytes)}",
            state,
        ]
    )
