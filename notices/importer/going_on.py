"""Paragraphs that name no one and go on with the addressee before them: "Đồng thời, …", a
directive verb ("Chỉ đạo, kiểm tra …"), a duty ("Công tác quy hoạch cần …"), a request
repeated ("Thủ tướng yêu cầu, …"), a stressed point ("Đặc biệt, tổ chức …")."""

from __future__ import annotations

import re
from datetime import date

from notices.importer.timing import _timings

_CONTINUES = re.compile(r"^(?:Đồng thời|Cùng với đó|Bên cạnh đó|Ngoài ra|Cụ thể,)(?!\w)")
# "Trong đó, nghiên cứu cắt giảm …" details the work before it; "Trong đó, Phó Thủ tướng lưu
# ý:" opens remarks, not tasks.
_DETAILS = re.compile(r"^Trong đó,(?!.*:$)")
# A paragraph that opens with a directive verb, right after an assigning one, goes on with
# its agency's work ("Bộ Xây dựng …. / Chỉ đạo, kiểm tra, giám sát các địa phương …").
# The verb after an adverb is written in lower case ("Tiếp tục rà soát", "Tập trung chỉ đạo"),
# and "Tập trung" is a verb of its own ("Tập trung cắt giảm …").
_DIRECTIVE = re.compile(
    r"(?:(?:Khẩn trương|Tiếp tục|Kiên quyết|Tập trung) (?i:chỉ đạo|rà soát|nghiên cứu|xử lý"
    r"|cắt giảm|bãi bỏ|đẩy mạnh|tăng cường|hoàn thiện|xây dựng|triển khai)"
    r"|Tập trung|Chỉ đạo|Rà soát|Nghiên cứu|Xử lý|Cắt giảm|Bãi bỏ|Đẩy mạnh|Tăng cường"
    r"|Hoàn thiện|Xây dựng|Triển khai|Thực hiện ngay|Chuẩn bị|Tổ chức|Đôn đốc|Chủ động"
    r"|Huy động|Bố trí|Hướng dẫn|Kiểm tra"
    # "Kết quả thực hiện, báo cáo trực tiếp gửi Bộ Xây dựng …": the agency's report.
    r"|Kết quả thực hiện,? (?:báo cáo|gửi))(?!\w)"
)
# "Công tác quy hoạch cần chú trọng …" right after an assigning paragraph: a duty of its
# agency, written with its topic first — which may name two things ("Lãi suất, tỷ giá cần
# được điều hành phù hợp …").
_DUTY = re.compile(r"[^,.;:]{1,60}?(?:, [^,.;:]{1,30}?)?\s(?:cần|phải)\s")

# "Thủ tướng yêu cầu, địa phương nào chưa thành lập … thì phải thành lập ngay …": a request
# to the addressees before, narrowed by a condition.
# So does one asking for work without naming anyone ("Phó Thủ tướng yêu cầu báo cáo Thủ
# tướng Chính phủ trước ngày 10/11/2022."): a verb, in lower case, right after the request.
# A topic may come first, and the request may be a direction ("Về nhiệm vụ cấp bách thời
# gian tới, Thủ tướng chỉ đạo tập trung khắc phục hậu quả bão lũ …").
_ASKS_AGAIN = re.compile(
    r"^(?:Về [^,;.:]{1,120}?,\s*)?(?:Thủ tướng|Phó [Tt]hủ tướng)(?: Chính phủ)?(?: cũng)?"
    r" (?:yêu cầu|đề nghị|chỉ đạo)(,|\s+)"
)
# The verbs such a request opens its work with (not a body in lower case: "chính quyền địa
# phương hai cấp vận hành …" names one).
_TASK_VERB = re.compile(
    r"(?:báo cáo|khẩn trương|hoàn thành|hoàn thiện|rà soát|tổng hợp|tập trung|tiếp tục|chủ động"
    r"|bảo đảm|đảm bảo|triển khai|thực hiện|nghiên cứu|đề xuất|gửi|trình|kiểm tra|xử lý"
    r"|làm rõ|sớm|phải|cần|đẩy nhanh|đẩy mạnh|tăng cường)(?!\w)"
)


def _asks_again(flat: str) -> bool:
    asks = _ASKS_AGAIN.match(flat)
    if asks is None:
        return False
    return asks.group(1) == "," or _TASK_VERB.match(flat, asks.end()) is not None


_NOT_A_VERB = re.compile(r"^(?:Thủ tướng|Phó Thủ tướng|Theo|Tại|Về|Ngày|Sáng|Chiều|Trong|Năm|\d)")
# A bullet that says what was agreed or appraised ("- Thống nhất với nội dung báo cáo …",
# "- Đồng ý chủ trương …") goes on with no agency's work.
AGREEMENT = ("Thống nhất", "Đồng ý", "Nhất trí")
PRAISE = ("Ghi nhận", "Biểu dương", "Hoan nghênh", "Đánh giá cao")
_STATEMENT = re.compile(rf"^(?:{'|'.join((*AGREEMENT, *PRAISE))})\b")

# "Đặc biệt, tổ chức bắn pháo hoa …", "Theo yêu cầu của Thủ tướng, phải phối hợp …" right
# after an assigning paragraph: a point stressed, or whose request it is, then the work in
# lower case, naming no one.
_STRESSED = re.compile(
    r"(?:Đặc biệt|Nhất là|Trước hết|Theo (?:yêu cầu|chỉ đạo) của (?:Thủ tướng|Phó [Tt]hủ tướng)"
    r"(?: Chính phủ)?),\s*(?=[a-zà-ỹđ])"
)


def _goes_on(flat: str, issued: date) -> bool:
    """Whether a paragraph naming no one, right after an assigning one, is more of its
    addressee's work: it opens with a directive verb or a duty, after a stressed point or
    not, or it sets a date."""
    stressed = _STRESSED.match(flat)
    if stressed is not None:
        rest = flat[stressed.end() :]
        return bool(_TASK_VERB.match(rest) or _DIRECTIVE.match(rest[:1].upper() + rest[1:]))
    if _NOT_A_VERB.match(flat):
        return False
    if _DIRECTIVE.match(flat) or _DUTY.match(flat):
        return True
    return any(t.deadline.due is not None for t in _timings(flat, issued))
