"""pipelines.validate.gx_duckdb: GX 1.x expectations run inside a DuckDB file.

great_expectations is imported only inside the tests that run it: its import alone takes ~4 s.
The first GX test guards the patch: it fails as soon as GX stops losing DuckDB rows on its own.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import duckdb
import pytest

from pipelines.validate import gx_duckdb

# Each failing expectation below fails on the row named in its comment, and nowhere else.
ORDERS = [
    # order_id, order_code, status, paid_yuan, refunded_yuan
    (1, "PDD-0001", "refused", 30.0, 30.0),
    (2, "PDD-0002", "delivered", 50.0, 0.0),  # paid above 40
    (3, "bad-code", "delivered", 20.0, 25.0),  # code malformed, refund above payment
    (3, "PDD-0004", "lost-ish", None, None),  # id repeated, status unknown, nothing paid
]
NUMBER_COUNT = 20


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema staging")
        con.execute(
            "create table staging.stg_orders (order_id integer, order_code varchar,"
            " status varchar, paid_yuan double, refunded_yuan double)"
        )
        con.executemany("insert into staging.stg_orders values (?, ?, ?, ?, ?)", ORDERS)
        con.execute("create table numbers as select range as n from range(?)", [NUMBER_COUNT])
    return path


def test_importing_the_module_does_not_import_great_expectations() -> None:
    code = "import sys, pipelines.validate.gx_duckdb; print('great_expectations' in sys.modules)"
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_without_the_patch_gx_still_loses_duckdb_rows(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import great_expectations as gx
    from great_expectations.execution_engine import SqlAlchemyExecutionEngine

    current = SqlAlchemyExecutionEngine.execute_query
    monkeypatch.setattr(
        SqlAlchemyExecutionEngine, "execute_query", getattr(current, "__wrapped__", current)
    )
    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_sql("w", connection_string=f"duckdb:///{warehouse}")
    asset = source.add_query_asset("numbers", query="select * from numbers")
    batch = asset.add_batch_definition_whole_table("all").get_batch()
    try:
        result = batch.validate(gx.expectations.ExpectTableRowCountToEqual(value=NUMBER_COUNT))
    finally:
        source.get_execution_engine().close()
        source.get_engine().dispose()

    assert not result.success and result.result == {}, (
        f"GX {gx.__version__} (patch verified on {gx_duckdb.GX_VERIFIED_VERSION}) no longer "
        "loses DuckDB rows: re-verify, then remove patch_execute_query"
    )
    assert "list index out of range" in str(result.exception_info)


def test_patch_is_applied_once() -> None:
    from great_expectations.execution_engine import SqlAlchemyExecutionEngine

    gx_duckdb.patch_execute_query()
    patched = SqlAlchemyExecutionEngine.execute_query
    gx_duckdb.patch_execute_query()

    assert SqlAlchemyExecutionEngine.execute_query is patched
    assert not hasattr(patched.__wrapped__, "buffers_duckdb_rows")  # wraps GX's own method


def test_failures_report_counts_samples_and_meta(warehouse: Path) -> None:
    import great_expectations as gx

    expect = gx.expectations
    meta = {"severity": "fail", "message": "every order is paid"}
    [orders] = gx_duckdb.validate_tables(
        warehouse,
        {
            "staging.stg_orders": [
                expect.ExpectColumnValuesToNotBeNull(column="paid_yuan", meta=meta),
                expect.ExpectColumnValuesToMatchRegex(column="order_code", regex=r"^PDD-\d{4}$"),
                expect.ExpectColumnValuesToBeInSet(
                    column="status", value_set=["refused", "delivered"]
                ),
                expect.ExpectColumnValuesToBeBetween(column="paid_yuan", min_value=0, max_value=40),
                expect.ExpectColumnValuesToBeUnique(column="order_id"),
                expect.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A="paid_yuan", column_B="refunded_yuan", or_equal=True
                ),
                expect.ExpectColumnValuesToNotBeNull(column="order_code"),
                expect.ExpectTableRowCountToEqual(value=len(ORDERS)),
            ]
        },
    )
    found = {(e.expectation_type, e.column): e for e in orders.expectations}
    failures = {
        key: (e.unexpected_count, e.partial_unexpected) for key, e in found.items() if not e.success
    }

    assert orders.table == "staging.stg_orders" and not orders.success
    assert failures == {
        ("expect_column_values_to_not_be_null", "paid_yuan"): (1, [None]),
        ("expect_column_values_to_match_regex", "order_code"): (1, ["bad-code"]),
        ("expect_column_values_to_be_in_set", "status"): (1, ["lost-ish"]),
        ("expect_column_values_to_be_between", "paid_yuan"): (1, [50.0]),
        ("expect_column_values_to_be_unique", "order_id"): (2, [3, 3]),
        ("expect_column_pair_values_a_to_be_greater_than_b", "paid_yuan, refunded_yuan"): (
            1,
            [(20.0, 25.0)],
        ),
    }
    # Passing checks are run for their verdict only (no example scans): no counts to report.
    passed = found["expect_column_values_to_not_be_null", "order_code"]
    assert passed.success and passed.unexpected_count is None and passed.partial_unexpected == []
    assert found["expect_table_row_count_to_equal", None].success
    assert found["expect_column_values_to_not_be_null", "paid_yuan"].meta == meta
    assert {e.element_count for e in orders.expectations if e.unexpected_count is not None} == {
        len(ORDERS)
    }
    assert all(e.error is None for e in orders.expectations)


def test_samples_are_capped(warehouse: Path) -> None:
    import great_expectations as gx

    suite = gx.ExpectationSuite(
        name="numbers are negative",
        expectations=[gx.expectations.ExpectColumnValuesToBeBetween(column="n", max_value=-1)],
    )
    [numbers] = gx_duckdb.validate_tables(warehouse, {"numbers": suite})
    [negative] = numbers.expectations

    assert negative.unexpected_count == NUMBER_COUNT
    assert len(negative.partial_unexpected) == gx_duckdb.PARTIAL_UNEXPECTED_COUNT


def test_a_list_of_expectations_can_be_validated_again(warehouse: Path) -> None:
    import great_expectations as gx

    suites = {"numbers": [gx.expectations.ExpectColumnValuesToNotBeNull(column="n")]}
    first = gx_duckdb.validate_tables(warehouse, suites)
    second = gx_duckdb.validate_tables(warehouse, suites)

    assert first == second and first[0].success


def test_an_expectation_gx_cannot_compute_is_an_error_not_a_pass(warehouse: Path) -> None:
    import great_expectations as gx

    [numbers] = gx_duckdb.validate_tables(
        warehouse, {"numbers": [gx.expectations.ExpectColumnValuesToBeIncreasing(column="n")]}
    )
    [increasing] = numbers.expectations

    assert not increasing.success
    assert increasing.error and "No provider found" in increasing.error


def test_data_docs_are_written_as_html(warehouse: Path, tmp_path: Path) -> None:
    import great_expectations as gx

    docs = tmp_path / "data_docs"
    gx_duckdb.validate_tables(
        warehouse,
        {"numbers": [gx.expectations.ExpectColumnValuesToNotBeNull(column="n")]},
        data_docs_dir=docs,
    )

    assert (docs / "index.html").is_file()
    [page] = (docs / "validations" / "numbers").rglob("*.html")
    assert "Expectation Validation Result" in page.read_text(encoding="utf-8")


def test_data_docs_open_offline(warehouse: Path, tmp_path: Path) -> None:
    """No page or style sheet fetches anything (GX's templates load Bootstrap, jQuery and its logo
    from CDNs), and the index, whose tables GX fills with jQuery, lists every result page."""
    import great_expectations as gx

    docs = tmp_path / "data_docs"
    gx_duckdb.validate_tables(
        warehouse,
        {
            "numbers": [gx.expectations.ExpectColumnValuesToNotBeNull(column="n")],
            "staging.stg_orders": [gx.expectations.ExpectColumnValuesToBeUnique(column="order_id")],
        },
        data_docs_dir=docs,
    )

    remote = re.compile(r"""(?:src|href)\s*=\s*["']?\s*https?://|url\(\s*["']?https?://""", re.I)
    for path in docs.rglob("*"):
        if path.suffix in (".html", ".css"):
            assert not remote.findall(path.read_text(encoding="utf-8")), path
    index = (docs / "index.html").read_text(encoding="utf-8")
    pages = sorted(page.relative_to(docs) for page in (docs / "validations").rglob("*.html"))
    assert len(pages) == 3  # numbers, stg_orders, and stg_orders' failed checks again
    for page in pages:
        assert f'<a href="{urllib.parse.quote(str(page))}">' in index
    for page in docs.rglob("*.html"):
        for image in re.findall(r'<img[^>]*\bsrc="([^"]+)"', page.read_text(encoding="utf-8")):
            assert (page.parent / image).is_file(), (page, image)


def test_gx_needs_the_pipeline_connection_closed_and_releases_the_file(warehouse: Path) -> None:
    import great_expectations as gx

    suites = {"numbers": [gx.expectations.ExpectTableRowCountToEqual(value=NUMBER_COUNT)]}
    with duckdb.connect(str(warehouse)), pytest.raises(Exception, match="different configuration"):
        gx_duckdb.validate_tables(warehouse, suites)

    [numbers] = gx_duckdb.validate_tables(warehouse, suites)
    with duckdb.connect(str(warehouse)) as con:  # read-write again, in the same process
        con.execute("insert into numbers values (-1)")
    assert numbers.success


def test_validation_opens_no_network_connection(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import great_expectations as gx

    def refuse(*args: object) -> None:
        raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    [numbers] = gx_duckdb.validate_tables(
        warehouse,
        {"numbers": [gx.expectations.ExpectColumnValuesToNotBeNull(column="n")]},
        data_docs_dir=tmp_path / "docs",
    )
    assert numbers.success
