"""Shared fixtures: hand-written exports in the contract's formats, loaded through the real code."""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import pytest

from pipelines import pipeline, warehouse

ORDER_HEADER = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "用户实付金额(元)",
    "商品数量(件)",
    "发货时间",
    "确认收货时间",
    "商品id",
    "样式ID",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "订单成交时间",
    "承诺发货时间",
    "省",
    "是否抽奖或0元试用",
    "市",
    "区",
    "街道/镇",
    "买家留言",
)
KUAIDI100_HEADER = ("快递单号", "快递公司", "事件时间", "状态码", "高级状态码", "事件描述")
AFTER_SALES_HEADER = (
    "售后编号",
    "订单号",
    "售后类型",
    "售后状态",
    "售后原因",
    "申请时间",
    "退款金额(元)",
)
REVIEWS_HEADER = ("评价时间", "订单号", "商品id", "评分", "评价内容")
PENALTIES_HEADER = ("订单号", "快递单号", "类型", "金额(元)", "时间")
STORE_SCORES_HEADER = ("日期", "店铺评分", "描述相符", "物流服务", "服务态度")


#: Cells as exports write them, and what the loader keeps of each (None: empty).
CELL_CLEANING = (
    ("\t231129-338104320801429", "231129-338104320801429"),
    ('="73190553102532"', "73190553102532"),
    ('\t="73190553102532"', "73190553102532"),
    ('  =" x y "  ', "x y"),
    ("'73190553102532", "73190553102532"),
    ("=73190553102532", "73190553102532"),
    ("'='x'", "='x'"),
    ('="a"b"', 'a"b'),
    ('="', '"'),
    ('=""', None),
    ('=\u3000"x"', '"x"'),
    ("\u3000中文\u3000", "中文"),
    ("尾随\u00a0", "尾随"),
    ("\t\u3000x\u3000\r\n", "x"),
    ('="多\n行"', "多\n行"),
    ("中 间 空 格", "中 间 空 格"),
    ("=", None),
    ("'", None),
    (" ", None),
    ("", None),
    ("plain", "plain"),
)


def write_export(
    folder: Path,
    name: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    encoding: str = "utf-8-sig",
) -> Path:
    """A CSV export as the platform writes it (every cell quoted, ids tab-prefixed by callers)."""
    path = folder / name
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    return path


def order_row(
    order_id: str,
    tracking_no: str,
    *,
    status: str = "已发货，退款成功",
    product_id: str = "100001",
    title: str = "保温杯",
    paid: str = "39.90",
    ordered_at: str = "2026-11-16 09:00:00",
    shipped_at: str = "2026-11-16 18:00:00",
    promised_ship_by: str = "2026-11-18 09:00:00",
    note: str = "",
    province: str = "江苏省",
    trial: str = "否",
    style_id: str = "200001",
    after_sales_status: str = "",
    city: str = "",
    district: str = "",
    street: str = "",
    message: str = "",
) -> list[str]:
    return [
        title,
        f"\t{order_id}",
        status,
        paid,
        "0.00",
        paid,
        "1",
        shipped_at,
        "",
        product_id,
        style_id,
        note,
        after_sales_status,
        f"\t{tracking_no}",
        "中通快递",
        ordered_at,
        promised_ship_by,
        province,
        trial,
        city,
        district,
        street,
        message,
    ]


def journey(tracking_no: str, *steps: tuple[str, str, str, str]) -> list[list[str]]:
    """Kuaidi100 events for one parcel: (time, state, advanced state, text) per step."""
    return [
        [tracking_no, "中通快递", at, state, sub_state, text]
        for at, state, sub_state, text in steps
    ]


def delivered_journey(tracking_no: str, day: int = 16) -> list[list[str]]:
    return journey(
        tracking_no,
        (f"2026-11-{day} 19:00:00", "1", "103", "【苏州市】快件已揽收"),
        (f"2026-11-{day + 1} 08:00:00", "0", "1002", "【南京市】快件已到达【南京分拨中心】"),
        (f"2026-11-{day + 1} 15:00:00", "5", "", "快件正在派送中，派件员：张三 13812345678"),
        (f"2026-11-{day + 1} 18:00:00", "3", "301", "已签收，签收人：本人"),
    )


def refused_journey(
    tracking_no: str, reason_text: str = "客户拒收", day: int = 16, pickup: bool = True
) -> list[list[str]]:
    steps = [
        (f"2026-11-{day} 19:00:00", "1", "103", "【苏州市】快件已揽收"),
        (f"2026-11-{day + 1} 08:00:00", "0", "1002", "【南京市】快件已到达【南京分拨中心】"),
        (f"2026-11-{day + 1} 15:00:00", "5", "", "快件正在派送中，派件员：李四"),
        (f"2026-11-{day + 1} 16:00:00", "2", "203", reason_text),
        (f"2026-11-{day + 1} 18:00:00", "6", "", "收件人拒收，包裹将原路退回"),
    ]
    return journey(tracking_no, *(steps if pickup else steps[1:]))


def update_landed(con: duckdb.DuckDBPyConnection, table: str, change: str,
                  parameters: Sequence[object] = ()) -> None:
    """Rewrite landed rows in place, as a damaged or edited warehouse would hold them: ``update
    <each landing table of the export table> <change>`` (a ``set … where …``), one table per
    loaded file."""
    for sha256, _ in warehouse.loaded_files_by_table(con)[table]:
        con.execute(f"update {warehouse.landing_table(table, sha256)} {change}", parameters)


def tables_differing(con: duckdb.DuckDBPyConnection, other: Path) -> list[str]:
    """Each table of staging, intermediate and marts whose rows differ between the warehouse
    ``con`` holds and the warehouse file ``other`` (as multisets, both ways), with how many."""
    con.execute(f"attach '{other}' as other (read_only)")
    try:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'other' "
            "and schema_name in ('staging', 'intermediate', 'marts') order by all"
        ).fetchall()
        assert ("staging", "stg_orders_checked") in tables and ("marts", "fct_refusals") in tables
        this = con.execute("select current_database()").fetchall()[0][0]
        found = []
        for schema, table in tables:
            for left, right in (("other", this), (this, "other")):
                extra = con.execute(
                    f"select count(*) from (select * from {left}.{schema}.{table} "
                    f"except all select * from {right}.{schema}.{table})"
                ).fetchall()[0][0]
                if extra:
                    found.append(f"{schema}.{table}: {extra} row(s) only in "
                                 f"{'the other' if left == 'other' else 'this'} warehouse")
        return found
    finally:
        con.execute("detach other")


@pytest.fixture(autouse=True)
def _forget_cli_logging():
    """``cli.main`` points the ``refusals`` logger at the ``sys.stderr`` of its call, which
    pytest's capture closes after the test: later tests would log into a closed stream."""
    yield
    logging.getLogger("refusals").handlers.clear()


@pytest.fixture
def build_warehouse(tmp_path: Path) -> Callable[[Path], duckdb.DuckDBPyConnection]:
    """Load a folder of exports into a fresh warehouse file through the real pipeline."""
    connections = []

    def build(folder: Path) -> duckdb.DuckDBPyConnection:
        context = warehouse.connect(tmp_path / f"warehouse{len(connections)}.duckdb")
        con = context.__enter__()
        connections.append(context)
        pipeline.load_and_build(con, folder)
        return con

    yield build
    for context in connections:
        context.__exit__(None, None, None)
