"""The weekly report: notebooks committed as clean templates that read marts only, the numbers
behind each section, the dispute worklist, and the rendered HTML opening offline in a real browser
with its markup inert. The business rules themselves are tested on their marts
(test_business_marts.py).

One small warehouse is built from hand-written exports (two ISO weeks, 2026-W46 and W47) and
rendered once per module: 10 refusals in a row of a product titled like a script, a ¥5 order, a
buyer who cancelled before delivery, a quality complaint with a compensation bill, and two W46
refusals, one of them never returned to the merchant.
"""

from __future__ import annotations

import ast
import base64
import codecs
import csv
import dataclasses
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from conftest import (
    AFTER_SALES_HEADER,
    KUAIDI100_HEADER,
    ORDER_HEADER,
    PENALTIES_HEADER,
    REVIEWS_HEADER,
    STORE_SCORES_HEADER,
    delivered_journey,
    order_row,
    refused_journey,
    write_export,
)

from pipelines import config, pipeline, warehouse
from pipelines.report import data as report_data
from pipelines.report import display, render, tables
from pipelines.risk import weekly
from pipelines.weeks import parse_week

WEEK = "2026-W47"
SCRIPT_TITLE = "<script>window.__pwned=1</script>"
STREAK_ORDERS = [f"261116-9000000000000{index:02d}" for index in range(10)]
SMALL_ORDER = "261116-800000000000001"  # ¥5: refund directly
CANCELLED_ORDER = "261116-800000000000002"  # buyer asked to cancel before delivery: contact
QUALITY_ORDER = "261116-800000000000003"  # ¥99, a quality complaint, already refunded
NOT_RETURNED_ORDER = "261110-700000000000001"  # W46, never back with the merchant
RETURNED_ORDER = "261110-700000000000002"  # W46, back and refunded: no loose end
PAID = {**dict.fromkeys(STREAK_ORDERS, 29.90), SMALL_ORDER: 5.00, CANCELLED_ORDER: 59.00,
        QUALITY_ORDER: 99.00}
COMPENSATION_YUAN = 6.00
CHROMIUM = Path("/usr/bin/chromium")


def _write_exports(folder: Path, province: str = "江苏省") -> None:
    """The report's exports; ``province=""`` gives a layout without provinces (as the 2024 order
    export)."""
    orders, events = [], []

    def refused(order_id: str, tracking: str, paid: float, product: tuple[str, str],
                shipped_at: str = "2026-11-16 18:00:00", day: int = 16) -> None:
        orders.append(order_row(order_id, tracking, paid=f"{paid:.2f}", product_id=product[0],
                                title=product[1], ordered_at=f"2026-11-{day} 09:00:00",
                                shipped_at=shipped_at,
                                promised_ship_by=f"2026-11-{day + 2} 09:00:00",
                                province=province))
        events.extend(refused_journey(tracking, day=day))

    def delivered(order_id: str, tracking: str, day: int) -> None:
        orders.append(order_row(order_id, tracking, status="已签收",
                                ordered_at=f"2026-11-{day} 09:00:00",
                                shipped_at=f"2026-11-{day} 18:00:00",
                                promised_ship_by=f"2026-11-{day + 2} 09:00:00",
                                province=province))
        events.extend(delivered_journey(tracking, day=day))

    for index, order_id in enumerate(STREAK_ORDERS):
        refused(order_id, f"7319{index:010d}", PAID[order_id], ("100009", SCRIPT_TITLE),
                shipped_at=f"2026-11-16 10:{index:02d}:00")
    refused(SMALL_ORDER, "73180000000001", PAID[SMALL_ORDER], ("100002", "保温杯 小号"))
    refused(CANCELLED_ORDER, "73180000000002", PAID[CANCELLED_ORDER], ("100003", "雨伞"))
    refused(QUALITY_ORDER, "73180000000003", PAID[QUALITY_ORDER], ("100004", "羽绒服"))
    for index in range(30):
        delivered(f"261116-10000000000{index:04d}", f"7317{index:010d}", day=16)
    # delivered on W47's Sunday, and an order placed as W47 ends (Monday 00:00): the data
    # covers the whole week; the first order, on W46's Monday, a week before W47: W47's
    # outcomes are whole, W46's are not
    delivered("261121-100000000000001", "73210000000001", day=21)
    orders.append(order_row("261123-100000000000001", "", status="待发货",
                            ordered_at="2026-11-23 00:00:00", shipped_at="",
                            promised_ship_by="2026-11-25 00:00:00", province=province))
    orders.append(order_row("261109-100000000000001", "73090000000001", status="已签收",
                            ordered_at="2026-11-09 09:00:00", shipped_at="2026-11-10 17:00:00",
                            promised_ship_by="2026-11-11 09:00:00", province=province))
    events.extend(delivered_journey("73090000000001", day=10))
    for index in range(20):
        delivered(f"261110-10000000000{index:04d}", f"7316{index:010d}", day=10)
    refused(NOT_RETURNED_ORDER, "73150000000001", 39.90, ("100001", "保温杯"),
            shipped_at="2026-11-10 18:00:00", day=10)
    refused(RETURNED_ORDER, "73150000000002", 39.90, ("100001", "保温杯"),
            shipped_at="2026-11-10 18:00:00", day=10)
    events.append(["73150000000002", "中通快递", "2026-11-14 10:00:00", "4", "", "退回件已签收"])

    write_export(folder, "orders.csv", ORDER_HEADER, orders)
    write_export(folder, "kuaidi100.csv", KUAIDI100_HEADER, events)
    write_export(folder, "after_sales.csv", AFTER_SALES_HEADER, [
        ["AS1", f"\t{CANCELLED_ORDER}", "仅退款", "已同意拒收退款，待用户拒收", "不想要了",
         "2026-11-17 09:00:00", "59.00"],
        ["AS2", f"\t{QUALITY_ORDER}", "仅退款", "退款成功", "质量问题", "2026-11-17 17:00:00",
         "99.00"],
        ["AS3", f"\t{RETURNED_ORDER}", "仅退款", "退款成功", "不想要了", "2026-11-11 17:00:00",
         "39.90"],
    ])
    write_export(folder, "penalties.csv", PENALTIES_HEADER, [
        [f"\t{QUALITY_ORDER}", "\t73180000000003", "延迟发货_扣款", f"{COMPENSATION_YUAN:.2f}",
         "2026-11-18 10:00:00"],
    ])
    write_export(folder, "reviews.csv", REVIEWS_HEADER, [
        [f"2026-11-{day} 12:00:00", "", "100003", "1", "虚假宣传，客服态度差"] for day in (12, 13)
    ])
    write_export(folder, "store_scores.csv", STORE_SCORES_HEADER, [
        [f"2026-11-{day}", "4.80", "4.7", "4.6", "4.8"] for day in range(10, 23)
    ])


def _built_warehouse(tmp_path_factory: pytest.TempPathFactory, province: str) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    _write_exports(folder, province)
    path = tmp_path_factory.mktemp("warehouse") / "refusals.duckdb"
    with warehouse.connect(path) as con:
        pipeline.load_and_build(con, folder)
        weekly.record_week(con, parse_week(WEEK))  # as refusals run does before the report
    return path


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built warehouse, closed: the report's kernel opens it read-only in its own process."""
    return _built_warehouse(tmp_path_factory, "江苏省")


@pytest.fixture(scope="module")
def warehouse_without_province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built_warehouse(tmp_path_factory, "")


@pytest.fixture(scope="module")
def data(warehouse_path: Path) -> report_data.WeekData:
    return report_data.read_week(warehouse_path, WEEK)


@pytest.fixture(scope="module")
def rendered(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> render.ReportFiles:
    return render.render_report(warehouse_path, WEEK, tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def rendered_without_province(warehouse_without_province: Path,
                              tmp_path_factory: pytest.TempPathFactory) -> render.ReportFiles:
    return render.render_report(warehouse_without_province, WEEK,
                                tmp_path_factory.mktemp("report_without_province"))


# --- (a) the committed notebooks ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "parameters"), [
    ("weekly_report.ipynb", {"warehouse", "week"}),
    ("explore.ipynb", {"warehouse", "week", "slice_by", "order_id", "excel_path"}),
])
def test_notebooks_are_clean_parameterised_templates(name: str, parameters: set[str]) -> None:
    notebook = nbformat.read(config.NOTEBOOKS_DIR / name, as_version=4)
    nbformat.validate(notebook)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code_cells)
    assert notebook.metadata.kernelspec.name == "python3"
    tagged = [cell for cell in code_cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1
    assignments = ast.parse(tagged[0].source).body
    assert all(isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
               for node in assignments), "the parameters cell holds primitives only"
    assert {node.targets[0].id for node in assignments} == parameters


def test_parameters_the_notebook_lacks_are_refused_before_running(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell('warehouse = ""')],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"},
                  "language_info": {"name": "python"}})
    notebook.cells[0].metadata["tags"] = ["parameters"]
    path = tmp_path / "only_warehouse.ipynb"
    nbformat.write(notebook, path)
    with pytest.raises(RuntimeError, match="week"):
        render._check_parameters(path, {"warehouse": "x", "week": WEEK})


def _schemas_read(sql: str) -> set[str]:
    return {schema.lower() for schema in re.findall(r"\b(?:from|join)\s+(\w+)\.", sql, re.I)}


def _strings_in(python_source: str) -> list[str]:
    """Every string literal of the code, f-strings' literal parts included: where SQL is."""
    return [node.value for node in ast.walk(ast.parse(python_source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_the_report_kernel_is_asked_to_shut_down_never_interrupted(tmp_path: Path) -> None:
    """jupyter_client sends SIGINT before its shutdown request; a kernel still finishing its last
    reply then wrote "KeyboardInterrupt caught in kernel." into the run's stderr (cron mails it).
    The render's kernel manager asks, and the kernel still ends."""
    import asyncio
    import signal

    async def start_and_shut_down() -> tuple[list[int], bool]:
        manager = render._local_kernel_manager(tmp_path)(kernel_name=render.KERNEL_NAME)
        await manager.start_kernel(cwd=str(tmp_path))
        sent: list[int] = []
        send_signal = manager.provisioner.send_signal

        async def recording(signum: int) -> None:
            sent.append(signum)
            await send_signal(signum)

        manager.provisioner.send_signal = recording
        await manager.shutdown_kernel(now=False)
        return sent, await manager.is_alive()

    sent, alive = asyncio.run(start_and_shut_down())
    assert signal.SIGINT not in sent
    assert not alive


def test_report_and_notebooks_read_marts_and_run_bookkeeping_only() -> None:
    """Business rules are marts: the report package and the notebooks read ``marts`` (and
    ``meta``, the run's bookkeeping, plus the catalog), never staging, intermediate or seeds."""
    assert _schemas_read("select 1 from intermediate.x join marts.y on true") == {
        "intermediate", "marts"}
    sources = {path.name: path.read_text(encoding="utf-8")
               for path in (config.PACKAGE_DIR / "report").glob("*.py")}
    for name in ("weekly_report.ipynb", "explore.ipynb"):
        notebook = nbformat.read(config.NOTEBOOKS_DIR / name, as_version=4)
        sources[name] = "\n".join(cell.source for cell in notebook.cells
                                  if cell.cell_type == "code")
    read = {name: {schema for text in _strings_in(source) for schema in _schemas_read(text)}
            for name, source in sources.items()}
    assert read["data.py"] >= {"marts", "meta"} and "marts" in read["explore.ipynb"]
    allowed = {"marts", "meta", "information_schema"}
    assert {name: schemas - allowed for name, schemas in read.items() if schemas - allowed} == {}


# --- the numbers -------------------------------------------------------------------------------


def test_aggregates_agree_with_the_refusal_mart(warehouse_path: Path) -> None:
    with warehouse.connect(warehouse_path, read_only=True) as con:
        disagreements = con.execute("""
            with marts as (
                select refusal_week as iso_week, count(*) as refused
                from marts.fct_refusals group by refusal_week
            ),
            by_cause as (
                select iso_week, sum(refusals) as refused
                from marts.agg_refusals_weekly group by iso_week
            ),
            by_route as (
                select iso_week, sum(refused) as refused
                from marts.agg_parcels_weekly group by iso_week
            )
            select * from marts.agg_outcomes_weekly as outcomes
            full join marts using (iso_week)
            full join by_cause using (iso_week)
            full join by_route using (iso_week)
            -- a week without refusals (W48, which the data only starts) is 0 or absent
            where outcomes.refused is distinct from coalesce(marts.refused, 0)
                or outcomes.refused is distinct from coalesce(by_cause.refused, 0)
                or outcomes.refused is distinct from coalesce(by_route.refused, 0)
        """).fetchall()
    assert disagreements == []


def test_headline_compares_the_week_with_the_week_before_only_when_both_are_whole(
        data: report_data.WeekData) -> None:
    """W46 is the first week of data and starts on its Tuesday: partial, so not compared."""
    headline = tables.headline(data)
    rows = data_frame_rows(headline)
    refused_now = len(STREAK_ORDERS) + 3
    assert rows["拒收 refused"] == [str(refused_now), "2", tables.NOT_COMPARABLE]
    assert rows["拒收率 refusal rate"][0] == (
        f"{100 * refused_now / (refused_now + 31):.1f}%（{refused_now}/{refused_now + 31}）")
    assert "数据不完整" in headline.columns[2] and "数据不完整" not in headline.columns[1]
    whole = data.outcomes.assign(is_partial=False)
    compared = data_frame_rows(tables.headline(dataclasses.replace(data, outcomes=whole)))
    assert compared["拒收 refused"][2] == f"+{refused_now - 2}（{(refused_now - 2) / 2:+.0%}）"
    assert compared["拒收率 refusal rate"][2].endswith("个百分点 pt")


def test_refusal_cost_and_platform_fines_are_told_apart(data: report_data.WeekData) -> None:
    costs = data.settings.costs
    refusal_cost = (len(PAID) * (costs.forward_freight_yuan + costs.return_freight_yuan)
                    + costs.margin_share * sum(PAID.values()))
    rows = data_frame_rows(tables.headline(data))
    assert rows["拒收损失 refusal cost"][0] == f"¥{refusal_cost:,.0f}"
    assert rows["平台罚款与赔付 fines and compensation"][0] == f"¥{COMPENSATION_YUAN:,.0f}"
    sentence = tables.headline_sentence(data)
    assert f"拒收损失约 ¥{refusal_cost:,.0f}" in sentence
    assert f"另有平台罚款与赔付 ¥{COMPENSATION_YUAN:,.0f}" in sentence


def test_costs_apply_the_stated_assumptions(data: report_data.WeekData) -> None:
    costs = data.settings.costs
    expected = (len(PAID) * (costs.forward_freight_yuan + costs.return_freight_yuan)
                + costs.margin_share * sum(PAID.values()) + COMPENSATION_YUAN)
    table = tables.costs_by_cause(data)
    total = table.loc[table["原因 cause"] == "合计 total", "合计 total (¥)"].item()
    assert total == pytest.approx(expected)
    total_row = table[table["原因 cause"] == "合计 total"]
    assert total_row["平台罚款与赔付 fines and compensation (¥)"].item() == (
        pytest.approx(COMPENSATION_YUAN))
    assert total_row["拒收损失小计 refusal cost (¥)"].item() == (
        pytest.approx(expected - COMPENSATION_YUAN))


def test_alerts_show_the_weeks_streaks_then_spikes_as_the_mart_ranks_them(
        data: report_data.WeekData) -> None:
    """The thresholds are tested on the mart (test_business_marts.py); here, that the report
    names what it found. W47: the 10 refusals of product 100009 in a row; courier and province
    (every parcel is 中通, 江苏省) have 12 in a row since W46. 13 of 43 settled parcels refused
    this week against 2 of 22 before would be a spike, but the data starts in W46, a partial
    week: there are no four whole weeks to compare with, so no spike is raised."""
    alerts = tables.alerts(data)
    product = tables.DIMENSIONS_ZH["product"]
    streaks = alerts[alerts["类型 alert"].str.contains("streak")]
    assert streaks["拒收 refusals"].tolist() == [12, 12, 10]
    assert streaks.loc[streaks["维度 dimension"] == product, "对象 what"].tolist() == [
        f"{SCRIPT_TITLE}（100009）"]
    assert "连续 10 单被拒收（发货 11-16 至 11-16）" in streaks["详情 detail"].iloc[2]
    assert not alerts["类型 alert"].str.contains("spike").any()


def test_to_do_names_each_object_with_its_counts_ranked_by_money(
        data: report_data.WeekData) -> None:
    todo = tables.todo_list(data)
    stakes = todo["涉及金额 at stake (¥)"].tolist()
    assert stakes == sorted(stakes, reverse=True)
    assert todo["优先级 rank"].tolist() == list(range(1, len(todo) + 1))
    # every line names how many orders: refusals of a product or route, or orders on a list
    counted = todo["为什么 why"].str.contains(r"\d+ 单") | todo["对象 what"].str.contains(r"\d+ 单")
    assert counted.all()
    quality = todo[todo["对象 what"] == "羽绒服（100004）"]
    assert quality["为什么 why"].item().startswith(
        "产品质量问题 1 单（本周结算 1 单，拒收率 100%）")
    assert quality["罚款与赔付 fines (¥)"].item() == pytest.approx(COMPENSATION_YUAN)
    streak = todo[todo["对象 what"].str.contains("（100009）")]
    assert streak["为什么 why"].str.contains("10 单").all()


def test_top_three_are_the_first_lines_of_the_to_do_list(data: report_data.WeekData) -> None:
    box = tables.top_three(data)
    assert box.css_class == "top-three"
    assert len(box.lines) == min(3, len(data.todo)) > 0
    for line, row in zip(box.lines, data.todo.itertuples(), strict=False):
        assert line.startswith(f"{row.object_zh}：{row.why_zh}")
        assert f"涉及 ¥{row.at_stake_yuan:,.0f}" in line and "做什么：" in line


def test_data_gaps_name_a_missing_dimension_and_a_partial_week(
        data: report_data.WeekData, warehouse_without_province: Path) -> None:
    gaps = tables.data_gaps(data)
    assert any("2026-W46 的数据不完整" in line for line in gaps.lines)
    assert not any("省份" in line for line in gaps.lines)
    without = tables.data_gaps(report_data.read_week(warehouse_without_province, WEEK))
    assert any(line.startswith("订单导出没有省份") for line in without.lines)


def test_worklist_never_sends_the_merchant_to_contest_its_own_fault(
        warehouse_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "worklist.csv"
    with warehouse.connect(warehouse_path, read_only=True) as con:
        written = report_data.write_worklist(con, WEEK, path)
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = {row["order_id"]: row for row in csv.DictReader(raw.decode("utf-8-sig").splitlines())}
    assert written == len(rows) == len(PAID)
    assert rows[SMALL_ORDER]["action"] == "refund_directly"
    assert rows[SMALL_ORDER]["evidence_to_gather"] == ""
    assert rows[CANCELLED_ORDER]["action"] == "contact_buyer"
    # a product refused in a streak is the merchant's to fix, not to contest: the next step says
    # what to fix; a quality complaint already refunded leaves nothing to do on the order
    for order in STREAK_ORDERS:
        assert (rows[order]["action"], rows[order]["fault"]) == ("refund_and_fix", "merchant")
        assert rows[order]["contest_message_zh"] == ""
        assert "该商品近期拒收集中" in rows[order]["next_step_zh"]
    assert (rows[QUALITY_ORDER]["action"], rows[QUALITY_ORDER]["fault"],
            rows[QUALITY_ORDER]["refund_state"]) == ("nothing_to_do", "merchant", "refunded")


def test_loose_ends_list_parcels_not_back_and_buyers_to_contact(
        data: report_data.WeekData) -> None:
    not_back, refunds_open, to_contact = tables.loose_ends(data).values()
    assert not_back["订单号 order"].tolist() == [NOT_RETURNED_ORDER]  # W47's are 6 days out
    assert refunds_open["订单号 order"].tolist() == [CANCELLED_ORDER]
    assert NOT_RETURNED_ORDER in to_contact["订单号 order"].tolist()
    assert RETURNED_ORDER not in (set(not_back["订单号 order"]) | set(to_contact["订单号 order"]))


def test_at_risk_says_so_in_one_sentence_when_nothing_is_on_its_way(
        data: report_data.WeekData) -> None:
    """Every W47 parcel was delivered or refused by the Sunday: nothing is left to score. A
    week the run did not score (another release's warehouse) is said so too."""
    assert tables.at_risk_now(data) == [
        "截至 2026-11-22 23:59（北京时间），没有在途包裹（已发货、尚未签收、拒收或退回）。 "
        "No parcel was in transit."]
    unscored = dataclasses.replace(data, at_risk_week=pd.DataFrame(), at_risk=pd.DataFrame())
    said = tables.at_risk_now(unscored)
    assert len(said) == 1 and said[0].startswith("本周没有计算在途风险")


def test_validation_results_show_when_validation_has_recorded_them(
        warehouse_path: Path, tmp_path: Path, data: report_data.WeekData) -> None:
    assert "not available" in tables.data_quality(data)["数据校验 Validation runs"]
    copy = tmp_path / "validated.duckdb"
    shutil.copyfile(warehouse_path, copy)
    with warehouse.connect(copy) as con:
        con.execute("create table meta.validation_runs as select * from (values "
                    "('old', timestamp '2026-11-16 08:00:00'), "
                    "('new', timestamp '2026-11-23 08:00:00')) as runs(run_id, validated_at)")
        con.execute("create table meta.validation_results as select * from (values "
                    "('old', 'orders', 'stg_orders', 'stale', 'fail', false), "
                    "('new', 'orders', 'stg_orders', 'passed', 'fail', true), "
                    "('new', 'files', 'file_quality', 'quarantine_share', 'warn', false)) "
                    "as results(run_id, suite, table_name, check_name, severity, success)")
        con.execute("alter table meta.validation_results add column column_name varchar")
        con.execute("alter table meta.validation_results add column unexpected_count bigint")
        con.execute("alter table meta.validation_results add column problem varchar")
        con.execute("alter table meta.validation_results add column action varchar")
    quality = tables.data_quality(report_data.read_week(copy, WEEK))
    assert quality["数据校验 Validation runs"]["run_id"].tolist() == ["new", "old"]
    problems = next(value for title, value in quality.items() if title.startswith("最近一次校验"))
    assert problems["check_name"].tolist() == ["quarantine_share"]


def test_tables_escape_text_from_the_exports() -> None:
    html = display.to_html({"<b>title</b>": pd.DataFrame({"商品": [SCRIPT_TITLE]})})
    assert SCRIPT_TITLE not in html and "<b>title</b>" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html


def data_frame_rows(frame) -> dict[str, list[str]]:
    """A metric table as {metric: [this week, last week, change]}."""
    return {row[0]: list(row[1:]) for row in frame.itertuples(index=False)}


# --- (b) the rendered HTML ---------------------------------------------------------------------


@pytest.mark.slow
def test_report_html_is_self_contained_and_escaped(rendered: render.ReportFiles) -> None:
    page = rendered.html.read_text(encoding="utf-8")
    assert rendered.html.stat().st_size < 8 * 1024 * 1024
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=[\"']?(https?:)?//", page)
    assert not re.search(r"cdnjs\.cloudflare|unpkg\.com|cdn\.jsdelivr\.net/npm/(mathjax|mermaid)",
                         page)
    assert page.count("* plotly.js v") == 1, "plotly.js inlined exactly once"
    assert SCRIPT_TITLE not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "show(tables." not in page, "no code in the HTML"
    headings = re.findall(r"<h2[^>]*>\s*(\d) ", page)
    assert headings == [str(number) for number in range(1, 10)]
    to_do = page[page.index("6 待办 To-do"):page.index("7 未了结事项")]
    assert re.search(r"<h3[^>]*>\s*在途风险 At risk now", to_do)
    assert "没有在途包裹" in to_do


# --- (c) the HTML in a browser, offline --------------------------------------------------------


class _Chromium:
    """Headless Chromium driven over ``--remote-debugging-pipe`` (CDP: fd 3 in, fd 4 out), with
    every network request sent to a dead proxy: a page that needs the internet fails here."""

    def __init__(self, profile: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._events, events_write = os.pipe()

        def as_cdp_pipes() -> None:  # in the child: the pipe ends become fds 3 and 4
            # copied above 10 first, so that neither copy already sits on fd 3 or 4
            read_end = fcntl.fcntl(commands_read, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(events_write, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9",
             "--remote-debugging-pipe", "about:blank"],
            preexec_fn=as_cdp_pipes, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(events_write)
        self._next_id, self._buffer, self.events = 0, b"", []

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while (reply := self._receive(time.monotonic() + 30)).get("id") != self._next_id:
            self.events.append(reply)
        assert "error" not in reply, reply
        return reply["result"]

    def wait_for(self, method: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not any(event.get("method") == method for event in self.events):
            self.events.append(self._receive(deadline))

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._events], [], [], max(0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._events, 1 << 20)
            if not chunk:
                raise EOFError("Chromium exited")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        os.close(self._commands)
        os.close(self._events)


def _evaluate(browser: _Chromium, session: str, expression: str) -> object:
    return browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                        session)["result"].get("value")


def _figures_in(notebook_path: Path) -> int:
    notebook = nbformat.read(notebook_path, as_version=4)
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    return sum(output.get("data", {}).get("text/html", "").count('class="plotly-graph-div"')
               for output in outputs)


#: What the reader sees first, read in the browser: the Top 3 box's lines, whether it sits above
#: the first section, and the text of the data-gaps box ("" without one).
_TOP_OF_PAGE = """(() => {
  const top = document.querySelector('.callout.top-three');
  const gaps = document.querySelector('.callout.data-gaps');
  const firstSection = document.querySelector('h2');
  return {
    lines: top ? [...top.querySelectorAll('li')].map(li => li.textContent) : [],
    above: !!top && !!firstSection && top.getBoundingClientRect().bottom
                                      <= firstSection.getBoundingClientRect().top,
    visible: !!top && top.getBoundingClientRect().height > 0,
    gaps: gaps ? gaps.textContent : '',
  };
})()"""


def _open(browser: _Chromium, html: Path, figures: int) -> dict:
    """Open a report in a new tab, wait for its charts to draw, and read the top of the page."""
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget",
                           {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable", session=session)
    browser.events.clear()
    browser.call("Page.navigate", {"url": html.as_uri()}, session)
    browser.wait_for("Page.loadEventFired", seconds=30)
    count_rendered = ("[...document.querySelectorAll('.plotly-graph-div')]"
                      ".filter(div => div.querySelector('.main-svg')).length")
    deadline = time.monotonic() + 10
    while _evaluate(browser, session, count_rendered) < figures and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _evaluate(browser, session, count_rendered) == figures
    assert _evaluate(browser, session, "typeof window.__pwned") == "undefined"
    shot = browser.call("Page.captureScreenshot", {"format": "png"}, session)
    assert len(base64.b64decode(shot["data"])) > 10_000, "the page painted something"
    return _evaluate(browser, session, _TOP_OF_PAGE)


def _page_faults(browser: _Chromium) -> tuple[list[dict], list[str]]:
    """The errors the page raised, and every URL it fetched."""
    errors = [event for event in browser.events if (
        event.get("method") in ("Runtime.exceptionThrown", "Network.loadingFailed")
        or (event.get("method") == "Runtime.consoleAPICalled"
            and event["params"]["type"] in ("error", "assert"))
        or (event.get("method") == "Log.entryAdded"
            and event["params"]["entry"]["level"] == "error"))]
    fetched = [event["params"]["request"]["url"] for event in browser.events
               if event.get("method") == "Network.requestWillBeSent"]
    return errors, fetched


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_report_renders_every_chart_offline_without_errors_or_injected_script(
        rendered: render.ReportFiles, rendered_without_province: render.ReportFiles,
        data: report_data.WeekData, tmp_path: Path) -> None:
    """Both reports open offline in Chromium with every chart drawn; the Top 3 box is the first
    thing on the page, and the data-gaps box says what each cannot show."""
    figures = _figures_in(rendered.notebook)
    assert figures >= 5, "the sample data has every chart: causes, trend, routes, reviews, cost"
    browser = _Chromium(tmp_path / "profile")
    try:
        top = _open(browser, rendered.html, figures)
        errors, fetched = _page_faults(browser)
        assert errors == []
        local = ("file:", "data:", "blob:", "about:")
        assert all(url.startswith(local) for url in fetched), fetched
        top_without_province = _open(browser, rendered_without_province.html,
                                     _figures_in(rendered_without_province.notebook))
        assert _page_faults(browser)[0] == []
    finally:
        browser.close()
    assert top["visible"] and top["above"]
    assert top["lines"] == [tables.todo_line(row) for row in data.todo.head(3).itertuples()]
    assert all("¥" in line and "单" in line for line in top["lines"])
    assert "2026-W46 的数据不完整" in top["gaps"] and "没有省份" not in top["gaps"]
    assert "订单导出没有省份" in top_without_province["gaps"]
    assert top_without_province["lines"]


# --- (d) the analysts' notebook ----------------------------------------------------------------


@pytest.mark.slow
def test_explore_notebook_runs_top_to_bottom_read_only(warehouse_path: Path,
                                                       tmp_path: Path) -> None:
    executed = tmp_path / "explore.ipynb"
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / "explore.ipynb"), str(executed),
        parameters={"warehouse": str(warehouse_path), "excel_path": str(tmp_path / "explore.xlsx")},
        kernel_name="python3",
        cwd=str(config.PROJECT_ROOT), progress_bar=False,
    )
    text = json.dumps(nbformat.read(executed, as_version=4).cells, ensure_ascii=False)
    assert "拒收" in text and "李四" not in text, "the order's events show, courier names masked"
