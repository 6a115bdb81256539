"""Reading exports: kinds from headers, encodings, formats, export artefacts, Excel damage,
overlapping weeks, personal data, and the accounting identity."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest
from conftest import (
    CELL_CLEANING,
    KUAIDI100_HEADER,
    ORDER_HEADER,
    delivered_journey,
    order_row,
    tables_differing,
    write_export,
)

from pipelines import config
from pipelines.ingest.exports import match_header, normalize_header
from pipelines.ingest.load import clean_cell_sql

# The three order layouts of the contract, as (header, row builder) over the same order facts.
LAYOUT_2024 = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "订单成交时间",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
)
LAYOUT_2023 = (
    "订单号",
    "是否审核中",
    "商品",
    "订单状态",
    "支付时间",
    "订单成交时间",
    "承诺发货时间",
    "商品总价（元）",
    "邮费（元）",
    "店铺优惠折扣（元）",
    "平台优惠折扣（元）",
    "多多支付立减金额（元）",
    "用户实付金额（元）",
    "商家实收金额（元）",
    "商品数量（件）",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "省",
    "市",
    "区",
    "街道/镇",
    "买家留言",
    "是否抽奖或0元试用",
)
LAYOUT_2019 = (
    "订单号",
    "商品",
    "订单状态",
    "拼单成功时间",
    "订单确认时间",
    "商品总价(元)",
    "邮费(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-SKU维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "收货人",
    "手机",
    "身份证姓名",
    "身份证号码",
    "省",
    "市",
    "区",
    "街道",
)

ORDER_FACTS = [
    {
        "订单号": "261116-338104320801429",
        "商品": '保温杯 <b>"加厚"</b> 😀',
        "订单状态": "已签收",
        "订单成交时间": "2026-11-16 09:00:00",
        "商品总价(元)": "79.80",
        "邮费(元)": "0.00",
        "用户实付金额(元)": "69.80",
        "商家实收金额(元)": "69.80",
        "商品数量(件)": "2",
        "发货时间": "2026-11-16 18:00:00",
        "确认收货时间": "2026-11-19 10:00:00",
        "商品id": "731905531025",
        "商品规格": "500ml",
        "样式ID": "1290000001",
        "商家编码-规格维度": "BWB-500",
        "商家编码-商品维度": "BWB",
        "商家备注": "",
        "售后状态": "无售后或售后取消",
        "快递单号": "73190553102532",
        "快递公司": "中通快递",
    },
    {
        "订单号": "261117-338104320801430",
        "商品": "雨伞",
        "订单状态": "已发货，待签收",
        "订单成交时间": "2026-11-17 11:30:00",
        "商品总价(元)": "1,299.00",
        "邮费(元)": "0.00",
        "用户实付金额(元)": "1,259.00",
        "商家实收金额(元)": "1,259.00",
        "商品数量(件)": "1",
        "发货时间": "2026-11-18 09:00:00",
        "确认收货时间": "",
        "商品id": "731905531026",
        "商品规格": "黑色",
        "样式ID": "1290000002",
        "商家编码-规格维度": "YS-B",
        "商家编码-商品维度": "YS",
        "商家备注": "加急",
        "售后状态": "无售后或售后取消",
        "快递单号": "YT7000000000001",
        "快递公司": "圆通速递",
    },
]
PERSONAL = {
    "收货人": "测试用户",
    "手机": "13800001234",
    "身份证姓名": "测试用户",
    "身份证号码": "110101199001011234",
}


def _layout_rows(header: tuple[str, ...]) -> list[list[str]]:
    def cell(fact: dict[str, str], column: str) -> str:
        key = column.replace("（", "(").replace("）", ")")
        key = {"拼单成功时间": "订单成交时间", "商家编码-SKU维度": "商家编码-规格维度"}.get(
            key, key
        )
        value = fact.get(key, PERSONAL.get(column, ""))
        return f"\t{value}" if key in ("订单号", "快递单号", "商品id") and value else value

    return [[cell(fact, column) for column in header] for fact in ORDER_FACTS]


@pytest.mark.parametrize(("cell", "kept"), CELL_CLEANING, ids=repr)
def test_export_artefacts_are_stripped_from_cells(cell, kept):
    sql = f"select {clean_cell_sql('cell')} from (select ?::varchar as cell)"
    assert duckdb.connect().execute(sql, [cell]).fetchall() == [(kept,)]


def test_headers_match_whatever_the_brackets_spaces_and_bom():
    assert normalize_header("\ufeff 商品总价（元)\t") == normalize_header("商品总价(元)")
    assert match_header(["LogisticCode", "ShipperCode", "AcceptTime"]).kind.name == (
        "logistics_kdniao"
    )
    assert match_header(["订单号", "售后编号", "售后类型"]).kind.name == "after_sales"
    assert match_header(["名称", "数量"]) is None


@pytest.mark.parametrize(
    "header", [LAYOUT_2024, LAYOUT_2023, LAYOUT_2019], ids=["2024", "2023", "2019"]
)
def test_each_order_layout_is_recognised_with_all_its_columns(header):
    match = match_header(header)
    assert match.kind.name == "orders"
    assert not match.missing_required
    assert match.positions["ordered_at"] == header.index(
        "订单成交时间" if "订单成交时间" in header else "拼单成功时间"
    )


STAGED_ORDER_COLUMNS = (
    "order_id, order_status, product_title, product_id, style_id, sku_spec, quantity, "
    "goods_total_yuan, buyer_paid_yuan, ordered_at, shipped_at, receipt_confirmed_at, "
    "tracking_no, courier_code"
)


def _staged_orders(build_warehouse, folder):
    con = build_warehouse(folder)
    return con.execute(
        f"select {STAGED_ORDER_COLUMNS} from staging.stg_orders order by order_id"
    ).fetchall()


def test_all_layouts_encodings_and_formats_stage_the_same_rows(tmp_path, build_warehouse):
    openpyxl = pytest.importorskip("openpyxl")
    results = {}
    for header in (LAYOUT_2024, LAYOUT_2023, LAYOUT_2019):
        rows = _layout_rows(header)
        for encoding in ("utf-8", "utf-8-sig", "gb18030"):
            folder = tmp_path / f"{len(header)}-{encoding}"
            folder.mkdir()
            write_export(folder, "导出.csv", header, rows, encoding=encoding)
            results[(len(header), encoding)] = _staged_orders(build_warehouse, folder)
        folder = tmp_path / f"{len(header)}-xlsx"
        folder.mkdir()
        book = openpyxl.Workbook()
        book.active.append(list(header))
        for row in rows:
            book.active.append([value.lstrip("\t") for value in row])
        book.save(folder / "导出.xlsx")
        results[(len(header), "xlsx")] = _staged_orders(build_warehouse, folder)
    reference = results[(len(LAYOUT_2024), "utf-8")]
    assert len(reference) == 2
    assert reference[1][7] == pytest.approx(1299)  # ¥ thousands separator parsed
    assert reference[0][12] == "73190553102532"  # tab prefix stripped
    for variant, staged in results.items():
        assert staged == reference, variant


def test_both_tracking_providers_stage_to_one_event_model(tmp_path, build_warehouse):
    kuaidi100 = tmp_path / "k100"
    kdniao = tmp_path / "kdn"
    kuaidi100.mkdir()
    kdniao.mkdir()
    write_export(
        kuaidi100,
        "a.csv",
        KUAIDI100_HEADER,
        [["7300000000001", "zhongtong", "2026-11-17 16:00:00", "2", "203", "客户拒收"]],
    )
    write_export(
        kdniao,
        "b.csv",
        ("LogisticCode", "ShipperCode", "AcceptTime", "State", "StateEx", "AcceptStation"),
        [["7300000000001", "ZTO", "2026/11/17 16:00", "4", "404", "客户拒收"]],
        encoding="gb18030",
    )
    staged = []
    for folder in (kuaidi100, kdniao):
        con = build_warehouse(folder)
        staged.append(
            con.execute(
                "select tracking_no, courier_code, event_at, code_event_type, is_refusal_code "
                "from intermediate.int_tracking_events_classified"
            ).fetchall()
        )
    assert staged[0] == staged[1]
    assert staged[0][0][3:] == ("refused", True)


def test_export_artefacts_are_stripped_and_excel_damage_is_quarantined(tmp_path, build_warehouse):
    rows = [
        order_row("261116-000000000000001", "7300000000001"),
        order_row("261116-000000000000002", "73190553102532.0"),
        order_row("261116-000000000000003", "7.31905531025E+13"),
        order_row("261116-000000000000004", "7300000000004", ordered_at="16/11/2026 9am"),
        order_row("26111-0000001", "7300000000005"),
    ]
    rows[0][1] = '="261116-000000000000001"'
    rows[0][13] = "'7300000000001"
    write_export(tmp_path, "orders.csv", ORDER_HEADER, rows)
    con = build_warehouse(tmp_path)
    staged = dict(con.execute("select order_id, tracking_no from staging.stg_orders").fetchall())
    assert staged == {
        "261116-000000000000001": "7300000000001",
        "261116-000000000000002": "73190553102532",
    }
    reasons = dict(
        con.execute("select source_row, quarantine_reason from staging.quarantine").fetchall()
    )
    assert set(reasons) == {4, 5, 6}
    assert "E-notation" in reasons[4] and "7.31905531025E+13" in reasons[4]
    assert "订单成交时间" in reasons[5]
    assert "订单号" in reasons[6]


def test_row_numbers_are_each_files_own_line_numbers(tmp_path, build_warehouse):
    """Several files of one kind in one load, then another file in a later load: every raw row
    is named by its own file and the line it is on there (header = line 1)."""
    bad = order_row("261116-000000000000009", "7.31905531025E+13")  # quarantined, so reported

    def export(name: str, good_rows: int, bad_at: int) -> None:
        rows = [
            order_row(f"261116-{name_index[name]}{line:014d}", f"73000000{line:05d}")
            for line in range(good_rows)
        ]
        rows.insert(bad_at, bad)
        write_export(tmp_path, name, ORDER_HEADER, rows)

    name_index = {"a.csv": 1, "b.csv": 2, "c.csv": 3}
    export("a.csv", 3, bad_at=1)  # line 3
    export("b.csv", 5, bad_at=4)  # line 6
    con = build_warehouse(tmp_path)
    export("c.csv", 2, bad_at=0)  # line 2, loaded by a second run
    import pipelines.pipeline as pipeline

    pipeline.load_and_build(con, tmp_path)
    located = con.execute(
        "select source_file, source_row from staging.quarantine order by all"
    ).fetchall()
    assert located == [("a.csv", 3), ("b.csv", 6), ("c.csv", 2)]
    first_lines = con.execute(
        "select source_file, min(source_row), max(source_row) from raw.orders group by all "
        "order by all"
    ).fetchall()
    assert first_lines == [("a.csv", 2, 5), ("b.csv", 2, 7), ("c.csv", 2, 4)]


def test_accounting_identity_holds_on_overlapping_messy_exports(tmp_path, build_warehouse):
    week1 = [
        order_row("261116-000000000000001", "7300000000001", status="已发货，待签收"),
        order_row("261116-000000000000002", "7300000000002", status="已发货，待签收"),
        order_row("261116-000000000000003", "7.3E+13"),
    ]
    week2 = [
        order_row("261116-000000000000001", "7300000000001", status="已签收"),
        order_row("261116-000000000000002", "7300000000002", status="已发货，待签收"),
        order_row("261116-000000000000004", "7300000000004", status="已发货,待签收"),
    ]
    write_export(tmp_path, "w1.csv", ORDER_HEADER, week1)
    write_export(tmp_path, "w2.csv", ORDER_HEADER, week2, encoding="gb18030")
    write_export(
        tmp_path, "t.csv", KUAIDI100_HEADER, delivered_journey("7300000000001") * 2
    )  # every event exported twice
    con = build_warehouse(tmp_path)
    accounting = con.execute(
        "select file_name, rows_read, rows_staged, rows_quarantined, rows_duplicate "
        "from meta.file_accounting order by file_name"
    ).fetchall()
    for name, read, staged, quarantined, duplicate in accounting:
        assert read == staged + quarantined + duplicate, name
    assert {row[0]: row[2:] for row in accounting} == {
        "t.csv": (4, 0, 4),
        "w1.csv": (2, 1, 0),
        "w2.csv": (2, 0, 1),
    }
    latest = dict(
        con.execute(
            "select order_id, order_status from intermediate.int_orders_deduplicated"
        ).fetchall()
    )
    assert latest == {
        "261116-000000000000001": "已签收",
        "261116-000000000000002": "已发货，待签收",
        "261116-000000000000004": "已发货，待签收",
    }


def test_one_line_orders_get_what_summing_their_line_would_give(tmp_path, build_warehouse):
    """int_orders_deduplicated sums only the orders of several lines and takes the others' one
    line as it is (issue #15). Summing every order instead gives the same table: on the sample's
    .xlsx and GB18030 order exports (orders of one line and of two) and on lines with an empty
    price or note."""
    from pipelines.models import runner
    from pipelines.models.parameters import model_parameters
    from pipelines.models.rules import load_rules

    for name in ("export_2026-11-09_4.xlsx", "导出数据(1).csv"):
        shutil.copy(config.SAMPLE_DIR / name, tmp_path / name)
    write_export(tmp_path, "edge.csv", ORDER_HEADER, [
        order_row("261116-000000000000001", "7300000000001", paid="", note=" "),
        order_row("261116-000000000000002", "7300000000002", message="请放门卫"),
        order_row("261116-000000000000002", "7300000000002", product_id="100002",
                  style_id="200002", paid=""),
    ])
    con = build_warehouse(tmp_path)
    model = next(model for model in runner.project_models()
                 if model.name == "intermediate.int_orders_deduplicated")
    sql = runner.render(model.path, runner.duckdb_columns(con))
    assert sql.count("having count(*) > 1") == 1
    every_order_summed = sql.replace("having count(*) > 1", "having count(*) > 0").replace(
        model.name, "intermediate.orders_every_one_summed")
    con.execute(every_order_summed,
                runner.used_parameters(model, sql, model_parameters(load_rules())) or None)

    line_counts = dict(con.execute(
        "select line_count > 1, count(*) from intermediate.int_orders_deduplicated group by 1"
    ).fetchall())
    assert line_counts[False] > 100 and line_counts[True] > 10
    for left, right in [("int_orders_deduplicated", "orders_every_one_summed"),
                        ("orders_every_one_summed", "int_orders_deduplicated")]:
        assert con.execute(
            f"select * from intermediate.{left} except all select * from intermediate.{right}"
        ).fetchall() == []
    assert con.execute(
        "select goods_total_yuan, merchant_note, product_id "
        "from intermediate.int_orders_deduplicated where order_id = '261116-000000000000001'"
    ).fetchall() == [(None, None, None)]


def test_an_export_without_a_column_leaves_what_an_earlier_one_said_of_it(
        tmp_path, build_warehouse):
    """The 2024+ short layout has no address, buyer's message, promised time or trial flag: a
    newer export in it gives the order's state, and the order keeps what an earlier export in
    the full layout said of the rest. An order only ever exported short has none of them."""
    absent = {"省", "市", "区", "街道/镇", "买家留言", "承诺发货时间", "是否抽奖或0元试用"}
    kept = [index for index, name in enumerate(ORDER_HEADER) if name not in absent]
    confirmed = ORDER_HEADER.index("确认收货时间")

    def short(row: list[str], confirmed_at: str = "") -> list[str]:
        row = [*row]
        row[confirmed] = confirmed_at
        return [row[index] for index in kept]

    both, only_short = ("261116-000000000000001", "7300000000001"), (
        "261116-000000000000002", "7300000000002")
    write_export(tmp_path, "full.csv", ORDER_HEADER, [order_row(
        *both, status="已发货，待签收", promised_ship_by="2026-11-17 09:00:00",
        province="浙江省", city="杭州市", district="西湖区", street="文新街道",
        message="周末再送", trial="是")])
    write_export(tmp_path, "short.csv", [ORDER_HEADER[index] for index in kept], [
        short(order_row(*both, status="已签收"), "2026-11-20 10:00:00"),
        short(order_row(*only_short, status="已发货，待签收")),
    ])
    con = build_warehouse(tmp_path)
    rows = {row[0]: row[1:] for row in con.execute(
        "select order_id, order_status, province, city, district, street, buyer_message, "
        "promised_ship_by_at, has_promised_ship_by_at, is_trial_order, receipt_confirmed_at "
        "from intermediate.int_orders_deduplicated").fetchall()}
    assert rows[both[0]] == (
        "已签收", "浙江省", "杭州市", "西湖区", "文新街道", "周末再送",
        dt.datetime(2026, 11, 17, 9), True, True, dt.datetime(2026, 11, 20, 10))
    # never said: no address or message, the 48 hours after the order as the promised time
    assert rows[only_short[0]][:8] == (
        "已发货，待签收", None, None, None, None, None, dt.datetime(2026, 11, 18, 9), False)


def test_loading_twice_changes_nothing_and_next_week_adds(tmp_path, build_warehouse):
    import pipelines.pipeline as pipeline

    write_export(
        tmp_path, "w1.csv", ORDER_HEADER, [order_row("261116-000000000000001", "7300000000001")]
    )
    con = build_warehouse(tmp_path)
    snapshot = con.execute("select * from raw.orders").fetchall()
    summary = pipeline.load_and_build(con, tmp_path)
    assert summary.files_loaded == 0 and summary.files_already_loaded == 1
    assert con.execute("select * from raw.orders").fetchall() == snapshot
    write_export(
        tmp_path, "w2.csv", ORDER_HEADER, [order_row("261123-000000000000009", "7300000000009")]
    )
    assert pipeline.load_and_build(con, tmp_path).files_loaded == 1
    assert con.execute("select count(*) from staging.stg_orders").fetchall() == [(2,)]


def test_the_earliest_export_keeps_a_repeated_row_whenever_it_arrives(tmp_path, build_warehouse):
    """Exact copies are found across runs from the content hashes each file got once: a row in
    two exports is staged from the earlier one, also when an export taken before both arrives
    in a later run."""
    import pipelines.pipeline as pipeline

    repeated = order_row("261116-000000000000001", "7300000000001")
    later = order_row("261120-000000000000002", "7300000000002", ordered_at="2026-11-20 09:00:00",
                      shipped_at="2026-11-20 18:00:00")
    write_export(tmp_path, "b.csv", ORDER_HEADER, [repeated, later])
    write_export(tmp_path, "c.csv", ORDER_HEADER, [later, repeated])
    con = build_warehouse(tmp_path)

    def staged_from() -> dict[str, str]:
        return dict(con.execute(
            "select order_id, source_file from staging.stg_orders order by all").fetchall())

    def copies() -> int:
        return con.execute("select count(*) from staging.stg_orders_duplicates").fetchall()[0][0]

    # the same as-of time: the file named first keeps both rows
    assert staged_from() == {"261116-000000000000001": "b.csv", "261120-000000000000002": "b.csv"}
    assert copies() == 2
    write_export(tmp_path, "a.csv", ORDER_HEADER, [repeated])  # taken before b.csv
    assert pipeline.load_and_build(con, tmp_path).files_loaded == 1
    assert staged_from() == {"261116-000000000000001": "a.csv", "261120-000000000000002": "b.csv"}
    assert copies() == 3


def test_personal_data_never_reaches_the_warehouse(tmp_path, build_warehouse):
    write_export(tmp_path, "old.csv", LAYOUT_2019, _layout_rows(LAYOUT_2019))
    con = build_warehouse(tmp_path)
    text_columns = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type = 'VARCHAR'"
    ).fetchall()
    assert text_columns
    for schema, table, column in text_columns:
        hits = con.execute(
            f'select count(*) from "{schema}"."{table}" where "{column}" similar to '
            "'.*(13800001234|110101199001011234|测试用户).*'"
        ).fetchall()[0][0]
        assert hits == 0, f"{schema}.{table}.{column}"


def _cli(argv, capsys):
    from pipelines.cli import main

    code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        ("商品,订单号,订单状\n保温杯,1,x\n".encode(), "not those of any known export"),
        ("订单号,订单状态,商品\n\t261116-000000000000001,已签收,x\n".encode(), "no column"),
        (
            '订单号,订单状态,快递单号,订单成交时间\n"261116-000000000000001,已签收,1,x\n'.encode(),
            "cut off",
        ),
        ("\ufffd\ufffd,\ufffd\ufffd\n1,2\n".encode(), "garbled"),
    ],
    ids=["empty", "damaged-header", "missing-columns", "truncated", "mojibake"],
)
def test_bad_files_stop_with_one_sentence_naming_the_file(tmp_path, capsys, content, expected):
    (tmp_path / "export.csv").write_bytes(content)
    code, err = _cli(
        ["attribute", "--input", str(tmp_path), "--output", str(tmp_path / "out.csv")], capsys
    )
    assert code == 1
    assert err.startswith("refusals: export.csv")
    assert expected in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "out.csv").exists()


def test_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        _cli(["attribute", "--input", str(tmp_path / "nope"), "--output", "x.csv"], capsys)
    assert stopped.value.code == 2


def test_an_unreadable_file_leaves_nothing_half_loaded(tmp_path, build_warehouse):
    from pipelines import pipeline, warehouse
    from pipelines.errors import InputFileError

    write_export(
        tmp_path, "a.csv", ORDER_HEADER, [order_row("261116-000000000000001", "7300000000001")]
    )
    (tmp_path / "b.csv").write_bytes("商品,订单号,订单状\n".encode())  # its header cut off
    with warehouse.connect(tmp_path.parent / f"{tmp_path.name}.duckdb") as con:
        with pytest.raises(InputFileError):
            pipeline.load_and_build(con, tmp_path)
        assert con.execute("select count(*) from raw.orders").fetchall() == [(0,)]
        assert con.execute("select count(*) from meta.loaded_files").fetchall() == [(0,)]
    shutil.rmtree(tmp_path / "a.csv", ignore_errors=True)


def _orders_and_tracking(folder, orders=3):
    """An orders export (CRLF line ends, as csv writes them) and the tracking of its parcels."""
    rows = [order_row(f"261116-{i:015d}", f"73000000000{i:02d}") for i in range(orders)]
    events = [event for i in range(orders) for event in delivered_journey(f"73000000000{i:02d}")]
    write_export(folder, "tracking.csv", KUAIDI100_HEADER, events)
    return write_export(folder, "orders.csv", ORDER_HEADER, rows)


def _attribute(folder, capsys):
    return _cli(
        ["attribute", "--input", str(folder), "--output", str(folder.parent / "out.csv")], capsys
    )


@pytest.mark.parametrize(
    ("cut_after", "encoding"),
    [('"', "utf-8-sig"), ('",', "utf-8-sig"), ('",', "gb18030")],
    ids=["after-a-cell", "after-a-comma", "gb18030"],
)
def test_an_export_cut_off_mid_row_stops_the_run_naming_file_and_row(
    tmp_path, capsys, cut_after, encoding
):
    folder = tmp_path / "in"
    folder.mkdir()
    orders = _orders_and_tracking(folder)
    text = orders.read_bytes().decode("utf-8-sig")
    last_row = text.rstrip("\r\n").rfind("\n") + 1
    # the last row cut after its 5th cell, so that every quote is closed (a cut inside quotes is
    # an unterminated quote, which DuckDB reports)
    fifth_cell_ends = last_row + len('","'.join(text[last_row:].split('","')[:5]))
    orders.write_bytes(text[: fifth_cell_ends + len(cut_after)].encode(encoding))
    code, err = _attribute(folder, capsys)
    assert code == 1
    assert err.startswith("refusals: orders.csv, row 4: ")
    assert "cut off" in err and "export it again" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "out.csv").exists()


def test_an_export_whose_whole_last_row_lacks_a_line_break_loads(tmp_path, build_warehouse):
    orders = _orders_and_tracking(tmp_path)
    orders.write_bytes(orders.read_bytes().rstrip(b"\r\n"))
    con = build_warehouse(tmp_path)
    assert con.execute(
        "select rows_read, rows_staged from meta.file_accounting where file_name = 'orders.csv'"
    ).fetchall() == [(3, 3)]


def test_a_cut_off_xlsx_stops_the_run_naming_the_file(tmp_path, capsys):
    from pipelines import config

    folder = tmp_path / "in"
    folder.mkdir()
    _orders_and_tracking(folder)
    workbook = next(config.SAMPLE_DIR.glob("*.xlsx")).read_bytes()
    (folder / "penalties.xlsx").write_bytes(workbook[: len(workbook) // 2])
    code, err = _attribute(folder, capsys)
    assert code == 1
    assert err.startswith("refusals: penalties.xlsx: is not a complete .xlsx workbook")
    assert "Traceback" not in err and err.count("\n") == 1


def test_files_that_are_not_exports_are_skipped_with_a_warning(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    _orders_and_tracking(folder)
    (folder / "README.txt").write_text("exports of week 47\n")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "~$orders.xlsx").write_bytes(b"\x00lock")
    write_export(folder, "prices.csv", ("名称", "价格"), [["保温杯", "39.90"]])
    write_export(folder, "notes.csv", ("订单号", "备注"), [["261116-000000000000001", "加急"]])
    code, err = _attribute(folder, capsys)
    assert code == 0, err
    warned = sorted(line.split(":")[0] for line in err.splitlines())
    assert warned == ["README.txt", "notes.csv", "prices.csv"]  # system files go unmentioned
    assert "matches no known export" in err and "Traceback" not in err
    assert (tmp_path / "out.csv").exists()


def test_a_folder_left_without_tracking_after_skipping_stops_naming_what_is_missing(
    tmp_path, capsys
):
    folder = tmp_path / "in"
    folder.mkdir()
    _orders_and_tracking(folder)
    (folder / "tracking.csv").rename(folder / "tracking.txt")
    write_export(folder, "prices.csv", ("名称", "价格"), [["保温杯", "39.90"]])
    code, err = _attribute(folder, capsys)
    assert code == 1
    message = err.splitlines()[-1]
    assert message.startswith(f"refusals: {folder}: the folder holds no tracking export")
    assert "prices.csv" in message and "tracking.txt" in message
    assert "orders export" not in message
    assert not (tmp_path / "out.csv").exists()


def test_skipped_files_are_recorded_with_the_load(tmp_path):
    from pipelines import pipeline, warehouse

    folder = tmp_path / "in"
    folder.mkdir()
    _orders_and_tracking(folder)
    write_export(folder, "prices.csv", ("名称", "价格"), [["保温杯", "39.90"]])
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        summary = pipeline.load_and_build(con, folder)
    assert [file.name for file in summary.skipped_files] == ["prices.csv"]
    assert summary.files_loaded == 2


def _sample_in_two_weeks(tmp_path):
    """The sample's exports as a merchant drops them: the earlier half first, then all."""
    from pipelines import config

    files = sorted(path for path in config.SAMPLE_DIR.iterdir() if path.is_file())
    first, every = tmp_path / "first", tmp_path / "every"
    for folder, chosen in ((first, files[: len(files) // 2]), (every, files)):
        folder.mkdir()
        for path in chosen:
            shutil.copy(path, folder)
    return first, every


def test_files_typed_in_two_runs_build_what_one_run_builds(tmp_path, build_warehouse):
    """Each file is typed once, when it arrives; the warehouse a second run completes holds
    every model row for row as one run over all the files would."""
    import pipelines.pipeline as pipeline

    first, every = _sample_in_two_weeks(tmp_path)
    in_two = build_warehouse(first)
    pipeline.load_and_build(in_two, every)
    build_warehouse(every).close()
    assert tables_differing(in_two, tmp_path / "warehouse1.duckdb") == []


def test_a_typed_file_is_not_retyped_until_the_typing_changes(tmp_path, build_warehouse):
    import pipelines.pipeline as pipeline

    first, every = _sample_in_two_weeks(tmp_path)
    con = build_warehouse(first)
    marked = "typed by the first run"
    con.execute("update staging.stg_orders_checked set sku_spec = ? where source_row = 2",
                [marked])

    def marked_rows() -> int:
        return con.execute("select count(*) from staging.stg_orders_checked where sku_spec = ?",
                           [marked]).fetchall()[0][0]

    files_marked = marked_rows()
    assert files_marked >= 1
    pipeline.load_and_build(con, every)
    assert marked_rows() == files_marked, "the second run retyped files the first had typed"
    typed_files = con.execute(
        "select count(distinct file_sha256) from staging.stg_orders_checked").fetchall()[0][0]
    assert typed_files == con.execute(
        "select count(*) from meta.loaded_files where kind = 'orders'").fetchall()[0][0]
    # what the typing depends on changed (here: its record is gone): every file is typed again
    con.execute("update meta.incremental_models set fingerprint = 'an older release'")
    pipeline.load_and_build(con, every)
    assert marked_rows() == 0


def test_events_are_classified_again_when_their_typing_changes(tmp_path, build_warehouse,
                                                              monkeypatch):
    """A model built once per file from another such model (the classified tracking events,
    from the typed ones) is rebuilt whole when the model it reads changes: rows classified from
    the old typing would otherwise stay beside rows from the new."""
    import pipelines.pipeline as pipeline
    from pipelines.models import runner

    first, every = _sample_in_two_weeks(tmp_path)
    con = build_warehouse(first)
    marked = "classified by the first run"
    con.execute("update intermediate.int_tracking_events_coded set evidence_text = ?", [marked])

    def marked_rows() -> int:
        return con.execute(
            "select count(*) from intermediate.int_tracking_events_coded where evidence_text = ?",
            [marked]).fetchall()[0][0]

    first_rows = marked_rows()
    assert first_rows > 0
    pipeline.load_and_build(con, every)
    assert marked_rows() == first_rows, "the second run classified the first run's files again"
    assert con.execute(
        "select count(*) from intermediate.int_tracking_events_coded").fetchall()[0][0] > first_rows
    # a release whose typing of tracking events differs (its SQL, say) from the one that built
    real_fingerprint = runner._fingerprint
    monkeypatch.setattr(runner, "_fingerprint", lambda con, model, sql, params: (
        real_fingerprint(con, model, sql, params)
        + ("+new typing" if model.name == "staging.stg_tracking_events_checked" else "")))
    pipeline.load_and_build(con, every)
    assert marked_rows() == 0
