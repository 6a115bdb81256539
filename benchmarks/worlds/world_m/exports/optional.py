"""The optional exports: 售后 records, reviews, daily store scores, compensation and violation
bills, and one unrelated file a merchant keeps in the same folder."""

import random
from pathlib import Path

from .. import clock
from ..clock import DAY, HOUR, LAST_ORDER_DAY, at
from ..sim.world import CUTOFF, World
from . import cells, files

AFTER_SALES_WINDOW_DAYS = 9  # "近7天", stretched to the previous weekend
_RETURN_SENT = ("买家已退货，待商家确认收货", "退款成功")
AFTER_SALES = (
    "售后编号",
    "订单号",
    "商品名称",
    "售后类型",
    "售后状态",
    "售后原因",
    "退款说明",
    "申请时间",
    "退款金额(元)",
    "退货快递单号",
    "发货状态",
)
REVIEWS = ("评价时间", "订单号", "商品id", "商品名称", "评分", "评价内容", "商家回复")
SCORES = ("日期", "店铺评分", "描述相符", "物流服务", "服务态度")
COMPENSATION = ("账单编号", "订单号", "快递单号", "类型", "金额(元)", "时间", "说明")
VIOLATIONS = ("违规编号", "订单号", "快递单号", "类型", "金额(元)", "时间", "说明", "处理状态")


def _name_day(sec: int) -> str:
    return clock.compact_day(sec // DAY)


def write_all(world: World, folder: Path, rng: random.Random) -> list[str]:
    written = []
    written += _after_sales(world, folder, rng)
    written += _reviews(world, folder, rng)
    written += _scores(world, folder)
    written += _penalties(world, folder, rng)
    written.append(_inventory(world, folder))
    return written


def _after_sales(world: World, folder: Path, rng: random.Random) -> list[str]:
    days = [42, 56, 70, 84, 98, 112]
    skipped = rng.choice(days[2:])
    moments = [d * DAY + rng.randint(14 * HOUR, 17 * HOUR) for d in days if d != skipped] + [CUTOFF]
    gbk_moment = rng.choice(moments[:-1])
    names = []
    for t in moments:
        since = t - AFTER_SALES_WINDOW_DAYS * DAY
        rows = []
        for r in world.after_sales:
            if not since < r.applied_at <= t:
                continue
            rows.append(
                [
                    r.as_id,
                    r.order.order_id,
                    r.order.product.title,
                    r.kind,
                    r.state_at(t),
                    r.reason,
                    r.remark,
                    clock.fmt(r.applied_at),
                    cells.yuan(r.amount),
                    r.return_number if r.state_at(t) in _RETURN_SENT else "",
                    "已发货" if r.shipped else "未发货",
                ]
            )
        rows.reverse()
        if t == gbk_moment:
            name = f"售后列表_{_name_day(t)}.csv"
            files.write_csv(folder / name, list(AFTER_SALES), rows, "gbk", quote_all=False)
        else:
            name = f"售后单导出_{_name_day(t)}.xlsx"
            files.write_xlsx(folder / name, list(AFTER_SALES), rows, files.zip_stamp(t))
        names.append(name)
    return names


def _reviews(world: World, folder: Path, rng: random.Random) -> list[str]:
    windows = (
        (at(9, 1), at(10, 1)),
        (at(10, 1), at(11, 1)),
        (at(11, 1), at(11, 17)),
        (at(11, 1), at(12, 1)),
        (at(12, 1), CUTOFF),
    )
    names = []
    for i, (start, end) in enumerate(windows):
        export_at = min(end + rng.randint(9 * HOUR, 20 * HOUR), CUTOFF)
        rows = [
            [
                clock.fmt(r.at),
                r.order.order_id,
                r.order.product.goods_id,
                r.order.product.title,
                r.score,
                r.text,
                r.reply,
            ]
            for r in world.reviews
            if start <= r.at < end and r.at <= export_at
        ]
        rows.reverse()
        if i == 2:
            name = f"评价管理_{_name_day(export_at)}.xlsx"
            files.write_xlsx(folder / name, list(REVIEWS), rows, files.zip_stamp(export_at))
        else:
            name = f"评价导出_{clock.iso_day(start // DAY)[:7]}.csv"
            files.write_csv(folder / name, list(REVIEWS), rows, "utf-8-sig", quote_all=True)
        names.append(name)
    return names


def _scores(world: World, folder: Path) -> list[str]:
    def row(s, numeric):
        day, *values = s
        return [clock.iso_day(day)] + [v if numeric else f"{v:.2f}" for v in values]

    first = [row(s, False) for s in world.store_scores if s[0] <= 60]
    name_a = "店铺评分_日报_20250901_20251031.csv"
    files.write_csv(folder / name_a, list(SCORES), first, "utf-8-sig", quote_all=False)
    second = [row(s, True) for s in world.store_scores if 44 <= s[0] <= LAST_ORDER_DAY]
    name_b = "店铺评分_日报_20251015_20251228.xlsx"
    files.write_xlsx(folder / name_b, list(SCORES), second, files.zip_stamp(CUTOFF))
    return [name_a, name_b]


def _penalties(world: World, folder: Path, rng: random.Random) -> list[str]:
    names = []
    months = (
        (at(9, 1), at(10, 1)),
        (at(10, 1), at(11, 1)),
        (at(11, 1), at(12, 1)),
        (at(12, 1), CUTOFF),
    )
    for start, end in months:
        rows = [
            [
                p.ref,
                p.order.order_id,
                p.number,
                p.kind,
                cells.yuan(p.amount),
                clock.fmt(p.at),
                p.note,
            ]
            for p in world.penalties
            if p.book == "compensation" and start <= p.at < end and p.at <= CUTOFF
        ]
        name = f"消费者补偿明细_{clock.compact_day(start // DAY)[:6]}.csv"
        files.write_csv(folder / name, list(COMPENSATION), rows, "gbk", quote_all=True)
        names.append(name)
    for export_at in (at(11, 24, 15), CUTOFF):
        rows = [
            [
                p.ref,
                p.order.order_id,
                p.number,
                p.kind,
                round(p.amount / 100, 2),
                clock.fmt(p.at),
                p.note,
                "已处理" if p.at < export_at - 3 * DAY else "申诉期",
            ]
            for p in world.penalties
            if p.book == "violation" and p.at <= export_at
        ]
        name = f"违规记录_{_name_day(export_at)}.xlsx"
        files.write_xlsx(folder / name, list(VIOLATIONS), rows, files.zip_stamp(export_at))
        names.append(name)
    return names


def _inventory(world: World, folder: Path) -> str:
    rows = []
    for product in world.products.values():
        for i, sku in enumerate(product.skus):
            rows.append([sku.code, product.title, sku.spec, str(40 + 37 * i), "叠石桥一号仓"])
    name = "库存表_20251201.csv"
    files.write_csv(
        folder / name,
        ["商家编码", "商品名称", "规格", "可用库存", "仓库"],
        rows,
        "utf-8-sig",
        quote_all=False,
    )
    return name
