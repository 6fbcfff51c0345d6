"""The command menus as Telegram shows them (``setMyCommands``), and the few words a
handler records for a user: who acted when Telegram names nobody, where an import came
from. Plain text (Telegram shows menu descriptions as typed, at most 256 characters)."""

from __future__ import annotations

#: The focal points' menu: command and description.
MENU = [
    ("nhiemvu", "Nhiệm vụ của cơ quan, gấp nhất trước (cũng là /tasks)"),
    ("task", "Chi tiết một nhiệm vụ, ví dụ /task 12"),
    ("xong", "Báo cáo hoàn thành, ví dụ /xong 12 (cũng là /done)"),
    ("cham", "Báo cáo chậm, ví dụ /cham 12 chờ ý kiến Bộ Tư pháp 30/9/2027 (cũng là /late)"),
    ("tiendo", "Ghi tiến độ, ví dụ /tiendo 12 đã gửi dự thảo"),
    ("help", "Hướng dẫn"),
]

#: The admins' own menu, after the focal points' commands (each admin's chat, by scope).
ADMIN_MENU = [
    ("addtask", "Giao nhiệm vụ: /addtask Bộ Công an; Báo cáo; 30/9/2027"),
    ("invite", "Đường dẫn đăng ký cán bộ đầu mối: /invite Bộ Công an"),
    ("daumoi", "Cán bộ đầu mối theo cơ quan, gỡ đầu mối"),
    ("agencies", "Các cơ quan: nhiệm vụ chưa hoàn thành, quá hạn"),
    ("import", "Nhập thông báo kết luận (hoặc gửi tệp)"),
    ("fix", "Sửa bản xem trước: /fix 3 hạn 30/9/2027"),
    ("giahan", "Gia hạn: /giahan 12 30/9/2027 theo Công văn …"),
    ("dexuat", "Đề xuất gia hạn chờ quyết định"),
    ("baocao", "Số liệu theo cơ quan, kèm biểu đồ"),
    ("xuatexcel", "Phụ lục Excel"),
    ("coquan", "Tra cứu cơ quan (gõ không dấu được), cơ quan riêng của đơn vị"),
    ("health", "Tình trạng gửi tin"),
]

#: Who acted, in a task's history, when Telegram does not say who sent the update.
UNKNOWN_ACTOR = "không rõ"

#: Where a notice came from when it was pasted as a message (stored with the notice).
PASTED_SOURCE = "tin nhắn"
