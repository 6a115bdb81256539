"""Reading the merchant's export folder into the warehouse's raw tables.

Every file is detected by its header row, converted to UTF-8 CSV when it is GB18030 or ``.xlsx``
(streamed, never whole in memory: DuckDB's own encodings and excel extensions are run-time
downloads), and read by DuckDB with every column as text. Export artefacts (tab, ``'`` and ``=``
prefixes, ``="…"`` wrappers) are stripped on the way in; typing, and quarantining what cannot be
typed, is the staging layer's job. A file already loaded (same SHA-256) is skipped, so loading the
same folder twice changes nothing and next week's export adds to history; one retired by
``--keep-weeks`` counts as loaded unless the run reads rows as old as its own.

What is not an export is skipped with a warning, never guessed at and never fatal: files of other
types, system and lock files, and readable files whose header row resembles no export. A file that
does resemble an export but cannot be read whole (garbled, cut off, not text) stops the run.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import logging
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines import retention, warehouse
from pipelines.config import china_now
from pipelines.errors import InputFileError, UsageError, UserFacingError
from pipelines.ingest.exports import (
    KINDS,
    RAW_TABLES,
    REQUIRED_TABLES,
    HeaderMatch,
    looks_like_export,
    match_header,
)

log = logging.getLogger("refusals")

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
#: What operating systems and office programs leave in a folder (Excel/WPS lock files ``~$…``,
#: macOS ``.DS_Store`` and ``._…``, Windows ``Thumbs.db``): skipped without a warning.
_SYSTEM_FILE_PREFIXES = ("~$", ".")
_SYSTEM_FILE_NAMES = ("thumbs.db", "desktop.ini")
SNIFF_BYTES = 1 << 20  # the start of a file that decides its encoding (both engines)
COPY_CHUNK = 1 << 22
#: Above this an integral number read from .xlsx has lost digits (Excel keeps 15 significant ones).
_EXACT_XLSX_INTEGER = 10**15


@dataclass(frozen=True)
class InputFile:
    path: Path
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class LoadedFile:
    """What loading did with one file; ``rows_read`` is 0 when it had been loaded before."""

    file: InputFile
    kind: str
    file_format: str
    encoding: str
    rows_read: int
    already_loaded: bool


@dataclass(frozen=True)
class SkippedFile:
    """A file of the input folder that is not an export, and why (the run warns and goes on)."""

    name: str
    reason: str
    #: left by the system or an office program (``.DS_Store``, ``~$…`` lock files): no warning
    is_system_file: bool = False


class UnknownExportError(InputFileError):
    """A readable file whose header row resembles no export: skipped, not fatal."""

    def __init__(self, path: Path, problem: str):
        super().__init__(
            path, problem, "remove it from the folder, or export it again with its original header"
        )
        self.problem = problem


def _not_an_export(path: Path) -> SkippedFile | None:
    """Why a file of the folder is not an export by its name alone, or ``None``."""
    if path.name.startswith(_SYSTEM_FILE_PREFIXES) or path.name.lower() in _SYSTEM_FILE_NAMES:
        return SkippedFile(path.name, "a system or lock file, not an export", is_system_file=True)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return SkippedFile(path.name, "not a .csv or .xlsx file, so not an export")
    return None


def discover_inputs(input_dir: Path) -> tuple[list[InputFile], list[SkippedFile]]:
    """The export files at the top level of ``input_dir`` with their checksums, and the other
    files there (sub-folders are not looked into)."""
    if not input_dir.is_dir():
        raise UsageError(f"{input_dir}: no such folder; pass the folder holding the exports.")
    paths, skipped = [], []
    for path in sorted(path for path in input_dir.iterdir() if path.is_file()):
        reason = _not_an_export(path)
        if reason is None:
            paths.append(path)
        else:
            skipped.append(reason)
    if not paths:
        raise UsageError(
            f"{input_dir}: no .csv or .xlsx exports in this folder; put the order and tracking "
            "exports there."
        )
    # hashlib releases the GIL: the files are checksummed in parallel, one per core
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        checksums = list(pool.map(sha256_of, paths))
    inputs = [
        InputFile(path, checksum, path.stat().st_size)
        for path, checksum in zip(paths, checksums, strict=True)
    ]
    return inputs, skipped


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


#: (problem, action) for a text file whose last character lacks bytes: a download cut short
_CUT_INSIDE_A_CHARACTER = (
    "the file is cut off in the middle of a character, so the export was interrupted and rows "
    "are missing",
    "export it again and replace this file",
)


def sniff_encoding(path: Path) -> str:
    """``utf-8`` (with or without BOM) or ``gb18030``, judged on the first MiB."""
    with path.open("rb") as handle:
        return encoding_of(handle.read(SNIFF_BYTES), path)


def encoding_of(head: bytes, path: Path) -> str:
    """What :func:`sniff_encoding` decides, from the file's first bytes (``path`` names the file
    in the error)."""
    if not head.strip():
        raise InputFileError(path, "the file is empty", "export it again")
    with_bom = head.startswith(codecs.BOM_UTF8)
    invalid_at = 0
    for encoding in ("utf-8",) if with_bom else ("utf-8", "gb18030"):
        try:  # not final: the window may end inside a character
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError as error:
            invalid_at = error.start
            continue
        if len(head) < SNIFF_BYTES:  # the whole file: it must end with a whole character
            try:
                codecs.decode(head, encoding)
            except UnicodeDecodeError:
                raise InputFileError(path, *_CUT_INSIDE_A_CHARACTER) from None
        return encoding
    if with_bom:
        raise InputFileError(
            path,
            f"the file starts as UTF-8 text but has other bytes near byte {invalid_at} "
            "(text in two encodings, or damage)",
            "export it again; if you edited it, save it as 'CSV UTF-8'",
        )
    raise InputFileError(
        path,
        "the file is neither UTF-8 nor GB18030/GBK text",
        "open it in Excel and save it as 'CSV UTF-8'",
    )


def transcode_to_utf8(source: Path, encoding: str, target: Path) -> None:
    """Stream ``source`` into UTF-8 ``target`` chunk by chunk."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with source.open("rb") as reader, target.open("w", encoding="utf-8", newline="") as writer:
        offset = 0
        try:
            while chunk := reader.read(COPY_CHUNK):
                writer.write(decoder.decode(chunk))
                offset += len(chunk)
        except UnicodeDecodeError as error:
            raise InputFileError(
                source,
                f"bytes that are not valid {encoding} text near byte {offset + error.start}",
                "export the file again; it may be damaged",
            ) from None
        try:
            writer.write(decoder.decode(b"", final=True))
        except UnicodeDecodeError:
            raise InputFileError(source, *_CUT_INSIDE_A_CHARACTER) from None


def _xlsx_cell(value: object) -> str:
    """An .xlsx cell as the text Excel shows, except that ids stored as numbers come back whole
    while they are exact, and as E-notation (which staging quarantines) once digits were lost."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)) if abs(value) < _EXACT_XLSX_INTEGER else f"{value:.11E}"
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def xlsx_to_csv(source: Path, target: Path) -> None:
    # imported here: only .xlsx inputs need it
    from python_calamine import CalamineError, CalamineWorkbook, ZipError

    try:
        sheet = CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0)
        rows: Iterator[list[object]] = sheet.iter_rows()
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow([_xlsx_cell(value) for value in row])
    except ZipError as error:
        # an .xlsx file is a zip package whose table of contents comes last: a download or copy
        # cut short loses it first
        raise InputFileError(
            source,
            f"is not a complete .xlsx workbook, probably cut off while it was downloaded or "
            f"copied ({error})",
            "export it again",
        ) from None
    except (OSError, ValueError, RuntimeError, CalamineError) as error:
        raise InputFileError(
            source,
            f"cannot be read as an .xlsx workbook ({error})",
            "open it in Excel and save it again as .xlsx or CSV",
        ) from None


def _as_utf8_csv(file: InputFile, workdir: Path) -> tuple[Path, str, str]:
    """The file as UTF-8 CSV, with its original format and encoding."""
    if file.path.suffix.lower() == ".xlsx":
        target = workdir / f"{file.sha256}.csv"
        xlsx_to_csv(file.path, target)
        return target, "xlsx", "xlsx"
    encoding = sniff_encoding(file.path)
    if encoding == "utf-8":
        return file.path, "csv", encoding
    target = workdir / f"{file.sha256}.csv"
    transcode_to_utf8(file.path, encoding, target)
    return target, "csv", encoding


def _read_header(path: Path, original: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError:  # a header row longer than the start the encoding was judged on
        raise InputFileError(
            original, "the header row is not UTF-8 or GB18030 text", "export it again"
        ) from None
    except csv.Error as error:
        raise InputFileError(
            original, f"the header row cannot be read as CSV ({error})", "export it again"
        ) from None
    if not header or not any(cell.strip() for cell in header):
        raise InputFileError(original, "the file has no header row", "export it again")
    return header


def match_export(header: list[str], original: Path) -> HeaderMatch:
    """The file's kind, or :class:`UnknownExportError` for a file that is no export at all, or
    :class:`InputFileError` for an export that is damaged."""
    match = match_header(header)
    if match is None:
        # one line, whatever the cells hold
        shown = ", ".join(" ".join(cell.split()) for cell in header[:8])[:200]
        if any("\ufffd" in cell or "锟斤拷" in cell for cell in header):
            problem = (
                f"the header row is garbled ({shown}): the file was saved as UTF-8 from "
                "GB18030 text by a program that did not understand it, so the Chinese is lost"
            )
            raise InputFileError(original, problem, "export it again from the platform")
        expected = (
            "orders need 订单号 and 订单状态, tracking needs 快递单号/状态码/事件时间 or "
            "LogisticCode/AcceptTime"
        )
        if not looks_like_export(header):
            raise UnknownExportError(
                original, f"the header row ({shown}) matches no known export ({expected})"
            )
        raise InputFileError(
            original,
            f"the header row ({shown}) has export columns but not those of any known export "
            f"({expected}): it may have been cut or edited",
            "export it again from the platform, with its original header",
        )
    if match.missing_required:
        raise InputFileError(
            original,
            f"looks like a {match.kind.name} export but has no column "
            + ", ".join(match.missing_required),
            "export it again with all columns",
        )
    return match


def _last_record(tail: bytes) -> bytes | None:
    """The last CSV record of a file that does not end with a line break, from the file's last
    bytes, or ``None`` when they hold no line break outside quotes.

    A line break is outside quotes when an even number of quote characters follows it: the file
    ends outside quotes (DuckDB has read it whole), and every quoted cell opens and closes with
    one (an escaped quote is two). A multi-line cell of the last record is no boundary."""
    position = len(tail)
    while True:
        position = max(tail.rfind(b"\n", 0, position), tail.rfind(b"\r", 0, position))
        if position < 0:
            return None
        if tail.count(b'"', position + 1) % 2 == 0:
            return tail[position + 1 :]


def truncated_last_row(csv_path: Path, header: list[str]) -> tuple[int, int] | None:
    """``(cells, expected)`` when the file's last row is cut off, else ``None``.

    An export interrupted while it was written or copied ends in the middle of a row: no final
    line break, and fewer cells in the last row than in the header (empty trailing header cells
    aside). A file that merely lacks the final line break has a whole last row and passes."""
    expected = len(header)
    while expected and not header[expected - 1].strip():
        expected -= 1
    size = csv_path.stat().st_size
    with csv_path.open("rb") as handle:
        handle.seek(max(size - 1, 0))
        if handle.read(1) in (b"\n", b"\r", b""):
            return None
        window = SNIFF_BYTES
        while True:
            handle.seek(max(size - window, 0))
            tail = handle.read()
            record = _last_record(tail)
            if record is not None or window >= size:
                break
            window *= 4  # a last row longer than the window (a huge cell): look further back
    if record is None:
        return None  # the header is the only record
    text = record.decode("utf-8", errors="replace")
    cells = len(next(csv.reader(io.StringIO(text, newline="")), []))
    return (cells, expected) if cells < expected else None


# what exports put around a cell, as a regular-expression class (RE2 and Java spell it alike)
_EDGE_CLASS = r"[ \t\r\n\x{3000}\x{a0}]"


def clean_cell_sql(column: str) -> str:
    """SQL that strips what exports add so Excel keeps long numbers as text: surrounding
    whitespace (tab, full-width and no-break spaces included), a ``="…"`` wrapper, a leading ``'``
    or ``=``. Empty becomes NULL.

    Only cells that start or end with one of those characters take the cleaning path; one
    regular expression decides that (fourteen ``starts_with``/``ends_with`` tests cost a fifth
    more of the load). The path itself is three regular expressions: ``trim`` with a character
    set, which it used before, costs a fifth more of the cleaning."""
    needs_cleaning = f"regexp_matches({column}, '^(?:{_EDGE_CLASS}|[=''])|{_EDGE_CLASS}$')"
    edges = f"'^{_EDGE_CLASS}+|{_EDGE_CLASS}+$'"
    trimmed = f"regexp_replace({column}, {edges}, '', 'g')"
    unwrapped = f"regexp_replace({trimmed}, '^=\"(.*)\"$|^[=''](.*)$', '\\1\\2', 's')"
    cleaned = f"regexp_replace({unwrapped}, {edges}, '', 'g')"
    return f"nullif(case when {needs_cleaning} then {cleaned} else {column} end, '')"


def _insert_raw(
    con: duckdb.DuckDBPyConnection,
    csv_path: Path,
    file: InputFile,
    header: list[str],
    match: HeaderMatch,
) -> int:
    """The file's rows, in file order, into a landing table of their own; returns the number of
    data rows."""
    table = match.kind.table
    landing = warehouse.create_landing_table(con, table, file.sha256)
    positional = [f"c{i}" for i in range(len(header))]
    values = {name: clean_cell_sql(f"c{position}") for name, position in match.positions.items()}
    for name, constant in match.kind.constants.items():
        values[name] = f"'{constant}'"  # project constants from exports.py, not user input
    columns = [name for name in RAW_TABLES[table] if name in values]
    select_list = ", ".join(f"{values[name]} as {name}" for name in columns)
    inserted = con.execute(
        f"insert into {landing} (file_sha256, {', '.join(columns)}) "
        f"select ?, {select_list} "
        "from read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"', "
        "escape = '\"', null_padding = true, auto_detect = false, columns = ?)",
        [file.sha256, str(csv_path), {name: "VARCHAR" for name in positional}],
    )
    return inserted.fetchall()[0][0]


def _csv_problem(error: duckdb.Error, file: InputFile) -> InputFileError:
    """DuckDB's CSV errors, said in one sentence a merchant can act on. Only the reason is read:
    DuckDB appends the line itself and its reading options (``quote = "`` among them)."""
    text = str(error)
    row = None
    for marker in ("Line: ", "line "):
        if marker in text:
            digits = "".join(ch for ch in text.split(marker, 1)[1][:12] if ch.isdigit())
            row = int(digits) if digits else None
            break
    reason = text.lower()
    columns = re.search(r"expected number of columns: (\d+) found: (\d+)", reason)
    if "unterminated quote" in reason:
        problem, action = "a quoted cell never ends, so the file looks cut off", "export it again"
    elif "maximum line size" in reason:
        problem = "the row is longer than 2 MB, far more than any export's row: the file is damaged"
        action = "export it again"
    elif columns:
        problem = f"the row has {columns[2]} cells where the header has {columns[1]}"
        action = "check the file for stray commas or export it again"
    elif "unicode" in reason or "utf" in reason:
        problem = "bytes that are not UTF-8 text although the start of the file is UTF-8"
        action = "open it in Excel and save it again as 'CSV UTF-8'"
    else:
        problem = f"the file cannot be read as CSV ({text.splitlines()[0][:120]})"
        action = "export it again"
    return InputFileError(file.path, problem, action, row=row)


def load_inputs(
    con: duckdb.DuckDBPyConnection,
    input_dir: Path,
    reload_retired_in: tuple[dt.datetime, dt.datetime] = retention.ANY_WINDOW,
) -> tuple[list[LoadedFile], list[SkippedFile]]:
    """Load every export in ``input_dir`` not loaded before; all of them, or none on error. The
    files that are not exports come back too: they were skipped (with a warning unless the
    system left them there). A file retired by ``--keep-weeks`` (:mod:`pipelines.retention`)
    is loaded again when some of its rows are dated in the window ``reload_retired_in`` (start,
    end; any window by default), else it counts as loaded before."""
    files, skipped = discover_inputs(input_dir)
    load_id = uuid.uuid4().hex
    results: list[LoadedFile] = []
    workdir = Path(tempfile.mkdtemp(prefix="refusals-load-"))
    con.execute("begin transaction")
    try:
        for file in files:
            outcome = _load_file(con, file, workdir, load_id, reload_retired_in)
            (skipped if isinstance(outcome, SkippedFile) else results).append(outcome)
        warehouse.sync_landing(con)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for file in skipped:
        log.log(
            logging.INFO if file.is_system_file else logging.WARNING,
            "%s: skipped: %s.",
            file.name,
            file.reason,
        )
    return results, skipped


def require_orders_and_tracking(
    con: duckdb.DuckDBPyConnection,
    input_dir: Path | str,
    sha256s: tuple[str, ...],
    skipped: tuple[SkippedFile, ...] = (),
) -> None:
    """Stop unless the folder's exports (``sha256s``, loaded now or before) include an orders
    and a tracking export: without either there is no refusal to find."""
    tables = {
        kind.table
        for (name,) in con.execute(
            "select distinct kind from meta.loaded_files "
            "where file_sha256 in (select unnest(?::varchar[]))",
            [list(sha256s)],
        ).fetchall()
        for kind in KINDS
        if kind.name == name
    }
    missing = [what for table, what in REQUIRED_TABLES.items() if table not in tables]
    if not missing:
        return
    [(retired,)] = con.execute(
        "select count(*) from meta.retired_files "
        "where file_sha256 in (select unnest(?::varchar[]))",
        [list(sha256s)],
    ).fetchall()
    if retired:
        raise UserFacingError(
            f"{input_dir}: the folder holds no {' and no '.join(missing)} that the warehouse "
            f"keeps: {retired} of its exports were retired by --keep-weeks (older than any kept "
            "week reads; meta.retired_files); name the week to report with --week to load them "
            "again."
        )
    unknown = [file.name for file in skipped if not file.is_system_file]
    passed_over = f" ({', '.join(unknown)} skipped: not exports)" if unknown else ""
    raise UserFacingError(
        f"{input_dir}: the folder holds no {' and no '.join(missing)}{passed_over}; "
        "add the missing export to the folder and run again."
    )


def _load_file(
    con: duckdb.DuckDBPyConnection,
    file: InputFile,
    workdir: Path,
    load_id: str,
    reload_retired_in: tuple[dt.datetime, dt.datetime],
) -> LoadedFile | SkippedFile:
    known = con.execute(
        "select kind, file_format, encoding from meta.loaded_files where file_sha256 = ? "
        "union all select kind, file_format, encoding from meta.retired_files "
        f"where file_sha256 = ? and not ({retention.HOLDS_ROWS_IN_WINDOW})",
        [file.sha256, file.sha256, *reload_retired_in],
    ).fetchall()
    if known:
        return LoadedFile(file, *known[0], rows_read=0, already_loaded=True)
    started = time.perf_counter()
    csv_path, file_format, encoding = _as_utf8_csv(file, workdir)
    converted = time.perf_counter()
    header = _read_header(csv_path, file.path)
    try:
        match = match_export(header, file.path)
    except UnknownExportError as unknown:
        return SkippedFile(file.path.name, unknown.problem)
    try:
        rows = _insert_raw(con, csv_path, file, header, match)
    except duckdb.InvalidInputException as error:  # what DuckDB raises for malformed CSV
        raise _csv_problem(error, file) from None
    truncated = truncated_last_row(csv_path, header)
    if truncated:
        cells, expected = truncated
        raise InputFileError(
            file.path,
            f"the file is cut off: its last row has {cells} of {expected} cells and no line "
            "break after it, so the export was interrupted and rows are missing",
            "export it again and replace this file",
            row=rows + 1,
        )
    # a retired file the run reads rows of is the warehouse's again (pipelines/retention.py)
    con.execute("delete from meta.retired_files where file_sha256 = ?", [file.sha256])
    con.execute(
        "insert into meta.loaded_files values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            file.sha256,
            file.path.name,
            match.kind.name,
            file_format,
            encoding,
            file.size_bytes,
            rows,
            load_id,
            china_now(),
        ],
    )
    log.debug(
        "%s: %s %s as %s, %d rows: converted in %.2f s, loaded in %.2f s",
        file.path.name,
        file_format,
        encoding,
        match.kind.name,
        rows,
        converted - started,
        time.perf_counter() - converted,
    )
    return LoadedFile(file, match.kind.name, file_format, encoding, rows, already_loaded=False)
