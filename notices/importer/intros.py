"""The phrases before an addressee: intros, the one who asks, topics and reported results."""

from __future__ import annotations

import re

# Phrases that may come before the addressee at the start of a clause, and that are not
# part of what must be done.
_LEADING_PHRASE = (
    r"(?:(?:Đồng thời|Cùng với đó|Bên cạnh đó|Cụ thể|Trong đó|Theo đó|Theo Kế hoạch|Ngoài ra"
    r"|Trước mắt)\s*,\s*"
    # "Cùng với chỉ đạo nêu trên, Bộ Công Thương cũng có nhiệm vụ …": what the work comes
    # with, written in lower case (not "Cùng với Bộ Tài chính, …", a body working with it).
    r"|Cùng với (?!(?:các |những )?(?:bộ|cơ quan|địa phương|tỉnh|ủy ban|sở)\b)"
    r"(?=[a-zà-ỹđ])[^,;.:]{1,120}?\s*,\s*"
    r"|Về [^,;.:]{1,120}?\s*[,:]\s*"
    # "Theo chỉ đạo của Bộ Công an, 5 thành phố … phải …": whose instruction it is.
    r"|Theo (?:chỉ đạo|yêu cầu|đề nghị|kết luận|ý kiến)(?: chỉ đạo)? của [^,;.:]{1,120}?\s*,\s*"
    # "Theo Kế hoạch, trước ngày 18/4/2025, Bộ Nội vụ …": after an intro, in lower case.
    r"|(?:[Tt]rước|[Đđ]ến|[Cc]hậm nhất|[Tt]ừ) ngày [\d/]+(?: tháng \d{1,2} năm \d{4})?\s*,\s*"
    r"|(?:Thủ tướng|Phó Thủ tướng)(?: Chính phủ)?[^,.;:]{0,60}?\s(?:giao|yêu cầu|đề nghị|chỉ đạo"
    r"|chỉ thị|phân công)(?: cho)?\s+(?:đồng chí\s+)?"
    r"|(?:Thủ tướng|Phó Thủ tướng)(?: Chính phủ)?[^,.;:]{0,60}?\s(?:chỉ rõ|lưu ý|nhấn mạnh)\s*[,:]\s*"
    # "… yêu cầu đối với các dự án không áp dụng …, thì các cơ quan, tổ chức chịu trách
    # nhiệm …": the condition comes first, the addressee after "thì".
    r"|[Đđ]ối với [^;.:]{1,300}?,?\s+thì\s+"
    r"|Đối với\s+"
    # "Riêng thành phố Hà Nội, Thành phố Hồ Chí Minh triển khai …": those singled out.
    r"|Riêng\s+(?=[^\W\d_])"
    r"|\((?:\d{1,2}|[ivx]{1,5})\)\s*"
    # "Thống nhất với đề xuất, kiến nghị của Bộ Tài chính, …": the proposal agreed is its
    # author's to carry out.
    r"|Thống nhất với (?:(?:các )?(?:đề xuất|kiến nghị|đề nghị|báo cáo|phương án)(?:,? )?){1,3}"
    r"của\s+"
    # "Sau khi được Quốc hội thông qua, các Bộ, cơ quan, địa phương …": the condition first.
    r"|(?:Ngay )?[Ss]au khi (?!nghe\b|xem xét\b|được nghe\b)[^,;.:]{1,150}?,\s*"
    r"|Để [^,;.:]{1,150}?,\s*)"
)
# "Khuyến khích các địa phương … hỗ trợ …": encouraged, the addressee after it.
_ASSIGN_VERB = (
    r"(?:Giao|Yêu cầu|Đề nghị|Khuyến khích|giao|yêu cầu|đề nghị)(?: cho)?\s+(?:đồng chí\s+)?"
    r"(?:từng\s+|mỗi\s+)?"
)
_INTRO = re.compile(rf"{_LEADING_PHRASE}|{_ASSIGN_VERB}")
_LEADING = re.compile(_LEADING_PHRASE)
# "… Thủ tướng (trước hết) yêu cầu <addressee>" anywhere in a paragraph's opening.
_ASKS = re.compile(
    # The title may carry a role after a dash: "Phó Thủ tướng Thường trực Chính phủ Nguyễn
    # Hòa Bình - Trưởng ban Chỉ đạo về … (Ban chỉ đạo 751) yêu cầu …".
    # "Phó thủ tướng" is also written in lower case.
    r"(?:Thủ tướng|Phó [Tt]hủ tướng|Chính phủ)(?: Chính phủ)?[^.;:]{0,60}?(?:\s[-–]\s[^.;:]{0,200}?)?"
    r"\s(?:giao|yêu cầu|đề nghị"
    r"|chỉ đạo|phân công|nhắc nhở)(?: cho)?\s+(?:đồng chí\s+)?(?:từng\s+|mỗi\s+)?"
    # "Phó Thủ tướng yêu cầu đối với Bộ Công Thương, cần bảo đảm …": the body the request
    # is for.
    r"(?:đối với\s+(?=(?:các\s+)?[A-ZĐ]))?"
    r"|(?:Thủ tướng|Phó [Tt]hủ tướng)(?: Chính phủ)?[^.;:]{0,60}?\s(?:chỉ rõ|lưu ý|nhấn mạnh)\s*,\s*"
    # "Kết luận của Phó Thủ tướng … về nhiệm vụ thời gian tới đối với Bộ NN&PTNT là cần …":
    # the conclusion addressed to a body.
    r"|[Kk]ết luận của (?:Thủ tướng|Phó [Tt]hủ tướng)[^.;:]{0,160}?\sđối với\s+"
    # Not one of a series of the lead's own verbs ("… chủ động hướng dẫn, đôn đốc, yêu cầu
    # các đơn vị điều chỉnh …": whoever leads asks the units it oversees).
    r"|(?<![\w])(?<!đôn đốc, )(?<!hướng dẫn, )(?<!kiểm tra, )(?<!giám sát, )(?<!chỉ đạo, )"
    r"(?:giao|Giao|yêu cầu|Yêu cầu|đề nghị|Đề nghị)(?: cho)?\s+(?:đồng chí\s+)?"
    r"(?:từng\s+|mỗi\s+)?"
    # "Lãnh đạo Bộ yêu cầu Chủ tịch UBND …", "Văn phòng Chính phủ đề nghị các Bộ …": others
    # who ask, in a sentence of their own.
    r"|(?:Lãnh đạo (?:Bộ|Thành phố|tỉnh|UBND)|Bộ trưởng[^.;:,]{0,40}?|Văn phòng Chính phủ)"
    r"(?: cũng)? (?:yêu cầu|đề nghị)\s+"
    # "…. Lãnh đạo thành phố giao các Sở: …", "…. Chủ tịch UBND tỉnh giao Sở Xây dựng …": a
    # province's leaders give the work in a sentence of their own.
    r"|(?:Lãnh đạo (?:[Tt]hành phố|[Tt]ỉnh|UBND (?:[Tt]hành phố|tỉnh))"
    r"|Chủ tịch (?:UBND|Ủy ban nhân dân) (?:[Tt]hành phố|tỉnh)|(?:UBND|Ủy ban nhân dân) tỉnh)"
    r"(?: cũng)? (?:giao|yêu cầu|đề nghị)(?: cho)?\s+"
    # "… nhắc nhở, Ban Chỉ đạo thực hiện chỉ đạo, …, còn các Bộ, ngành, các địa phương …":
    # the bodies set against the one before.
    r"|(?<=, )còn\s+(?=các\s|[A-ZĐ])"
)
_OPENING = 400
# A sentence that reports results rather than giving work ("Kết quả đạt được thời gian qua
# là nhờ …", "… đã hoàn thành …").
_REPORT_WORDS = re.compile(
    r"(?i)(?:kết quả đạt được|thời gian (?:vừa )?qua|hiện nay|hoan nghênh|đây là|có ý nghĩa"
    r"|đã đạt được|đã hoàn thành|là nhờ|ghi nhận|biểu dương)"
)
_PAST = re.compile(r"(?<!\w)đã(?!\w)")


def _past(flat: str, start: int, ask: re.Match[str]) -> bool:
    """ "Thời gian qua, Chính phủ, Thủ tướng Chính phủ đã rất quyết liệt chỉ đạo các bộ,
    ngành, địa phương …": an assignment made before and reported, not one given here."""
    past = _PAST.search(ask.group(0)) or flat[max(0, ask.start() - 3) : ask.start()] == "đã "
    return bool(past) and _REPORT_WORDS.search(flat, start, ask.end()) is not None


# "Để đẩy nhanh tiến độ triển khai, đưa vào vận hành, khai thác …, các bộ, ngành …": a
# purpose, like a topic, may hold commas before the addressee.
_TOPIC = re.compile(r"(?:Về|[Tt]rên cơ sở|Căn cứ|Để)\s")
_COMMA = re.compile(r",\s*")
_COLON = re.compile(r":\s*")
_TOPIC_COLON_SPAN = 400
_TOPIC_SPAN = 160


def _openings(flat: str, position: int) -> list[int]:
    """Where the addressee may start: at ``position`` and after each intro phrase. A topic
    ("Về hoàn thiện thể chế, cơ chế, chính sách, …") may hold commas, so every comma of
    its opening words is a candidate end."""
    starts = [position]
    cursor = position
    for _ in range(4):
        if _TOPIC.match(flat, cursor):
            colon = _COLON.search(flat, cursor, min(len(flat), cursor + _TOPIC_COLON_SPAN))
            if colon:
                starts.append(colon.end())
                # "Về …: đề nghị các Tập đoàn: …": the addressee after the request.
                asks = _INTRO.match(flat, colon.end())
                if asks is not None and asks.end() > colon.end():
                    starts.append(asks.end())
            limit = min(len(flat), cursor + _TOPIC_SPAN)
            starts.extend(m.end() for m in _COMMA.finditer(flat, cursor, limit))
        intro = _INTRO.match(flat, cursor)
        if intro is None or intro.end() == cursor:
            break
        cursor = intro.end()
        starts.append(cursor)
    return list(dict.fromkeys(starts))
