"""Whether an item heading's words are a body's name the registry may not know ("2. Thanh
tra tỉnh", "7. Thuế tỉnh", "1. Ban Quản lý các khu công nghiệp"), or whose duties the item
lists ("1. Trách nhiệm chung của các cơ quan, đơn vị")."""

from __future__ import annotations

import re

_BODY_WORDS = re.compile(
    r"(?i)^(?:các\s+)?(?:bộ|sở|ban|ủy ban|uỷ ban|ubnd|tập đoàn|tổng công ty|công ty|doanh nghiệp"
    r"|ngân hàng|cơ quan|đơn vị|thường trực|tỉnh ủy|thành ủy|công an|văn phòng|trung tâm"
    r"|hội đồng|liên minh|viện|đài|báo|học viện|trường|bệnh viện"
    # A province's bodies named by their office and place ("Thanh tra tỉnh", "Thuế tỉnh
    # Lào Cai"), not a topic ("Thuế thu nhập doanh nghiệp", "Thanh tra chuyên ngành").
    r"|thanh tra (?:tỉnh|thành phố|chính phủ|bộ|sở)|thuế (?:tỉnh|thành phố|cơ sở)"
    r"|cục|chi cục|kho bạc|bảo hiểm xã hội|bộ chỉ huy|bộ đội biên phòng|tỉnh đoàn"
    r"|thành đoàn|liên đoàn lao động)(?!\w)"
)
# "Trách nhiệm chung của …", "Nhiệm vụ của …": the bodies named after it.
_RESPONSIBILITY = re.compile(r"(?:Trách nhiệm|Nhiệm vụ)(?: chung)? của\s+(?=\S)")


def _looks_like_body(text: str) -> bool:
    return _BODY_WORDS.match(text) is not None
