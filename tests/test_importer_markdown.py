"""A notice converted to Markdown ("## II. NỘI DUNG", "### 4. Giao Ban Pháp chế", bold
"**1. Chủ trì:**", "* " bullets) reads as the same notice without its dress; the meeting's
attendance ("I. THÀNH PHẦN THAM DỰ") gives no task; an item "Giao <a body the registry does
not know>" gives its bullets that body, as written. Next to look-alikes: an asterisk that
dresses nothing, a heading "Giao nhiệm vụ" naming no body. The texts are written for the
test, in the layout of a city council office's conclusion notice."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from notices.importer.text import _prepare
from storage.agency_files import shipped_registry

Row = tuple[str, str, tuple[str, ...]]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


NOTICE = """# THÔNG BÁO

**Ý kiến kết luận của Chủ tịch HĐND Thành phố tại cuộc họp giao ban tuần thứ 30**

## I. THÀNH PHẦN THAM DỰ

**1. Chủ trì:** Đồng chí Chủ tịch HĐND Thành phố.

**2. Tham dự:**

- Thường trực HĐND Thành phố;
- Lãnh đạo các Ban của HĐND Thành phố.

## II. NỘI DUNG

Chủ tịch HĐND Thành phố kết luận, chỉ đạo các nội dung cần tập trung thực hiện như sau:

### 1. Giao Ban Pháp chế

* Chủ trì rà soát các nghị quyết do HĐND Thành phố ban hành.
* Phối hợp Sở Y tế hoàn thiện danh mục nghị quyết *trước ngày 20/8/2026*.

### 2. Giao Ban Đô thị

- Chủ trì tổ chức khảo sát tình hình thực hiện Đề án di dời nhà ven kênh.
"""


def test_a_markdown_notice_reads_as_the_notice(registry: AgencyRegistry) -> None:
    parsed = import_notice(NOTICE, registry, issued=date(2026, 7, 28))
    rows = [
        (t.ref, t.lead, t.co, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]
    assert rows == [
        ("II.1", "Ban Pháp chế", (), None),
        ("II.1", "Ban Pháp chế", ("Sở Y tế",), "2026-08-20"),
        ("II.2", "Ban Đô thị", (), None),
    ]
    assert all(not t.lead_known for t in parsed.tasks)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("### 4. Giao Ban Pháp chế", "4. Giao Ban Pháp chế"),
        ("**2. Tham dự:**", "2. Tham dự:"),
        ("* Chủ trì rà soát.", "- Chủ trì rà soát."),
        ("hoàn thành *trước ngày 20/8*.", "hoàn thành trước ngày 20/8."),
        # Look-alikes: a mark that dresses nothing stays.
        ("tăng 5 * 2 lần", "tăng 5 * 2 lần"),
        ("Điều 3#", "Điều 3#"),
    ],
)
def test_markdown_dress_comes_off(written: str, read: str) -> None:
    assert _prepare(written) == read


def test_look_alike_giving_tasks_names_no_body(registry: AgencyRegistry) -> None:
    text = NOTICE.replace("### 2. Giao Ban Đô thị", "### 2. Giao nhiệm vụ khác")
    leads = [t.lead for t in import_notice(text, registry, issued=date(2026, 7, 28)).tasks]
    assert leads[-1] == ""
