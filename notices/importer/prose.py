"""Prose layout: the paragraphs of a press article and the units they assign."""

from __future__ import annotations

import re

from notices.importer.addressees import (
    _ASKS,
    _addressee_at,
    _addressee_span,
    _Assignee,
    _Namer,
    _subject_at,
)
from notices.importer.formal import _HEADING_WORDS
from notices.importer.going_on import _CONTINUES, _DETAILS, _STATEMENT, _asks_again, _goes_on
from notices.importer.header import _ARTICLE_DATE
from notices.importer.letters import _ADDRESSED_TO, _only_names
from notices.importer.names import _Names
from notices.importer.paragraphs import _BULLET_MARK, _paragraphs
from notices.importer.runs import _Runs, time_label
from notices.importer.text import _TERMINAL, _clause_ends, _flat
from notices.importer.timing import _timings
from notices.importer.units import _Reader, _Unit

# "… yêu cầu Thống đốc … báo cáo …. / Thực hiện việc báo cáo Thủ tướng … trước ngày 14/9.":
# the report's time, in a paragraph of its own.
_REPORT_TIME = re.compile(r"Thực hiện (?:việc )?báo cáo\b[^.;]*?\btrước\b")
_SENTENCE_INSIDE = re.compile(r"[.;!?] (?=[^\W\d_])")
# A photo's caption: "… Ảnh: VGP/Nhật Bắc", and one that only says what the picture is
# ("Đẩy mạnh phục hồi sản xuất, kinh doanh. Ảnh tư liệu.", "… Ảnh minh họa").
_CAPTION = re.compile(
    r"Ảnh:|\(Hình từ Internet\)|^>>>|(?:^|[.!?] )Ảnh (?:tư liệu|minh họa|minh hoạ)\.?\)?$"
)
# A press agency's credit before the first words: "(Dân trí) – UBND các tỉnh …", "(TBTCO) -
# Thủ tướng …". Not a sub-item label ("(1) -", "(iv) -").
# So is a site's name: "VOV.VN - Vào trưa nay …", "Chinhphu.vn – …".
_CREDIT = re.compile(
    r"^(?:\((?![ivx]{1,5}\))[^\W\d_][\w.]{1,20}(?: [\w.]{1,20}){0,2}\)"
    r"|[A-Za-z][\w-]{1,20}\.(?:vn|VN|com|COM|net))\s*[-–—]\s*"
)
_ARTICLE_END = re.compile(
    r"^(?:Theo (?:baochinhphu|Cổng|Báo|TTXVN|VGP)|Có thể bạn quan tâm|Tin cùng chuyên mục"
    r"|Tác giả:|Link bài viết gốc|Nguồn:"
    # A letter's closing formula ("Văn phòng Chính phủ thông báo để Bộ Y tế và các cơ quan
    # liên quan biết, thực hiện./.") and its list of recipients: the letter ends there.
    # So does "… thông báo Bộ Tài nguyên và Môi trường biết, thực hiện./." with no "để", as
    # some letters write it, and "thông báo đểcác Bộ" as a copy glues it.
    r"|Nơi nhận\s*:|Văn phòng [^.;:]{0,80}?\s(?:xin |trân trọng )?thông báo\s?(?:(?:để|cho|tới|đến)\s?)?"
    # "… thông báo để các Bộ: Tài chính, Tài nguyên và Môi trường … biết": a list's colon.
    r"(?:[^;:]|:(?= [A-ZĐ])){0,200}?"
    r"(?:(?<!cho )\bbiết(?:,? (?:và )?(?:thực hiện|phối hợp)|\s*[./;]|$)|\bthực hiện\s*\./))"
)
_BULLET = re.compile(r"^(?:[-+•]|\(\d{1,2}\)|\([ivx]{1,4}\)|\d{1,2}\.(?!\d)|[a-zđ]\))\s*")
# "Thứ nhất, các địa phương …": an ordinal before the addressee. Unlike a bullet it opens a
# point of its own ("Thứ tư, về phát triển kinh tế số, …"), never the agency before it.
_ORDINAL = re.compile(r"^Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười),\s*")
# A paragraph that ends by listing what something is made of: its bullets are no tasks.
_COMPOSITION = re.compile(r"(?:\bgồm|bao gồm|thành phần)\s*:$")
# A heading of the article's own items ("(3) Công tác chuẩn bị lễ khởi công … vào ngày 19
# tháng 12 năm 2025 …"): its date is the deadline of the bullets under it that set none.
_ITEM_HEADING = re.compile(r"^(?:\(\d{1,2}\)|\d{1,2}\.(?!\d)|[IVX]{1,5}\.|[a-zđ]\))\s")
# "… yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh … khẩn trương thực hiện các nội dung sau:": a
# paragraph whose only work is to announce the bullets below introduces them, like "(1) Bộ
# Công an:"; it is no task of its own.
_ANNOUNCES = re.compile(
    r"(?:khẩn trương |tập trung |nghiêm túc )?(?:thực hiện|triển khai)(?: ngay)?"
    r" (?:một số |các |những )?(?:nội dung|nhiệm vụ|việc|giải pháp)(?: trọng tâm| chủ yếu)?"
    # "… triển khai nhiệm vụ trọng tâm từ nay đến cuối năm 2025, như sau:": the time of them
    # all before the list.
    r"(?: cụ thể)?(?: [^.;:]{1,80}?,)? (?:sau đây|sau|như sau)\s*:$"
    # "… đề nghị các bộ, ngành, địa phương, cơ quan tiếp tục lãnh đạo, chỉ đạo một số nhiệm
    # vụ.": the tasks follow.
    r"|(?:lãnh đạo, )?chỉ đạo (?:thực hiện )?(?:một số|các) nhiệm vụ(?: sau(?: đây)?)?\s*[.:]$"
)
# "Thủ tướng nhấn mạnh 6 nhóm nhiệm vụ chung, trọng tâm với các bộ ngành, cơ quan, địa
# phương.": the points "Thứ nhất, …", "Thứ hai, …" below are those bodies' work, unless one
# names its own addressee.
_TASK_GROUPS = re.compile(
    r"\b(?:Thủ tướng|Phó Thủ tướng)(?: Chính phủ)? (?:nhấn mạnh|nêu|đề ra|chỉ ra|yêu cầu|giao)"
    r" (?:[^.;:]{0,40}? )?(?:\d{1,2}|hai|ba|bốn|năm|sáu|bảy|tám) nhóm (?:nhiệm vụ|giải pháp)\b"
    r"[^.;:]*?\b(?:với|cho|đối với|của) "
)

# "Dự án cao tốc Tuyên Quang - Hà Giang: Lập lại tiến độ …", "Các dự án cao tốc … và …: …":
# a project's work is its investors' — those the article addressed last as investors ("Các
# Chủ đầu tư/Ban Quản lý dự án …"); with none addressed before, no one's.
_PROJECT_HEADING = re.compile(r"(?:Các )?[Dd]ự án [^:;.]{1,150}?:\s+\S")
_INVESTORS = re.compile(r"(?i)chủ đầu tư|nhà đầu tư|ban quản lý dự án")


def _is_heading(flat: str) -> bool:
    return flat.endswith(":") and len(flat.split()) <= _HEADING_WORDS


def _is_headline(flat: str) -> bool:
    """No final punctuation: a headline — unless it is a bullet of some length, whose
    quotation may break off mid-sentence ("- ACV phối hợp Quân khu 7, … dồn toàn lực cho")."""
    if flat.endswith(_TERMINAL):
        return False
    if len(flat.split()) > 2 * _HEADING_WORDS and _SENTENCE_INSIDE.search(flat):
        return False  # sentences cut off at the end (a copied excerpt), not a headline
    return not (_BULLET_MARK.match(flat) and len(flat.split()) > _HEADING_WORDS)


def _cut_off(flat: str) -> bool:
    """Whether a paragraph without final punctuation reads as running text broken off (a
    page's opening stored up to some length: "… bảo đảm thực hiện thủ tục hành chính
    hiệu"): longer than a heading, with a comma."""
    return len(flat.split()) > _HEADING_WORDS and ", " in flat


def _asks_further_in(flat: str) -> bool:
    asks = _ASKS.search(flat)
    return asks is not None and asks.start() > 0


def _dated_phrase(flat: str, reader: _Reader) -> str | None:
    """The wording of the first due date in ``flat``, if any."""
    for timing in _timings(flat, reader.issued):
        if timing.deadline.due is not None:
            return timing.deadline.phrase
    return None


# "UBND tỉnh Đồng Nai vừa ban hành Kế hoạch số 197 …. Đối với dự án …, tỉnh Đồng Nai đề
# nghị các đơn vị, địa phương phải hoàn thành …": the body reported to have issued the
# document asks in the sentences after it; those it asks do the work.
_ISSUED = re.compile(r"\s+(?:vừa |đã |cũng )?(?:ký )?ban hành\s")
# "Văn phòng Chính phủ thông báo kết luận của Phó Thủ tướng …. Theo đó, Bộ Y tế hoàn thiện
# …": the relayed conclusion's work, in the sentence after it.
# "…. Về việc này, Thủ tướng Chính phủ giao Bộ X: …" after what the press reported.
# "…. Cụ thể là: “Giao UBND TP. Vinh …”": the conclusion quoted after what conveyed it.
_ACCORDINGLY = re.compile(
    r"(?:(?:Theo đó|Về (?:việc|vấn đề|nội dung) (?:này|trên)),|Cụ thể(?: là| như sau)?\s*[:,])"
    r"\s*[“\"]?"
)
# "Thủ tướng … nhấn mạnh …. Ông yêu cầu TP HCM, Đà Nẵng …": the leader the paragraph named,
# by a pronoun, asks.
_SPEAKER = re.compile(r"\b(?:Thủ tướng|Phó [Tt]hủ tướng|Bộ trưởng|Chủ tịch)\b")
_PRONOUN_ASKS = re.compile(r"(?:Ông|Bà)(?: cũng)? (?:yêu cầu|đề nghị|giao)(?: cho)?\s+")
_ISSUER_ASKS = re.compile(r"\s+(?:cũng\s+)?(?:đề nghị|yêu cầu)\s+")
_ISSUER_SPAN = 160
"""How far into a sentence the issuer's request may stand (after "Đối với …, ")."""


def _issuer_asks(flat: str, start: int, names: _Names, issuer: str | None) -> int | None:
    """Where the work starts when the sentence at ``start`` has ``issuer`` ask others."""
    if issuer is None:
        return None
    limit = min(len(flat), start + _ISSUER_SPAN)
    for name in names.by_start.values():
        if start <= name.start < limit and name.agency_id == issuer:
            asks = _ISSUER_ASKS.match(flat, name.end)
            if asks is not None:
                return asks.end()
    return None


def _opens_for(flat: str, names: _Names, reader: _Reader) -> bool:
    """ "Thủ tướng Chính phủ giao Bộ Nông nghiệp và Phát triển nông thôn:": the paragraph
    names who is asked and ends there; the bullets below are the work."""
    if not flat.endswith(":"):
        return False
    found = _addressee_span(flat, 0, names, reader.namer, search=True)
    return found is not None and not flat[found[1] :].strip(" :")


_QUOTED_DIRECTION = re.compile(
    r"(?:chỉ đạo|kết luận|yêu cầu)(?: rõ)?(?: như sau)?\s*:\s*[“\"]?(?=(?:[Gg]iao|[Yy]êu cầu)\b)"
)


def _later_assignment(flat: str, names: _Names, namer: _Namer) -> tuple[int, _Assignee] | None:
    """The first sentence after the opening one that assigns work ("… Thủ tướng yêu cầu Bộ
    X …", "… tỉnh X đề nghị các đơn vị …" after "UBND tỉnh X vừa ban hành …"), as (where it
    starts, its addressee)."""
    for quoted in _QUOTED_DIRECTION.finditer(flat):
        # "…, đồng chí … chỉ đạo rõ: “Giao cho Sở Kế hoạch - Đầu tư phối hợp …”".
        ask = _ASKS.match(flat, quoted.end())
        subject = _subject_at(flat, ask.end(), names, namer) if ask is not None else None
        if subject is not None:
            return quoted.end(), subject
    opening = names.by_start.get(0)
    issued = opening is not None and _ISSUED.match(flat, opening.end) is not None
    issuer = opening.agency_id if opening is not None and issued else None
    for end in _clause_ends(flat):
        if end.group(0)[0] == ";" or names.inside(end.start()):
            continue
        start = end.end()
        ask = (
            _ASKS.match(flat, start)
            or _ACCORDINGLY.match(flat, start)
            or (_SPEAKER.search(flat, 0, start) and _PRONOUN_ASKS.match(flat, start))
        )
        if ask is not None and ask.re is _ACCORDINGLY:
            # "…. Theo đó, Phó Thủ tướng đề nghị Bộ Công an, … cử cán bộ …": the one who
            # asks may come after "Theo đó," too.
            ask = _ASKS.match(flat, ask.end()) or ask
        work = ask.end() if ask is not None else _issuer_asks(flat, start, names, issuer)
        if work is None:
            continue
        subject = _subject_at(flat, work, names, namer)
        if subject is not None:
            return start, subject
    return None


def _last_actor(flat: str, names: _Names, namer: _Namer, first: _Assignee) -> _Assignee:
    """The addressee of the last sentence or clause of a paragraph that opens with one, else
    ``first``: "… yêu cầu các Bộ ngành, địa phương liên quan … . Lãnh đạo 4 tỉnh …, do đó cần
    huy động …" — the paragraph below ("Tập trung mọi nguồn lực …") goes on with the four."""
    last = first
    for end in _clause_ends(flat):
        if names.inside(end.start()):
            continue
        found = _addressee_at(flat, end.end(), names, namer)
        if found is not None and not found.vague:
            last = found
    return last


_SOLE_WORDS = 8


def _prose_units(text: str, reader: _Reader) -> list[_Unit]:
    units: list[_Unit] = []
    context: _Assignee | None = None
    last_was_task = False
    opens_list = False
    listing = False
    # The date of the item heading (or list-opening paragraph) the bullets below stand under.
    heading_date: str | None = None
    # The date of a paragraph opening a list ("…, yêu cầu các địa phương … trước ngày 10
    # tháng 6 năm 2025, cụ thể:"): its bullets that name an addressee of their own share the
    # work out, with that date; bullets without one detail the paragraph's own task.
    list_date: str | None = None
    runs = _Runs(dated=lambda wording: _dated_phrase(_flat(wording), reader))
    # A paragraph opening a list ("… yêu cầu các địa phương … trước ngày 10 tháng 6 năm 2025,
    # cụ thể:") whose first bullet names an addressee of its own ("- Tỉnh Tuyên Quang: …")
    # shares its work out among the bullets: no task of its own (its date is theirs).
    opening: int | None = None
    shared_out: set[int] = set()
    investors: _Assignee | None = None
    points_of: _Assignee | None = None  # whose task groups the ordinal points below list
    addressees_follow = False  # after "Kính gửi:", the bullets naming the addressees
    paragraphs = _paragraphs(text)
    last = paragraphs[-1][0] if paragraphs else 0
    # A page of one paragraph of some length (and a byline: "PV", "C.L."): it heads nothing
    # below it, so it is no headline even without its full stop.
    sole = [n for n, block in paragraphs if len(block.split()) >= _SOLE_WORDS]
    sole_paragraph = sole[0] if len(sole) == 1 else None
    previous = ""
    for number, block in paragraphs:
        flat = _flat(block)
        if number == 1:
            flat = _ARTICLE_DATE.sub("", flat, count=1).strip()
        flat = _CREDIT.sub("", flat, count=1)
        if _ARTICLE_END.match(flat):
            break
        addressed = _ADDRESSED_TO.match(flat)
        if addressed:
            if _only_names(flat[addressed.end() :]):
                # "Kính gửi:" alone: the addressees follow as bullets, one name each.
                addressees_follow = flat.endswith(":")
                continue
            flat = flat[addressed.end() :].strip()  # "Kính gửi: - Bộ Y tế: khẩn trương …"
        if addressees_follow and _only_names(flat):
            continue  # "- Bộ Y tế;", or the one addressee on its line: "Bộ Tư pháp."
        addressees_follow = False
        if not flat or _CAPTION.search(flat):
            continue
        after_colon, previous = previous.endswith(":"), flat
        # The text's last paragraph breaking off after work or after a list's opening is
        # the excerpt's end; a long headline of one sentence elsewhere stays a headline.
        # So is one that breaks off after asking someone further in ("Về quy chế …, lãnh đạo
        # Chính phủ đề nghị Bộ Tài chính … chuẩn bị tổ chức m"); a headline opens with it.
        cut_off = (
            number == last
            and (last_was_task or after_colon or _asks_further_in(flat))
            and _cut_off(flat)
        )
        if _is_headline(flat) and not cut_off and number != sole_paragraph:
            # A headline repeats a paragraph below it; an item's heading dates its bullets.
            heading_date = _dated_phrase(flat, reader) if _ITEM_HEADING.match(flat) else None
            continue
        bullet = _BULLET.match(flat)
        was_opening, opening = opening, None
        if bullet and listing and flat[:1] in "-+•":
            continue  # "… chia thành 03 nhóm, gồm: / - Nhóm …": what something is made of
        listing = False
        if not (bullet and flat[:1] in "-+•"):
            heading_date = list_date = None
        under = heading_date
        ordinal = None if bullet else _ORDINAL.match(flat)
        if bullet:
            flat = flat[bullet.end() :]
        elif ordinal:
            flat = flat[ordinal.end() :]
        if (
            context is not None
            and last_was_task
            and (time_label(flat) or _REPORT_TIME.match(flat))
            and runs.time_line(units, flat)
        ):
            continue  # "Thời gian hoàn thành trước ngày 10/4/2025." alone: the item's date
        names = _Names(flat, reader.registry, reader.home)
        assignee = _addressee_at(flat, 0, names, reader.namer, search=True)
        if assignee is None and not _is_heading(flat):
            # "Phó Thủ tướng khẳng định …. Phó Thủ tướng yêu cầu các bộ, ngành …": the
            # paragraph's work starts at the later sentence that assigns it.
            later = _later_assignment(flat, names, reader.namer)
            if later is not None:
                flat, assignee = flat[later[0] :], later[1]
                names = _Names(flat, reader.registry, reader.home)
        ref = f"P{number}"
        groups = None if ordinal else _TASK_GROUPS.search(flat)
        if groups is not None:
            announced = _addressee_at(flat, groups.end(), names, reader.namer)
            if announced is not None:
                points_of, context, last_was_task = announced, announced, True
                runs.reset()
                continue
        if not ordinal:
            points_of = None
        if assignee is None and ordinal and points_of is not None:
            units.append(_Unit(ref=ref, text=flat, inherited=points_of, deadline_text=under))
            runs.added(units, len(units) - 1, flat, own=False)
            continue
        if flat.endswith(":") and not bullet:
            list_date = _dated_phrase(flat, reader)
        if assignee is not None and (
            _is_heading(flat) or _ANNOUNCES.search(flat) or _opens_for(flat, names, reader)
        ):
            # "(1) Bộ Công an:" introduces the bullets below it.
            context, last_was_task, opens_list = assignee, True, True
            runs.reset()
            continue
        if assignee is not None:
            units.append(
                _Unit(ref=ref, text=flat, inherited=None, deadline_text=under or list_date)
            )
            runs.added(units, len(units) - 1, flat, own=True)
            context = _last_actor(flat, names, reader.namer, assignee)
            last_was_task = True
            if bullet and was_opening is not None:
                shared_out.add(was_opening)
            if flat.endswith(":") and not bullet:
                opening = len(units) - 1
            if _INVESTORS.search(assignee.lead):
                investors = assignee
        elif investors is not None and not bullet and _PROJECT_HEADING.match(flat):
            units.append(_Unit(ref=ref, text=flat, inherited=investors, deadline_text=under))
            runs.added(units, len(units) - 1, flat, own=True)
            context, last_was_task = investors, True
        elif context is not None and (ordinal or _STATEMENT.match(flat)):
            context, last_was_task = None, False
            runs.reset()
        elif context is not None and (
            _CONTINUES.match(flat)
            or bullet
            or opens_list
            or runs.open_clause
            or (last_was_task and (_DETAILS.match(flat) or _asks_again(flat)))
        ):
            if _is_heading(flat):
                opens_list = True  # "- Chỉ đạo Tổng công ty …:" introduces "+" bullets
                continue
            units.append(_Unit(ref=ref, text=flat, inherited=context, deadline_text=under))
            runs.added(units, len(units) - 1, flat, own=False)
            last_was_task = True
        elif context is not None and last_was_task and _goes_on(flat, reader.issued):
            units.append(_Unit(ref=ref, text=flat, inherited=context))
            runs.added(units, len(units) - 1, flat, own=False)
        else:
            context, last_was_task = None, False
            runs.reset()
        opens_list = last_was_task and flat.endswith(":")
        listing = _COMPOSITION.search(flat) is not None
    return [unit for index, unit in enumerate(units) if index not in shared_out]
