"""The analysts' notebook (notebooks/explore.ipynb) executed by papermill against a freshly built
sample warehouse: refusal rates against shipped parcels with their n, orders without a province
counted as (未知) instead of dropped, this week against the last by cause, the slices in an Excel
file with Chinese headers, tracking codes in words, and the data dictionary shown.

The expected figures are counted here straight from marts.fct_parcels, not by the notebook's code.
(tests/test_report.py runs the same notebook on its small hand-written warehouse.)
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb
import nbformat
import openpyxl
import papermill
import pytest
from bs4 import BeautifulSoup

from pipelines import config, pipeline, warehouse
from pipelines.causes import CAUSES
from pipelines.models import dictionary
from pipelines.weeks import parse_week

pytestmark = pytest.mark.slow

SHIPPED = "outcome in ('delivered', 'refused', 'returned_undelivered', 'in_transit')"
CJK = re.compile(r"[\u4e00-\u9fff]")


class Executed:
    """The sample warehouse, the parameters the notebook ran with, and what it left behind."""

    def __init__(self, root: Path) -> None:
        self.warehouse = root / "refusals.duckdb"
        with warehouse.connect(self.warehouse) as con:
            pipeline.load_and_build(con, config.SAMPLE_DIR)
        self.week = self.count("select max(ship_week) from marts.fct_parcels where " + SHIPPED)
        self.order_id = self.count(  # a refusal code only Kuaidi100 has: 拒签 whoever the provider
            "select min(order_id) from marts.fct_refusal_events where state_code = 14 "
            "and (sub_state_code is null or sub_state_code = 14)")
        self.excel = root / "slices" / "省份.xlsx"
        self.sha256_before = _sha256(self.warehouse)
        self.notebook = root / "explore.ipynb"
        papermill.execute_notebook(
            str(config.NOTEBOOKS_DIR / "explore.ipynb"), str(self.notebook),
            parameters={"warehouse": str(self.warehouse), "week": self.week, "slice_by": "省份",
                        "order_id": self.order_id, "excel_path": str(self.excel)},
            kernel_name="python3", cwd=str(config.PROJECT_ROOT), progress_bar=False,
        )

    def count(self, sql: str, parameters: list | None = None):
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql, parameters or []).fetchone()[0]

    def sheet(self, name: str) -> list[dict]:
        rows = list(openpyxl.load_workbook(self.excel)[name].iter_rows(values_only=True))
        return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    def outputs(self, tag: str) -> dict:
        notebook = nbformat.read(self.notebook, as_version=4)
        (cell,) = [cell for cell in notebook.cells if tag in cell.metadata.get("tags", [])]
        return {kind: text for output in cell.outputs
                for kind, text in output.get("data", {}).items()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Executed:
    return Executed(tmp_path_factory.mktemp("explore"))


def test_rates_count_every_shipped_parcel_those_without_a_province_as_unknown(
    executed: Executed,
) -> None:
    by_province = executed.sheet("按省份")
    without_province = executed.count(
        "select count(*) from marts.fct_parcels where province is null and " + SHIPPED)
    assert without_province > 0, "the sample has orders without a province (2024 layout)"
    unknown = [row for row in by_province if row["省份"] == dictionary.UNKNOWN]
    assert [row["已发货（n）"] for row in unknown] == [without_province]
    assert sum(row["已发货（n）"] for row in by_province) == executed.count(
        "select count(*) from marts.fct_parcels where " + SHIPPED)
    assert sum(row["拒收"] for row in by_province) == executed.count(
        "select count(*) from marts.fct_refusals")
    for row in by_province:
        assert 0 <= row["拒收率"] <= 1
        assert row["拒收率"] == pytest.approx(row["拒收"] / row["已发货（n）"])


def test_this_week_against_the_last_splits_refusals_by_cause_over_all_shipped(
    executed: Executed,
) -> None:
    by_cause = executed.sheet("两周对比-原因")
    assert sorted(row["拒收原因"] for row in by_cause) == sorted(cause.label_zh for cause in CAUSES)
    weeks = {"本周": executed.week, "上周": str(parse_week(executed.week).shifted(-1))}
    for label, week in weeks.items():
        shipped = executed.count(
            "select count(*) from marts.fct_parcels where ship_week = ? and " + SHIPPED, [week])
        refused = executed.count(
            "select count(*) from marts.fct_parcels where ship_week = ? and outcome = 'refused'",
            [week])
        assert shipped > 0 and refused > 0, f"the sample ships and refuses in {week}"
        assert {row[f"{label}已发货（n）"] for row in by_cause} == {shipped}
        assert sum(row[f"{label}拒收"] for row in by_cause) == refused
        assert all(0 <= row[f"{label}拒收率"] <= 1 for row in by_cause)
    for row in by_cause:
        assert row["拒收率变化"] == pytest.approx(row["本周拒收率"] - row["上周拒收率"])


def test_the_excel_file_has_chinese_headers_and_rates_as_percentages(executed: Executed) -> None:
    workbook = openpyxl.load_workbook(executed.excel)
    assert {"按省份", "两周对比-全店", "两周对比-原因", "两周对比-商品"} <= set(workbook.sheetnames)
    for sheet in workbook:
        headers = [cell.value for cell in sheet[1]]
        assert all(CJK.search(header) for header in headers), headers
        rate_columns = [cell.column for cell in sheet[1] if "拒收率" in cell.value]
        assert rate_columns
        assert {sheet.cell(row=2, column=column).number_format for column in rate_columns} == {
            "0.0%"}


def test_tracking_events_are_labelled_in_words(executed: Executed) -> None:
    table = BeautifulSoup(executed.outputs("events")["text/html"], "html.parser").find("table")
    headers = [th.get_text() for th in table.thead.find_all("th")][1:]  # after the index
    states = [row.find_all("td")[headers.index("状态")].get_text()
              for row in table.tbody.find_all("tr")]
    assert "state_code" not in headers and "sub_state_code" not in headers
    assert "拒签" in states
    assert all(CJK.search(state) for state in states), states
    assert len(states) == executed.count(
        "select count(*) from marts.fct_refusal_events where order_id = ?", [executed.order_id])


def test_the_data_dictionary_is_shown_and_the_warehouse_left_untouched(executed: Executed) -> None:
    shown = executed.outputs("dictionary")["text/markdown"]
    described = dictionary.load_dictionary()
    for mart in ("fct_refusals", "fct_dispute_worklist", "dim_signal_weights"):
        assert f"### `marts.{mart}`" in shown
        assert described.tables[mart] in shown
    assert dictionary.NOT_DESCRIBED not in shown
    assert _sha256(executed.warehouse) == executed.sha256_before, "opened read-only"
