"""Personal data never reaches an output (issue #14).

The unit tests pin `mask_personal`'s boundaries: ID numbers (18 digits, last one X; 15-digit old
ones) and mobile phones in every way people write them are masked, and names or addresses after
their label; order ids and tracking numbers, which the outputs need, are not.

The PII suite generates a sample, plants phones, ID numbers, labelled names and street addresses
in every free-text field of every export kind (and the receiver columns of an old order layout),
runs `refusals run` and searches everything the run leaves behind: the week's folder (CSVs,
workbook, HTML, executed notebook, run.json, Data Docs) and every text column of the warehouse's
`marts` and `meta` schemas.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines import cli, config, warehouse
from pipelines.ingest import exports, load
from pipelines.sample import generate_sample

WEEK = "2026-W47"


def _mask(con: duckdb.DuckDBPyConnection, text: str) -> str:
    return con.execute("select mask_personal(?)", [text]).fetchone()[0]


@pytest.fixture(scope="module")
def macros() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute((config.SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    yield con
    con.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证110101199003071234", "身份证****"),
        ("身份证号 11010119900307123X 已核实", "身份证号 **** 已核实"),
        ("身份证号11010119900307123x。", "身份证号****。"),
        ("老身份证 110101900307123 ", "老身份证 **** "),
        ("电话13812345678", "电话138****5678"),
        ("打 138 1234 5678 联系", "打 138****5678 联系"),
        ("打138-1234-5678联系", "打138****5678联系"),
        ("+86 138 1234 5678", "+86 138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("(+86)199-1234-5678", "(+86)199****5678"),
        ("派件员：张三 13812345678", "派件员：*** 138****5678"),
        ("收件人:欧阳春花，已签收", "收件人：***，已签收"),
        ("收货地址：幸福路88号3栋502室。", "收货地址：***。"),
    ],
)
def test_personal_data_is_masked(macros, text, expected):
    assert _mask(macros, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "订单261123-338104320801429已拒收",
        "订单 261123-338104320801429",
        "261123-138104320801429",  # 15 digits after the dash begin with a phone-like 138
        "单号73100000000001",
        "快递单号 731000000000013 退回",
        "SF1234567890123 已签收",
        "YT8831856643279 派送中",
        "JT13812345678901",
        "4371074801275",
        "G-1024 补单",
        "2026-11-23 14:05:00 快件已到达",
        "金额 13800.50 元",
        "1381234567890123456789",  # a long run is no ID and no phone
        "收件人拒收，包裹将原路退回",
    ],
)
def test_ids_the_outputs_need_are_not_masked(macros, text):
    assert _mask(macros, text) == text


def test_the_digits_next_to_a_masked_number_stay(macros):
    # boundaries are captured, not consumed: two numbers side by side are each masked
    assert _mask(macros, "13812345678,13987654321") == "138****5678,139****4321"
    assert (
        _mask(macros, "110101199003071234/13812345678")
        == "****/138****5678"
    )


def test_mask_personal_passes_null_through(macros):
    assert macros.execute("select mask_personal(null)").fetchone()[0] is None


# --- the PII suite ------------------------------------------------------------------------

#: Digits in no obvious sequence: the inlined plotly.js holds runs such as 0123456789.
PHONES = (
    "13852467913",
    "139 6047 2851",
    "137-2906-4183",
    "+86 159 7130 8264",
    "+8618693025471",
)
ID_NUMBERS = ("110101199003071234", "44030619851231002X", "32058319920101001x", "110101900307123")
NAMES = ("王小明", "欧阳春花", "司马建国")
ADDRESSES = ("幸福路88号3栋502室", "建设大街1024弄7号", "光明里小区9幢1单元301")
LABELS = ("联系人", "收件人", "签收人")

#: Free-text columns of each export kind (warehouse names), where the PII is planted.
FREE_TEXT = {
    "orders": ("merchant_note", "buyer_message", "street"),
    "logistics_kuaidi100": ("description", "location"),
    "logistics_kdniao": ("description", "location"),
    "after_sales": ("reason",),
    "reviews": ("review_text", "merchant_reply"),
    "penalties": ("note",),
}
#: Receiver columns of the 2019–2020 layout and 详细地址: never read; added to every order file.
RECEIVER_COLUMNS = ("收货人", "手机", "身份证姓名", "身份证号码", "详细地址", "用户购买手机号")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _runs_of_eight(number: str) -> set[str]:
    digits = _digits(number)
    return {digits[i : i + 8] for i in range(len(digits) - 7)}


@dataclass
class Planted:
    strings: set[str] = field(default_factory=set)
    fields: set[tuple[str, str]] = field(default_factory=set)
    cells: int = 0
    order_ids_in_notes: set[str] = field(default_factory=set)

    def forbidden_runs(self) -> set[str]:
        return set().union(*(_runs_of_eight(n) for n in PHONES + ID_NUMBERS))


def _personal_text(row: int) -> str:
    """A sentence with a phone, an ID number, a labelled name and a labelled address."""
    phone = PHONES[row % len(PHONES)]
    id_number = ID_NUMBERS[row % len(ID_NUMBERS)]
    name = NAMES[row % len(NAMES)]
    label = LABELS[row % len(LABELS)]
    address = ADDRESSES[row % len(ADDRESSES)]
    return f"（{label}：{name}，电话 {phone}，身份证{id_number}，地址：{address}）"


def _rows_of(path: Path, workdir: Path) -> list[list[str]]:
    """The export as UTF-8 rows, whatever its format and encoding."""
    if path.suffix.lower() == ".xlsx":
        target = workdir / f"{path.stem}.csv"
        load.xlsx_to_csv(path, target)
    else:
        encoding = load.sniff_encoding(path)
        target = workdir / f"{path.stem}.utf8.csv"
        load.transcode_to_utf8(path, encoding, target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _plant(source: Path, target: Path, workdir: Path, garble: bool = False) -> Planted:
    """Copy every export of ``source`` into ``target`` as UTF-8 CSV with personal data planted
    in each free-text field of every row (and receiver columns added to order files). One event
    text per tracking file is garbled (``garble``: every one, which fails validation)."""
    planted = Planted()
    target.mkdir()
    for path in sorted(p for p in source.iterdir() if p.is_file()):
        rows = _rows_of(path, workdir)
        header, body = rows[0], rows[1:]
        match = exports.match_header(header)
        assert match is not None, path
        columns = FREE_TEXT.get(match.kind.name, ())
        for column in columns:
            if column not in match.positions:
                header.append(
                    next(c.headers[0] for c in match.kind.columns if c.name == column)
                )
                for row in body:
                    row.append("")
                match.positions[column] = len(header) - 1
        if match.kind.name == "orders":
            header.extend(RECEIVER_COLUMNS)
        for number, row in enumerate(body):
            for column in columns:
                position = match.positions[column]
                text = _personal_text(number + position)
                if column == "street":
                    # a street address and the buyer's name, as 详细地址 holds them
                    text = f"{ADDRESSES[number % len(ADDRESSES)]} {NAMES[number % len(NAMES)]}"
                elif column == "merchant_note" and number % 3 == 0:
                    # boosting tags whose note names the buyer (the boost_tag evidence quotes it)
                    order_id = re.search(r"\d{6}-\d{15}", row[match.positions["order_id"]])[0]
                    row[position] = f"G-{1000 + number} 补单 原单{order_id} "
                    planted.order_ids_in_notes.add(order_id)
                row[position] = (row[position] or "") + text
                planted.fields.add((match.kind.name, column))
                planted.cells += 1
            if match.kind.name == "orders":
                name, address = NAMES[number % len(NAMES)], ADDRESSES[number % len(ADDRESSES)]
                row.extend(
                    [
                        name,
                        PHONES[number % len(PHONES)],
                        name,
                        ID_NUMBERS[number % len(ID_NUMBERS)],
                        f"江苏省苏州市常熟市{address}",
                        PHONES[(number + 1) % len(PHONES)],
                    ]
                )
                planted.fields.update(("orders", c) for c in RECEIVER_COLUMNS)
                planted.cells += len(RECEIVER_COLUMNS)
        if match.kind.name in ("logistics_kuaidi100", "logistics_kdniao"):
            # garbled event texts: a failing check quotes them as examples
            for row in body if garble else body[:1]:
                row[match.positions["description"]] += "锟斤拷"
        with (target / f"{path.stem}.csv").open("w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out).writerows([header, *body])
    planted.strings = {*PHONES, *ID_NUMBERS, *NAMES, *ADDRESSES}
    return planted


@dataclass
class Run:
    folder: Path
    warehouse_path: Path
    planted: Planted


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    root = tmp_path_factory.mktemp("pii")
    generate_sample(root / "generated", orders=400, seed=11, weeks=3)
    (root / "generated" / "labels" / "labels.csv").unlink()
    (root / "generated" / "labels").rmdir()
    planted = _plant(root / "generated", root / "input", root)
    warehouse_path = root / "warehouse.duckdb"
    argv = ["run", "--input", str(root / "input"), "--out", str(root / "reports"),
            "--warehouse", str(warehouse_path), "--week", WEEK]
    assert cli.main(argv) == 0
    return Run(root / "reports" / WEEK, warehouse_path, planted)


@pytest.fixture(scope="module")
def failed_run(run: Run, tmp_path_factory) -> tuple[Path, str]:
    """The same exports with every event text garbled: validation fails and publishes only its
    Data Docs (``_validation/<week>``) and a message naming failing values."""
    root = tmp_path_factory.mktemp("pii_failed")
    generated = run.folder.parents[1] / "generated"
    _plant(generated, root / "input", root, garble=True)
    argv = ["run", "--input", str(root / "input"), "--out", str(root / "reports"),
            "--warehouse", str(root / "warehouse.duckdb"), "--week", WEEK]
    message = io.StringIO()
    with contextlib.redirect_stderr(message), contextlib.redirect_stdout(message):
        assert cli.main(argv) == 1
    return root / "reports", message.getvalue()


def _file_texts(folder: Path) -> dict[str, str]:
    """Every file of the week's folder as text (the workbook cell by cell)."""
    texts = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            texts[name] = "\n".join(
                "\t".join("" if value is None else str(value) for value in row)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
            )
            with zipfile.ZipFile(path) as archive:  # and the raw XML, shared strings included
                texts[name + " (xml)"] = "\n".join(
                    archive.read(item).decode("utf-8", "replace") for item in archive.namelist()
                )
        else:
            texts[name] = path.read_bytes().decode("utf-8", "replace")
    return texts


def _mart_texts(warehouse_path: Path) -> dict[str, str]:
    """Every VARCHAR column (lists and structs cast to text) of every marts and meta relation."""
    texts = {}
    with warehouse.connect(warehouse_path, read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name, data_type "
            "from information_schema.columns where table_schema in ('marts', 'meta') "
            "and (data_type like '%VARCHAR%' or data_type like 'STRUCT%' "
            "or data_type like 'MAP%' or data_type = 'JSON') order by all"
        ).fetchall()
        for schema, table, column, _ in columns:
            values = con.execute(
                f'select distinct cast("{column}" as varchar) from {schema}."{table}" '
                f'where "{column}" is not null'
            ).fetchall()
            texts[f"{schema}.{table}.{column}"] = "\n".join(value for (value,) in values)
    return texts


def _leaks(texts: dict[str, str], planted: Planted) -> dict[str, list[str]]:
    runs = planted.forbidden_runs()
    found = {}
    for where, text in texts.items():
        hits = sorted(s for s in planted.strings if s in text)
        digit_runs = set(re.findall(r"\d{8,}", text))
        hits += sorted(r for r in runs if any(r in run for run in digit_runs))
        if hits:
            found[where] = hits
    return found


def test_no_personal_data_reaches_any_output(run: Run):
    files = _file_texts(run.folder)
    marts = _mart_texts(run.warehouse_path)
    assert any(name.startswith("validation") for name in files), "no Data Docs were written"
    for expected in ("refusals.csv", "worklist.csv", "worklist.xlsx", "weekly_report.html",
                     "weekly_report.ipynb", "run.json"):
        assert expected in files
    assert marts["marts.fct_parcels_at_risk.reasons"], "the run stored no at-risk list"
    leaks = {**_leaks(files, run.planted), **_leaks(marts, run.planted)}
    figures = (
        f"{len(run.planted.strings)} personal strings planted {run.planted.cells} times in "
        f"{len(run.planted.fields)} columns of {len({kind for kind, _ in run.planted.fields})} "
        f"export layouts; searched {len(files)} files and {len(marts)} mart/meta text columns"
    )
    assert not leaks, f"{figures}; found in {len(leaks)}: " + "; ".join(
        f"{where}: {', '.join(hits[:4])}" for where, hits in sorted(leaks.items())
    )
    print(f"{figures}; 0 found")


def test_a_failing_check_quotes_no_personal_data(failed_run: tuple[Path, str], run: Run):
    reports, message = failed_run
    assert "text_not_garbled" in message and "锟斤拷" in message  # the examples are shown...
    files = _file_texts(reports)
    assert any("_validation" in name for name in files)
    assert any("锟斤拷" in text for text in files.values())
    leaks = _leaks({**files, "the run's message": message}, run.planted)
    assert not leaks, "; ".join(  # ... masked
        f"{where}: {', '.join(hits[:4])}" for where, hits in sorted(leaks.items())
    )


def test_order_ids_and_tracking_numbers_survive(run: Run):
    with (run.folder / "worklist.csv").open(encoding="utf-8-sig", newline="") as handle:
        worklist = list(csv.DictReader(handle))
    assert worklist
    assert all(re.fullmatch(r"\d{6}-\d{15}", row["order_id"]) for row in worklist)
    assert all(row["tracking_no"] for row in worklist)
    with warehouse.connect(run.warehouse_path, read_only=True) as con:
        known = {
            tracking_no
            for (tracking_no,) in con.execute(
                "select distinct tracking_no from staging.stg_orders"
            ).fetchall()
        }
        boosted = con.execute(
            "select evidence from marts.fct_refusals where evidence like '%刷单标记%'"
        ).fetchall()
    assert {row["tracking_no"] for row in worklist} <= known
    # the boosting notes name another order: masking leaves that order id whole
    assert boosted, "no refusal carries boost_tag evidence"
    quoted = {
        order_id
        for (evidence,) in boosted
        for order_id in re.findall(r"\d{6}-\d{15}", evidence)
    }
    assert quoted & run.planted.order_ids_in_notes
