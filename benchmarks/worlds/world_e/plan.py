"""The merchant's weekly drops: which file of which kind, in which layout, encoding and state.

Every Monday morning the shop's assistant exports what the back office shows at that moment, so
the same order appears in several drops with a newer status each time. PLAN lists every file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .shop import DROPS

ORDER_WINDOW = timedelta(days=28)
TRACK_WINDOW = timedelta(days=28)
AFTER_SALES_WINDOW = timedelta(days=35)
REVIEW_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class FileSpec:
    kind: str  # orders, kd100, kdn, after_sales, reviews, store_scores, compensation, violations
    drop: int  # 1-based index into DROPS
    name: str
    fmt: str  # csv or xlsx
    encoding: str = "utf-8-sig"
    layout: str = ""
    quirks: frozenset[str] = frozenset()

    @property
    def at(self) -> datetime:
        return DROPS[self.drop - 1]


def _q(*names: str) -> frozenset[str]:
    return frozenset(names)


def _plan() -> list[FileSpec]:
    plan: list[FileSpec] = []
    for k in range(1, len(DROPS) + 1):
        d = f"{DROPS[k - 1]:%Y%m%d}"
        # orders: an old ERP template first, then the 2023 back-office export, then the 2024 one
        if k <= 4:
            plan.append(
                FileSpec("orders", k, f"订单导出_{d}.csv", "csv", "gb18030", "2019", _q("tab_ids"))
            )
        elif k <= 9 and k != 8:
            quirks = _q("no_comma") if k == 7 else _q()
            plan.append(
                FileSpec(
                    "orders", k, f"orders_export_{d}.xlsx", "xlsx", layout="2023", quirks=quirks
                )
            )
        elif k == 12:
            plan.append(
                FileSpec(
                    "orders",
                    k,
                    f"pdd_orders_{d}(Excel另存).csv",
                    "csv",
                    "gb18030",
                    "2024",
                    _q("excel_resaved"),
                )
            )
        elif k == 14:
            plan.append(FileSpec("orders", k, f"pdd_orders_{d}.xlsx", "xlsx", layout="2024"))
        elif k > 9:
            quirks = {
                11: _q("tab_ids", "dot_zero", "money_symbol"),
                13: _q("tab_ids", "bracket_mix"),
            }.get(k, _q("tab_ids"))
            plan.append(
                FileSpec("orders", k, f"pdd_orders_{d}.csv", "csv", "utf-8-sig", "2024", quirks)
            )
        # tracking: Kuaidi100 until week 9, Kuaidi Niao from week 9 (both that week)
        if k <= 9:
            quirks = {
                1: _q("tab_ids", "basic"),
                2: _q("tab_ids", "basic"),
                4: _q("apostrophe", "codes_as_company"),
                5: _q("eq_wrap"),
                6: _q("tab_ids", "oldest_first"),
                8: _q("tab_ids", "partial"),
            }.get(k, _q("tab_ids"))
            if k == 3:
                plan.append(FileSpec("kd100", k, f"快递100_物流轨迹_{d}.xlsx", "xlsx", quirks=_q()))
            else:
                enc = "utf-8" if k == 5 else "utf-8-sig"
                plan.append(
                    FileSpec("kd100", k, f"快递100_物流轨迹_{d}.csv", "csv", enc, quirks=quirks)
                )
        if k >= 9:
            if k % 2:
                quirks = (
                    _q("header_space") if k == 11 else (_q("newest_first") if k == 15 else _q())
                )
                plan.append(FileSpec("kdn", k, f"kdniao_traces_{d}.xlsx", "xlsx", quirks=quirks))
            else:
                plan.append(
                    FileSpec(
                        "kdn",
                        k,
                        f"kdniao_traces_{d}.csv",
                        "csv",
                        "gb18030",
                        quirks=_q("no_location"),
                    )
                )
        # after-sales: exported from week 4 on; week 9 forgotten
        if 4 <= k <= 8:
            plan.append(
                FileSpec(
                    "after_sales", k, f"售后列表_{d}.csv", "csv", "utf-8-sig", quirks=_q("tab_ids")
                )
            )
        elif k == 13:
            plan.append(FileSpec("after_sales", k, f"售后列表_{d}.csv", "csv", "gb18030"))
        elif k >= 10:
            plan.append(FileSpec("after_sales", k, f"售后列表_{d}.xlsx", "xlsx"))
        # reviews: weeks 6, 12 and 13 missing
        if k not in (6, 12, 13):
            if k == 4:
                plan.append(
                    FileSpec(
                        "reviews", k, f"评价管理_{d}.csv", "csv", "utf-8-sig", quirks=_q("tab_ids")
                    )
                )
            else:
                plan.append(FileSpec("reviews", k, f"评价管理_{d}.xlsx", "xlsx"))
        if k in (5, 10, 15):
            plan.append(FileSpec("store_scores", k, f"店铺评分_{d}.csv", "csv", "utf-8-sig"))
    # monthly compensation bills arrive early the next month; the violation list once, at the end
    plan.append(
        FileSpec(
            "compensation",
            4,
            "消费者补偿明细_202509-202510.csv",
            "csv",
            "gb18030",
            "2025-09,2025-10",
        )
    )
    plan.append(FileSpec("compensation", 8, "消费者补偿明细_202511.xlsx", "xlsx", layout="2025-11"))
    plan.append(
        FileSpec("compensation", 13, "消费者补偿明细_202512.csv", "csv", "utf-8-sig", "2025-12")
    )
    plan.append(FileSpec("violations", 15, f"违规记录_{DROPS[-1]:%Y%m%d}.xlsx", "xlsx"))
    return plan


PLAN = _plan()
