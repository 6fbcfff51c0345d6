"""Reading a conclusion notice (or a press article about one) into the tasks it assigns.

:func:`import_notice` is pure: text in, :class:`ParsedNotice` out. Two layouts are read.

**Formal** (a numbered notice, plan or resolution): the item markers ``A.`` ``I.`` ``1.``
``1.1.`` ``a)`` and ``-`` bullets are found at line starts (and a letter item that starts
mid-paragraph after a full stop, "… nhân rộng. d) Đẩy nhanh …"), each accepted only when it
continues its list (``1.`` then ``2.``; ``a)`` ``b)`` ``c)`` ``d)`` ``đ)`` ``e)`` ``g)`` …), so
a wrapped line that happens to begin with "5." is still text — unless it opens a quoted
excerpt: the document's first item "5." followed by "6." (or "II." with such a run under
it) keeps its numbers. A later dated task that repeats one already read word for word (an
article's recap after the quoted items) is dropped. Sections whose heading names
background ("KẾT QUẢ", "TỒN TẠI", "BÀI HỌC", "QUAN ĐIỂM", "ĐÁNH GIÁ", "MỤC ĐÍCH", "MỤC TIÊU")
give no task; sections naming tasks ("NHIỆM VỤ", "GIẢI PHÁP", "YÊU CẦU", "TỔ CHỨC THỰC
HIỆN", "KIẾN NGHỊ") do. The text after "Nơi nhận:" or the closing "Văn phòng Chính phủ …
thông báo …" is not read, so neither the recipients nor the footnotes become tasks. An item
without sub-items is one unit of work; its ref is the path of labels ("B.II.1.a", "IV.10").
A task table ("TT | Nội dung | Cơ quan chủ trì | … | Thời gian thực hiện"), as plans carry
in an appendix, gives one unit per row with ref ``PL.<n>``.

**Prose** (a press article): every blank-line-separated paragraph is numbered from 1 and a
paragraph that assigns work to an agency yields units with ref ``P<n>``. Headlines (no final
punctuation, except a long bullet whose quotation breaks off), captions and background
paragraphs yield none; "Đồng thời, …", bullets and a dated paragraph that opens with a verb
right after an assigning paragraph, and one that opens with a directive verb ("Chỉ đạo",
"Rà soát", "Nghiên cứu", "Chuẩn bị", "Đôn đốc", …), "Cụ thể, …" and a request again
("Thủ tướng yêu cầu, địa phương nào … thì …") continue its agency — a bullet that states
what was agreed ("- Thống nhất với …") does not; the addressee may follow an ordinal
("Thứ hai, các cơ quan …"), which opens a point of its own. The date of a quoted item's heading ("(3) Công tác chuẩn bị
lễ khánh thành … vào ngày 19 tháng 12 năm 2025") is the deadline of the bullets under it
that set none; the date of a paragraph opening a list ("…, trước ngày 10/6/2025, cụ thể:")
is that of its bullets that name an addressee of their own.

**Who.** A unit's lead is, in order: the agency its clause opens with ("Bộ Y tế chủ trì …",
"Giao Bộ X chủ trì", "Thủ tướng yêu cầu Bộ X …", "Yêu cầu 07 Ủy ban nhân dân các tỉnh,
thành phố A, B, …"), else its item heading ("2. Bộ Thông tin và Truyền thông"), else the
nearest preamble's addressee ("Yêu cầu các bộ, ngành, địa phương …:"). Several agencies
named as joint leads: when all are provinces the lead is the provinces' group and they are
its ``members``; otherwise the first leads and the others co-operate (the curation rule of
``seeds/README.md``). Co-operating agencies are those after "phối hợp (với)", "cùng với" and
"lấy ý kiến"; groups ("các bộ, ngành liên quan") are not co-operating agencies. Names are
the registry's canonical names; a body the registry does not know keeps its written name,
is flagged ``lead_known=False`` and is listed in ``unknown_agencies``.

**When.** A unit is split into one task per separately timed obligation: a new obligation
starts at the clause boundary ("; " or a full stop) before each further timing expression
(a due date, "thường xuyên", "hằng tháng", or a schedule reference such as "theo tiến độ
được quy định tại …"), and a clause naming a different addressee ("…; Bộ Công an có trách
nhiệm …") starts a new obligation too. Urgency words ("khẩn trương", "sớm", "kịp thời") do
not split. An obligation's deadline is its first due date, else its recurrence, else its
standing duty, else kind ``none`` with the urgency wording (if any) as the phrase. A
closing "…; hoàn thành trong Quý I/2026." that follows two addressees applies to both.

The reading is split along its seams: :mod:`notices.importer.model` (what is returned),
:mod:`~notices.importer.text` (text preparation and clause boundaries),
:mod:`~notices.importer.header` (number, issue date, title), :mod:`~notices.importer.names`
and :mod:`~notices.importer.addressees` (who; over :mod:`~notices.importer.assignees`,
:mod:`~notices.importer.intros` and :mod:`~notices.importer.subjects`; the provinces a
notice names for itself in :mod:`~notices.importer.definitions`),
:mod:`~notices.importer.timing` (when), :mod:`~notices.importer.titles`,
:mod:`~notices.importer.units` (units of work and their obligations),
:mod:`~notices.importer.markers` and :mod:`~notices.importer.formal` (the formal layout; over
:mod:`~notices.importer.sections` and :mod:`~notices.importer.attributes`), :mod:`~notices.importer.tables` (task tables), :mod:`~notices.importer.prose` (the
prose layout; dates shared across an item's paragraphs in :mod:`~notices.importer.runs`), :mod:`~notices.importer.reading` (:func:`import_notice`) and
:mod:`~notices.importer.matching` (the same task in two sources).
"""

from __future__ import annotations

from notices.importer.matching import SAME_TASK_OVERLAP as SAME_TASK_OVERLAP
from notices.importer.matching import same_task, word_overlap
from notices.importer.model import TITLE_MAX, IssueDateMissing, Layout, ParsedNotice, ParsedTask
from notices.importer.reading import import_notice

__all__ = [
    "TITLE_MAX",
    "IssueDateMissing",
    "Layout",
    "ParsedNotice",
    "ParsedTask",
    "import_notice",
    "same_task",
    "word_overlap",
]
