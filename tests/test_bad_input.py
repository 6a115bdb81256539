"""Bad input: a seeded fuzzer turns slices of the committed sample into damaged export files
(truncated, wrong and mixed encodings, binary garbage, shuffled and duplicated columns, empty and
header-only files, 1 MB cells, stray ``="`` quoting, CR-only line ends, a BOM in the middle, cut
and corrupted workbooks, files that are no export at all) and runs ``refusals attribute`` on each
as the command line does.

Every file must end with exit 0 (loaded, or skipped with a warning naming it) or exit 1 with one
sentence naming it; never a traceback, never a hang; and every row of a loaded file is accounted
for (``meta.file_accounting``: read = staged + quarantined + duplicate).

Each damaged file sits in a folder with a clean orders and tracking export (the kinds a run
needs). To keep the suite near a minute, files are tried in batches: a batch is run, the file the
error names (exit 1) is taken out and the rest run again, until the batch loads. A file is thus
judged alone for its error and together with others for loading. Run it alone with
``pytest -m bad_input -s`` to see the figures.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import hashlib
import io
import random
import signal
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from pipelines import cli, config
from pipelines.ingest import load
from pipelines.models import runner

pytestmark = pytest.mark.bad_input

SEED = 14
ROWS = 300  # rows kept of each sample file: small cases, the same damage
BATCH = 12
SECONDS_PER_RUN = 60  # far above what one run takes (about a second): a run past it hangs
MIN_FILES = 200

# (sample file, kind) of the CSV sources: every kind, both encodings, both tracking providers
CSV_SOURCES = (
    ("数据导出20261116-7.csv", "orders"),
    ("导出数据(1).csv", "orders"),
    ("download_2026-11-23_10.csv", "orders"),
    ("数据导出20261123-11.csv", "kuaidi100"),
    ("导出数据(5).csv", "kuaidi100"),
    ("export_2026-11-16_8.csv", "kdniao"),
    ("导出数据(9).csv", "after_sales"),
    ("export_2026-11-23_12.csv", "after_sales"),
    ("download_2026-11-23_14.csv", "store_scores"),
    ("数据导出20261123-15.csv", "penalties"),
)
XLSX_SOURCES = (
    ("export_2026-11-23_16.xlsx", "penalties"),
    ("download_2026-11-09_6.xlsx", "after_sales"),
    ("导出数据(13).xlsx", "reviews"),
)
BASE = {"orders": "数据导出20261116-7.csv", "tracking": "数据导出20261123-11.csv"}


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    encoding: str  # utf-8 (a BOM kept in ``bom``) or gb18030
    bom: bool
    text: str  # the first ROWS rows, header included, line ends as exported


@dataclass(frozen=True)
class Case:
    name: str
    family: str
    content: bytes


def _head(text: str, rows: int) -> str:
    """The header and the first ``rows`` records, cut at a line end outside quotes."""
    kept, quotes, records = [], 0, 0
    for line in text.splitlines(keepends=True):
        kept.append(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            records += 1
            if records > rows:
                break
    return "".join(kept)


@functools.cache
def _sources() -> tuple[Source, ...]:
    found = []
    for name, kind in CSV_SOURCES:
        raw = (config.SAMPLE_DIR / name).read_bytes()
        encoding = load.encoding_of(raw[: load.SNIFF_BYTES], Path(name))
        bom = raw.startswith(codecs.BOM_UTF8)
        text = raw.decode(encoding).removeprefix("\ufeff")
        found.append(Source(name, kind, encoding, bom, _head(text, ROWS)))
    return tuple(found)


def _encode(source: Source, text: str) -> bytes:
    return (codecs.BOM_UTF8 if source.bom else b"") + text.encode(source.encoding)


def _records(source: Source) -> list[list[str]]:
    return list(csv.reader(io.StringIO(source.text, newline="")))


def _write_records(source: Source, records: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(records)
    return _encode(source, buffer.getvalue())


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


# --- the mutations: (rng, source) -> bytes --------------------------------------------------


def truncated(rng: random.Random, source: Source) -> bytes:
    data = _encode(source, source.text)
    return data[: rng.randrange(1, len(data))]


def truncated_at_line_break(rng: random.Random, source: Source) -> bytes:
    lines = _lines(source.text)
    return _encode(source, "".join(lines[: rng.randrange(1, len(lines))]))


def foreign_encoding_line(rng: random.Random, source: Source) -> bytes:
    """One row in the other encoding: GB18030 bytes in a UTF-8 file, or UTF-8 in a GB18030 one."""
    lines = _lines(source.text)
    at = rng.randrange(1, len(lines))
    other = "gb18030" if source.encoding == "utf-8" else "utf-8"
    data = [line.encode(source.encoding) for line in lines]
    data[at] = lines[at].encode(other)
    return (codecs.BOM_UTF8 if source.bom else b"") + b"".join(data)


def wrong_encoding(rng: random.Random, source: Source) -> bytes:
    """The whole file in the other encoding, or UTF-8 read as GB18030 and saved (mojibake)."""
    if rng.random() < 0.5:
        other = "gb18030" if source.encoding == "utf-8" else "utf-8"
        return source.text.encode(other)
    garbled = source.text.encode("utf-8").decode("gb18030", errors="replace")
    return garbled.encode("utf-8")


def binary_garbage(rng: random.Random, source: Source) -> bytes:
    return rng.randbytes(rng.choice((1, 64, 4096, 65536)))


def garbage_inside(rng: random.Random, source: Source) -> bytes:
    data = _encode(source, source.text)
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randrange(1, 512)) + data[at:]


def shuffled_columns(rng: random.Random, source: Source) -> bytes:
    records = _records(source)
    order = list(range(len(records[0])))
    rng.shuffle(order)
    return _write_records(source, [[row[i] for i in order if i < len(row)] for row in records])


def duplicated_column(rng: random.Random, source: Source) -> bytes:
    """A column twice: the same values, or (half the time) other values under the same name."""
    records = _records(source)
    column = rng.randrange(len(records[0]))
    other = rng.randrange(len(records[0]))
    copied = [
        [*row, row[column] if index == 0 or rng.random() < 0.5 else row[other % len(row)]]
        for index, row in enumerate(records)
        if row
    ]
    return _write_records(source, copied)


def empty(rng: random.Random, source: Source) -> bytes:
    return rng.choice((b"", b"\n", b"\r\n", codecs.BOM_UTF8, b"  \t\n\n", b","))


def header_only(rng: random.Random, source: Source) -> bytes:
    header = _lines(source.text)[0]
    return _encode(source, header if rng.random() < 0.5 else header.rstrip("\r\n"))


def huge_cell(rng: random.Random, source: Source) -> bytes:
    records = _records(source)
    row = rng.randrange(1, len(records))
    column = rng.randrange(len(records[row]))
    records[row][column] = "拒" * (1 << 20) if rng.random() < 0.5 else "x" * (1 << 20)
    return _write_records(source, records)


def stray_quoting(rng: random.Random, source: Source) -> bytes:
    """``="`` put in front of cells (never closed), or a ``="…"`` wrapper left half open."""
    lines = _lines(source.text)
    for _ in range(rng.randrange(1, 6)):
        at = rng.randrange(1, len(lines))
        cells = lines[at].split(",")
        column = rng.randrange(len(cells))
        cells[column] = rng.choice(('="', "'=\"", '="="')) + cells[column]
        lines[at] = ",".join(cells)
    return _encode(source, "".join(lines))


def cr_line_ends(rng: random.Random, source: Source) -> bytes:
    return _encode(source, source.text.replace("\r\n", "\n").replace("\n", "\r"))


def bom_in_the_middle(rng: random.Random, source: Source) -> bytes:
    data = _encode(source, source.text)
    line_starts = [i + 1 for i, byte in enumerate(data) if byte == 0x0A]
    at = rng.choice(line_starts) if rng.random() < 0.5 else rng.randrange(len(data))
    return data[:at] + codecs.BOM_UTF8 + data[at:]


def stray_commas(rng: random.Random, source: Source) -> bytes:
    lines = _lines(source.text)
    for _ in range(rng.randrange(1, 4)):
        at = rng.randrange(1, len(lines))
        lines[at] = "," + lines[at]
    return _encode(source, "".join(lines))


def nul_bytes(rng: random.Random, source: Source) -> bytes:
    data = bytearray(_encode(source, source.text))
    for _ in range(rng.randrange(1, 20)):
        data[rng.randrange(len(data))] = 0
    return bytes(data)


def unrelated_sheet(rng: random.Random, source: Source) -> bytes:
    """A merchant's own CSV that is no export (a price list, a note with one 订单号 column)."""
    header = rng.choice((("名称", "价格"), ("订单号", "备注"), ("date", "visitors", "page")))
    rows = [[f"{rng.random():.4f}" for _ in header] for _ in range(rng.randrange(0, 50))]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode(rng.choice(("utf-8", "gb18030")))


CSV_MUTATIONS: tuple[tuple[Callable[[random.Random, Source], bytes], int], ...] = (
    (truncated, 45),
    (truncated_at_line_break, 10),
    (foreign_encoding_line, 12),
    (wrong_encoding, 8),
    (binary_garbage, 8),
    (garbage_inside, 8),
    (shuffled_columns, 12),
    (duplicated_column, 12),
    (empty, 6),
    (header_only, 10),
    (huge_cell, 4),
    (stray_quoting, 12),
    (cr_line_ends, 10),
    (bom_in_the_middle, 10),
    (stray_commas, 6),
    (nul_bytes, 5),
    (unrelated_sheet, 4),
)


def _xlsx_cases(rng: random.Random) -> Iterator[Case]:
    for index in range(20):
        name, kind = rng.choice(XLSX_SOURCES)
        data = (config.SAMPLE_DIR / name).read_bytes()
        if index < 14:
            family, content = "truncated_xlsx", data[: rng.randrange(0, len(data))]
        else:
            at = rng.randrange(len(data) - 64)
            family, content = "corrupted_xlsx", data[:at] + rng.randbytes(64) + data[at + 64 :]
        yield Case(f"x{index:02d}-{family}-{kind}.xlsx", family, content)
    for index in range(5):  # a workbook of a CSV source, its columns shuffled
        source = rng.choice(_sources())
        records = _records(source)
        order = list(range(len(records[0])))
        rng.shuffle(order)
        yield Case(
            f"w{index:02d}-shuffled_xlsx-{source.kind}.xlsx",
            "shuffled_xlsx",
            _workbook([[row[i] for i in order if i < len(row)] for row in records]),
        )


def _workbook(records: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for record in records:
        book.active.append(record)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cases() -> list[Case]:
    rng = random.Random(SEED)
    cases = []
    for mutation, count in CSV_MUTATIONS:
        for _ in range(count):
            source = rng.choice(_sources())
            name = f"c{len(cases):03d}-{mutation.__name__}-{source.kind}.csv"
            cases.append(Case(name, mutation.__name__, mutation(rng, source)))
    cases += _xlsx_cases(rng)
    cases += [
        Case("README.txt", "not_an_export", b"exports of week 47\n"),
        Case(".DS_Store", "not_an_export", b"\x00\x00\x00\x01Bud1" + bytes(64)),
        Case("~$orders.xlsx", "not_an_export", b"\x00lock"),
    ]
    return cases


# --- running the command line -----------------------------------------------------------------


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    def expire(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _attribute(folder: Path, warehouse: Path) -> tuple[int, str]:
    """``refusals attribute`` in this process: the exit status and what it wrote on stderr."""
    stderr = io.StringIO()
    argv = [
        "attribute",
        "--input",
        str(folder),
        "--output",
        str(folder.parent / f"{folder.name}.csv"),
        "--warehouse",
        str(warehouse),
    ]
    with (
        contextlib.redirect_stderr(stderr),
        contextlib.redirect_stdout(io.StringIO()),
        _deadline(SECONDS_PER_RUN),
    ):
        code = cli.main(argv)
    return code, stderr.getvalue()


@dataclass
class Tally:
    outcome: dict[str, str]  # case name -> loaded | skipped | failed
    runs: int = 0
    slowest_run: float = 0.0
    problems: list[str] | None = None
    messages: dict[str, str] = field(default_factory=dict)


def _try_batch(batch: list[Case], base: list[tuple[str, bytes]], work: Path, tally: Tally):
    pending = list(batch)
    while True:
        tally.runs += 1
        folder = work / f"run{tally.runs:04d}"
        folder.mkdir()
        for name, content in base:
            (folder / name).write_bytes(content)
        for case in pending:
            (folder / case.name).write_bytes(case.content)
        warehouse = work / f"run{tally.runs:04d}.duckdb"
        started = time.perf_counter()
        try:
            code, err = _attribute(folder, warehouse)
        except Exception:  # a traceback: the CLI let an exception through
            trace = traceback.format_exc(limit=-3)
            tally.problems.append(f"one of {[c.name for c in pending]}:\n{trace}")
            return
        tally.slowest_run = max(tally.slowest_run, time.perf_counter() - started)
        if "Traceback" in err or code not in (0, 1):
            tally.problems.append(f"exit {code}: {err[-2000:]}")
            return
        if code == 1:
            messages = [line for line in err.splitlines() if line.startswith("refusals: ")]
            said = messages[-1] if messages else ""
            named = [c for c in pending if said.startswith(f"refusals: {c.name}")]
            if len(messages) != 1 or not named or not err.rstrip().endswith(said.rstrip()):
                tally.problems.append(f"exit 1 without one sentence naming a file: {err[-2000:]}")
                return
            tally.outcome[named[0].name] = "failed"
            tally.messages[named[0].name] = messages[0]
            pending.remove(named[0])
            continue
        _account(pending, err, warehouse, tally)
        return


def _account(pending: list[Case], err: str, warehouse: Path, tally: Tally) -> None:
    """After exit 0: every pending file was skipped with a warning naming it, or loaded with
    each of its rows accounted for."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        accounting = con.execute(
            "select file_name, file_sha256, rows_read, rows_staged, rows_quarantined, "
            "rows_duplicate from meta.file_accounting"
        ).fetchall()
    loaded = {sha256 for _, sha256, *_ in accounting}
    for name, _, read, staged, quarantined, duplicate in accounting:
        if read != staged + quarantined + duplicate:
            tally.problems.append(
                f"{name}: {read} rows read != {staged} staged + {quarantined} quarantined + "
                f"{duplicate} duplicate"
            )
    warned = {line.split(": skipped:")[0] for line in err.splitlines() if ": skipped:" in line}
    system_files = {"README.txt"} ^ {c.name for c in pending if c.family == "not_an_export"}
    for case in pending:
        if hashlib.sha256(case.content).hexdigest() in loaded:
            tally.outcome[case.name] = "loaded"
        elif case.name in warned or case.name in system_files:
            tally.outcome[case.name] = "skipped"
        else:
            tally.problems.append(f"{case.name}: exit 0, but neither loaded nor said skipped")


def test_damaged_exports_end_in_exit_0_or_1_with_one_sentence_and_every_row_counted(
    tmp_path, monkeypatch
):
    # The model files parse to the same list on every run; parsing them once keeps the suite
    # on its inputs (the builds themselves run in full every time).
    monkeypatch.setattr(runner, "project_models", functools.cache(runner.project_models))
    cases = _cases()
    assert len(cases) >= MIN_FILES
    assert len({case.name for case in cases}) == len(cases)
    base = [
        (f"base-{kind}.csv", _encode(source, source.text))
        for kind, name in BASE.items()
        for source in _sources()
        if source.name == name
    ]
    tally = Tally(outcome={}, problems=[])
    started = time.perf_counter()
    for start in range(0, len(cases), BATCH):
        _try_batch(cases[start : start + BATCH], base, tmp_path, tally)
    elapsed = time.perf_counter() - started

    by_family: dict[str, Counter] = {}
    for case in cases:
        by_family.setdefault(case.family, Counter())[tally.outcome.get(case.name, "?")] += 1
    totals = Counter(tally.outcome.values())
    print(
        f"\nbad input: {len(cases)} files tried in {tally.runs} runs, {elapsed:.0f} s "
        f"(slowest run {tally.slowest_run:.1f} s): exit 0 {totals['loaded'] + totals['skipped']} "
        f"({totals['loaded']} loaded, {totals['skipped']} skipped), exit 1 {totals['failed']}"
    )
    examples = {}
    for name, message in sorted(tally.messages.items()):
        examples.setdefault(next(c.family for c in cases if c.name == name), message)
    for family, counts in by_family.items():
        print(f"  {family:24} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if family in examples:
            print(f"  {'':24} e.g. {examples[family][:160]}")
    assert not tally.problems, "\n".join(tally.problems[:20])
    assert len(tally.outcome) == len(cases)
    # what must always stop the run, and what must always load
    for family in ("empty", "truncated_xlsx", "garbage_inside"):
        assert set(by_family[family]) == {"failed"}, (family, by_family[family])
    assert "loaded" not in by_family["binary_garbage"]  # a few bytes may read as unknown text
    for family in ("shuffled_columns", "duplicated_column", "cr_line_ends", "shuffled_xlsx"):
        assert set(by_family[family]) == {"loaded"}, (family, by_family[family])
    for case in cases:  # a 1 MB cell loads; 3 MB of Chinese exceeds DuckDB's row limit
        if case.family == "huge_cell" and tally.outcome[case.name] == "failed":
            assert "longer than 2 MB" in tally.messages[case.name]
    assert by_family["not_an_export"] == {"skipped": 3}
    assert totals["failed"] and totals["loaded"]
