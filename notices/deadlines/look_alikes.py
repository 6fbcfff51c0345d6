"""The look-alikes of deadlines: wordings that name a date, a year or a period without
setting one (a cited document's date, a budget year, a reporting period …). They come first
in the rule table, so the text they match is consumed before any timing rule reads it."""

from __future__ import annotations

from notices.deadlines.model import Rule
from notices.deadlines.patterns import _CITED_DATE, _POINT, _ignore

LOOK_ALIKES: tuple[Rule, ...] = (
    _ignore(
        # "Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024", "Quyết định 1229/QĐ-UBND
        # ngày 28/02/2025", "Nghị quyết số 155 ngày 1/6/2025": the date of a cited document.
        "cited_document_date",
        rf"(?:số:? [\w./-]*\d[\w./-]*|\d+[/-][\w./-]*[^\W\d_][\w./-]*) ngày {_CITED_DATE}",
    ),
    _ignore(
        # "chi thường xuyên", "kinh phí thường xuyên": recurrent spending, not a standing duty.
        "recurrent_spending",
        r"(?:chi|kinh phí|ngân sách|nguồn vốn|vốn) thường xuyên",
    ),
    _ignore(
        # "tiết kiệm chi hằng năm": the annual expenditure, not a yearly duty.
        "annual_spending",
        r"(?<!\w)chi (?:hằng|hàng) năm",
    ),
    _ignore(
        # "nguồn ngân sách hằng năm", "dự toán chi của ngân sách địa phương hằng năm": the
        # annual budget as a source of funds, not a yearly duty. Money put "trong"/"vào" each
        # year's budget ("bố trí kinh phí trong dự toán ngân sách nhà nước hàng năm") is a
        # duty of every year, read by "every_period".
        "annual_budget",
        r"(?<!trong )(?<!vào )(?<!trong dự toán )(?<!vào dự toán )(?:ngân sách|dự toán)(?: [^\W\d_]+){0,3} (?:hằng|hàng) năm",
    ),
    _ignore(
        # "từ đầu năm đến tháng 4 năm 2024", "từ đầu năm 2024 đến nay": a reporting period.
        "reporting_period",
        # "… sĩ số học sinh từ đầu năm học đến ngày 15/10" too.
        rf"từ đầu năm(?: học)?(?: \d{{4}})? (?:đến|tới) (?:nay|(?:hết )?(?:ngày )?(?:{_POINT}))"
        rf"|từ (?:ngày )?(?:{_POINT}) (?:đến|tới) nay",
    ),
    _ignore(
        # "các nhiệm vụ được giao trong năm 2025", "nguồn ngân sách đã được giao năm 2025":
        # the year a task or a budget was given, not when it is due.
        "assigned_year",
        r"được giao(?: (?:trong|tại|từ|cho))?(?: (?:kế hoạch|dự toán))? năm \d{4}"
        r"(?: ?[-–—] ?\d{4})?",
    ),
    _ignore(
        # "các nhiệm vụ do Chính phủ giao từ ngày 01/01/2016 đến ngày 10/12/2016": the span
        # the tasks were given in.
        "assigned_span",
        rf"(?<=giao )từ (?:ngày )?{_CITED_DATE} (?:đến|tới)(?: hết)?(?: ngày)? {_CITED_DATE}",
    ),
    _ignore(
        # "Nghị quyết … về triển khai nhiệm vụ trọng tâm những tháng cuối năm 2025": the
        # title of a document or programme, not a deadline.
        "tasks_of_a_period",
        r"nhiệm vụ(?: [^\W\d_]+){0,3}? (?:những|các) tháng (?:đầu|cuối) năm(?: \d{4})?",
    ),
    _ignore(
        # "Vào trưa nay (15/11), tại Trụ sở Chính phủ, …": today, as the press dates its item.
        "today_in_a_parenthesis",
        r"(?:sáng|trưa|chiều|tối|hôm|ngày) nay,? ?\(\d{1,2}/\d{1,2}(?:/\d{4})?\)",
    ),
    _ignore(
        # "báo cáo về tình hình giá thịt lợn và công tác bình ổn những tháng cuối năm 2019":
        # the period a situation is reported for. "… trong những tháng cuối năm" still sets it.
        "situation_of_a_period",
        r"(?:tình hình|công tác)(?: (?!trong\b|vào\b|đến\b|trước\b|hết\b)[^\W\d_]+){0,8}?"
        r" (?:những|các) tháng (?:đầu|cuối) năm(?: \d{4})?",
    ),
    _ignore(
        # "xác định các nhiệm vụ, giải pháp trọng tâm trong năm 2019", "Nghị quyết về những
        # nhiệm vụ, giải pháp chủ yếu năm 2026": the year's key tasks, not a deadline.
        "key_tasks_of_a_year",
        r"(?:nhiệm vụ|giải pháp)(?:, (?:nhiệm vụ|giải pháp))? (?:trọng tâm|chủ yếu)"
        r"(?: (?:trong|của|cho))? năm \d{4}",
    ),
    _ignore(
        # "vốn đầu tư công năm 2025", "ngân sách nhà nước năm 2026": a budget year. The words
        # in between are never a cue ("bố trí vốn trong năm 2025" is a deadline).
        "budget_year",
        r"(?:vốn|ngân sách|dự toán|kinh phí)"
        r"(?: (?!trong\b|vào\b|đến\b|tới\b|trước\b|hết\b|cuối\b|hoàn\b|xong\b)[^\W\d_]+){0,4}"
        r" năm \d{4}(?! và (?:những|các) năm tiếp theo\b)",
    ),
    _ignore(
        # "đến năm 2030, định hướng đến năm 2045", "tầm nhìn đến năm 2050": a programme's name.
        "programme_horizon",
        r"(?:(?:đến|tới) năm \d{4},? )?(?:định hướng|tầm nhìn) (?:đến|tới) năm \d{4}",
    ),
)
