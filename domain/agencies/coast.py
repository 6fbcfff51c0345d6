"""The provinces of the coast in order, north to south then round to the Gulf of Thailand:
what "các tỉnh, thành phố ven biển từ Quảng Ninh đến Khánh Hòa" or "các tỉnh, thành phố từ
Hà Tĩnh đến Lâm Đồng" names without listing. Storm and flood directives bound their
addressees this way.

Two coasts: the 28 provinces before the merger of 1 July 2025 (older notices name those),
listed here, and the 21 since, which are their owners today in the same order (the
registry's successors: :func:`coast_today`). A stretch is read on the coast both ends
belong to; its provinces are those of that coast between the two, ends included, in either
direction. Registry ids."""

from __future__ import annotations

from domain.agencies.model import Agency
from domain.agencies.registry import AgencyRegistry

COAST_BEFORE_2025: tuple[str, ...] = (
    "ubnd-quang-ninh",
    "ubnd-hai-phong",
    "ubnd-thai-binh",
    "ubnd-nam-dinh",
    "ubnd-ninh-binh",
    "ubnd-thanh-hoa",
    "ubnd-nghe-an",
    "ubnd-ha-tinh",
    "ubnd-quang-binh",
    "ubnd-quang-tri",
    "ubnd-hue",
    "ubnd-da-nang",
    "ubnd-quang-nam",
    "ubnd-quang-ngai",
    "ubnd-binh-dinh",
    "ubnd-phu-yen",
    "ubnd-khanh-hoa",
    "ubnd-ninh-thuan",
    "ubnd-binh-thuan",
    "ubnd-ba-ria-vung-tau",
    "ubnd-ho-chi-minh",
    "ubnd-tien-giang",
    "ubnd-ben-tre",
    "ubnd-tra-vinh",
    "ubnd-soc-trang",
    "ubnd-bac-lieu",
    "ubnd-ca-mau",
    "ubnd-kien-giang",
)


def coast_today(registry: AgencyRegistry) -> tuple[str, ...]:
    """Today's coast: the owners of the provinces of :data:`COAST_BEFORE_2025`, in order."""
    return tuple(dict.fromkeys(registry.owner_today(i).id for i in COAST_BEFORE_2025))


def coast_between(registry: AgencyRegistry, first: str, last: str) -> tuple[Agency, ...]:
    """The coast's provinces from ``first`` to ``last`` (registry ids), or none when the
    two are not both on one coast (or are the same province)."""
    for coast in (coast_today(registry), COAST_BEFORE_2025):
        if first in coast and last in coast and first != last:
            a, b = sorted((coast.index(first), coast.index(last)))
            return tuple(registry.get(i) for i in coast[a : b + 1])
    return ()


__all__ = ["COAST_BEFORE_2025", "coast_between", "coast_today"]
