"""The pipeline on a Spark cluster (``--engine spark``): the same exports, the same SQL model files
(transpiled by :mod:`pipelines.engines.spark.sql`), the same rules file, the same tables.

Spark reads the input folder (any path its Hadoop configuration can read: local, ``hdfs://``,
``s3a://``), builds raw → staging → intermediate → marts as temp views, and writes every table
as Parquet. The DuckDB warehouse then takes the tables the rest of the pipeline reads, so
``refusals.csv``, validation and the report notebook run unchanged on either engine.

Timestamps are naive China time on both engines: Spark's session time zone is pinned to UTC, so
no conversion ever happens between reading a text timestamp and writing it back out, and they are
written as ``TIMESTAMP_NTZ`` (Parquet's naive timestamp, which DuckDB reads as ``TIMESTAMP``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipelines import warehouse
from pipelines.config import china_now
from pipelines.engines.spark import sql as spark_sql
from pipelines.errors import InputFileError, UsageError
from pipelines.ingest import load
from pipelines.ingest.exports import KINDS, RAW_TABLES, HeaderMatch
from pipelines.models import runner
from pipelines.models.parameters import model_parameters
from pipelines.models.rules import Rules, load_rules

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

log = logging.getLogger("refusals")

#: The master when neither ``--spark-master``, ``$REFUSALS_SPARK_MASTER`` nor spark-submit says.
DEFAULT_MASTER = "local[2]"


def spark_session(master: str | None = None) -> SparkSession:
    """A session with the settings the parity with DuckDB depends on, stated once here."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    master = master or os.environ.get("REFUSALS_SPARK_MASTER")
    builder = SparkSession.builder.appName("refusals")
    if master or "spark.master" not in dict(SparkConf().getAll()):
        master = master or DEFAULT_MASTER
        builder = builder.master(master)
    if (master or "").startswith("local"):
        # a laptop or a CI runner: few cores, small data; a cluster keeps its own defaults
        builder = builder.config("spark.sql.shuffle.partitions", "4").config(
            "spark.ui.enabled", "false"
        )
    settings = {
        # naive China time throughout: no conversion between reading and writing (module doc)
        "spark.sql.session.timeZone": "UTC",
        "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
        "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
        # DuckDB's try_cast/try_strptime give NULL on bad text, and the models guard every
        # division (spark_sql.portability_problems): non-ANSI mode keeps plain casts the same
        "spark.sql.ansi.enabled": "false",
        "spark.sql.legacy.timeParserPolicy": "CORRECTED",
        # Spark 4 limits CSV encodings to a UTF/Latin list unless told otherwise; GB18030
        # exports (what Chinese Excel writes) are read directly, no transcoding pass
        "spark.sql.legacy.javaCharsets": "true",
        "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
        "spark.ui.showConsoleProgress": "false",
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@dataclass(frozen=True)
class SparkInput:
    uri: str
    name: str
    size_bytes: int
    sha256: str
    kind: str
    file_format: str
    encoding: str
    rows_read: int


def _filesystem(spark: SparkSession, uri: str):
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path, path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def _is_local(uri: str) -> bool:
    return "://" not in uri or uri.startswith("file:")


def _local_path(uri: str) -> Path:
    return Path(uri.removeprefix("file://").removeprefix("file:"))


def _list_inputs(spark: SparkSession, input_uri: str) -> list[tuple[str, str, int]]:
    """``(uri, name, size)`` of the exports at the top level of the folder, as in load.py."""
    root, fs = _filesystem(spark, input_uri)
    if not fs.exists(root) or not fs.getFileStatus(root).isDirectory():
        raise UsageError(f"{input_uri}: no such folder; pass the folder holding the exports.")
    found = []
    for status in fs.listStatus(root):
        name = status.getPath().getName()
        if (
            status.isFile()
            and name.lower().endswith(load.SUPPORTED_SUFFIXES)
            and not name.startswith(("~$", "."))
        ):
            found.append((status.getPath().toString(), name, status.getLen()))
    if not found:
        raise UsageError(
            f"{input_uri}: no .csv or .xlsx exports in this folder; put the order and tracking "
            "exports there."
        )
    return sorted(found, key=lambda item: item[1])


def _read_bytes(spark: SparkSession, uri: str, limit: int | None = None) -> io.BytesIO:
    """The file's first ``limit`` bytes (all of it when ``None``) through Hadoop's filesystem."""
    path, fs = _filesystem(spark, uri)
    stream = fs.open(path)
    buffer = io.BytesIO()
    try:
        while limit is None or buffer.tell() < limit:
            want = load.COPY_CHUNK if limit is None else min(load.COPY_CHUNK, limit - buffer.tell())
            chunk = bytes(stream.readNBytes(want))
            if not chunk:
                break
            buffer.write(chunk)
    finally:
        stream.close()
    buffer.seek(0)
    return buffer


def _sha256(spark: SparkSession, uri: str) -> str:
    if _is_local(uri):
        return load.sha256_of(_local_path(uri))
    digest = hashlib.sha256()
    path, fs = _filesystem(spark, uri)
    stream = fs.open(path)
    try:
        while chunk := bytes(stream.readNBytes(load.COPY_CHUNK)):
            digest.update(chunk)
    finally:
        stream.close()
    return digest.hexdigest()


def clean_cell(column: str):
    """:func:`pipelines.ingest.load.clean_cell_sql` as a Spark column: the one definition of what is
    stripped from a cell, transpiled."""
    import sqlglot
    from pyspark.sql import functions as F

    expression = sqlglot.parse_one(load.clean_cell_sql(column), read="duckdb")
    return F.expr(spark_sql.to_spark(expression, {}))


def _raw_frame(
    spark: SparkSession, positional: DataFrame, file: SparkInput, match: HeaderMatch
) -> DataFrame:
    """One file's rows in its raw table's columns (all text, cleaned), numbered as DuckDB numbers
    them: the header is row 1, the first data row 2."""
    from pyspark.sql import functions as F

    columns = [
        F.lit(file.sha256).alias("file_sha256"),
        F.lit(file.name).alias("source_file"),
        (F.col("row_index") + 1).alias("source_row"),
    ]
    for name in RAW_TABLES[match.kind.table]:
        if name in match.positions:
            value = clean_cell(f"c{match.positions[name]}")
        elif name in match.kind.constants:
            value = F.lit(match.kind.constants[name])
        else:
            value = F.lit(None).cast("string")
        columns.append(value.alias(name))
    return positional.where(F.col("row_index") > 0).select(*columns)


def _with_row_index(frame: DataFrame) -> DataFrame:
    """A consecutive 0-based row number in file order. A multi-line CSV read is one partition per
    file, where ``monotonically_increasing_id`` is consecutive; otherwise ``zipWithIndex``."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StructField, StructType

    if frame.rdd.getNumPartitions() == 1:
        return frame.withColumn("row_index", F.monotonically_increasing_id())
    schema = StructType([*frame.schema.fields, StructField("row_index", LongType(), False)])
    indexed = frame.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1]))
    return frame.sparkSession.createDataFrame(indexed, schema)


def _read_file(
    spark: SparkSession, uri: str, name: str, size: int, workdir: Path
) -> tuple[SparkInput, DataFrame]:
    from pyspark.sql.types import StringType, StructField, StructType

    original = Path(name)
    sha256 = _sha256(spark, uri)
    if name.lower().endswith(".xlsx"):
        local = workdir / f"{sha256}.xlsx"
        local.write_bytes(_read_bytes(spark, uri).getvalue())
        converted = workdir / f"{sha256}.csv"
        load.xlsx_to_csv(local, converted)  # small files: the driver converts, Spark takes rows
        with converted.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header, file_format, encoding = rows[0] if rows else [], "xlsx", "xlsx"
    else:
        head = _read_bytes(spark, uri, load.SNIFF_BYTES).getvalue()
        encoding = load.encoding_of(head, original)
        text = head.decode(encoding, errors="ignore").removeprefix("\ufeff")
        header, file_format, rows = next(csv.reader(io.StringIO(text)), []), "csv", None
    if not header or not any(cell.strip() for cell in header):
        raise InputFileError(original, "the file has no header row", "export it again")
    match = load.match_export(header, original)
    schema = StructType([StructField(f"c{i}", StringType()) for i in range(len(header))])
    if rows is not None:
        padded = [tuple((row + [None] * len(header))[: len(header)]) for row in rows]
        positional = spark.createDataFrame(padded or [], schema).coalesce(1)
    else:
        positional = (
            spark.read.schema(schema)
            .options(
                header=False,
                multiLine=True,
                encoding=encoding,
                quote='"',
                escape='"',
                mode="PERMISSIVE",
            )
            .csv(uri)
        )
    indexed = _with_row_index(positional).localCheckpoint(eager=True)
    rows_read = indexed.count() - 1
    file = SparkInput(
        uri, name, size, sha256, match.kind.name, file_format, encoding, max(rows_read, 0)
    )
    frame = _raw_frame(spark, indexed, file, match)
    return file, frame


def load_raw(spark: SparkSession, input_uri: str) -> list[SparkInput]:
    """Every export of the folder into the raw views (``raw__orders`` …) and ``meta__loaded_files``.
    Unlike the DuckDB warehouse, nothing is remembered between runs: the folder is the history."""
    workdir = Path(tempfile.mkdtemp(prefix="refusals-spark-"))
    frames: dict[str, list[DataFrame]] = {table: [] for table in RAW_TABLES}
    files: list[SparkInput] = []
    try:
        for uri, name, size in _list_inputs(spark, input_uri):
            started = time.perf_counter()
            file, frame = _read_file(spark, uri, name, size, workdir)
            table = next(kind for kind in KINDS if kind.name == file.kind).table
            if file.sha256 not in {known.sha256 for known in files}:  # same file twice: once
                frames[table].append(frame)
                files.append(file)
            log.debug(
                "%s: %s as %s in %.2f s",
                name,
                file.encoding,
                file.kind,
                time.perf_counter() - started,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for table, columns in RAW_TABLES.items():
        if frames[table]:
            combined = frames[table][0]
            for frame in frames[table][1:]:
                combined = combined.unionByName(frame)
        else:
            fields = ", ".join(f"`{column}` string" for column in columns)
            combined = spark.createDataFrame(
                [], f"file_sha256 string, source_file string, source_row bigint, {fields}"
            )
        combined.createOrReplaceTempView(f"raw__{table}")
    load_id, loaded_at = uuid.uuid4().hex, china_now().replace(microsecond=0)
    # the columns of DuckDB's meta.loaded_files, in its order
    rows = [
        (f.sha256, f.name, f.kind, f.file_format, f.encoding, f.size_bytes, f.rows_read,
         load_id, loaded_at)
        for f in files
    ]
    loaded = spark.createDataFrame(
        rows,
        "file_sha256 string, file_name string, kind string, file_format string, "
        "encoding string, size_bytes bigint, rows_read bigint, "
        "load_id string, loaded_at timestamp_ntz",
    )
    loaded.createOrReplaceTempView("meta__loaded_files")
    return files


def load_seeds(spark: SparkSession) -> None:
    """The seeds of :func:`pipelines.models.runner.seeds`."""
    spark_types = {"varchar": "string", "integer": "int"}
    for seed in runner.seeds():
        schema = ", ".join(f"`{name}` {spark_types[kind]}" for name, kind in seed.columns)
        spark.createDataFrame(list(seed.rows), schema).createOrReplaceTempView(
            f"seeds__{seed.name}"
        )


def spark_columns(spark: SparkSession) -> runner.ColumnsOf:
    return lambda relation: spark.table(relation.replace(".", "__")).columns


def build(spark: SparkSession, input_uri: str, rules: Rules | None = None) -> Rules:
    """raw → staging → intermediate → marts on Spark: the models of
    :func:`pipelines.models.runner.project_models` in their order, transpiled, each materialised
    once as a temp view (``staging.stg_orders`` is ``staging__stg_orders``)."""
    rules = rules or load_rules()
    params = model_parameters(rules)
    macros = spark_sql.load_macros()
    load_raw(spark, input_uri)
    load_seeds(spark)
    columns_of = spark_columns(spark)
    for model in runner.project_models():
        sql = model.render(columns_of)
        used = runner.used_parameters(model, sql, params)
        started = time.perf_counter()
        query = spark_sql.to_spark(spark_sql.model_select(sql), macros)
        try:
            frame = spark.sql(query, args=used or None).localCheckpoint(eager=True)
        except Exception as error:
            raise RuntimeError(f"model {model.source} failed on Spark: {error}") from error
        frame.createOrReplaceTempView(model.name.replace(".", "__"))
        log.debug("model %s built on Spark in %.2f s", model.source, time.perf_counter() - started)
    return rules


#: What the DuckDB side reads after a Spark build: ``attribute`` needs the marts and the causes;
#: ``run`` (validation, report, manifest) also the raw rows (into ``landing``), staging and
#: intermediate tables.
MART_SCHEMAS = ("marts", "seeds", "meta")
ALL_SCHEMAS = ("raw", "staging", "intermediate", "marts", "seeds", "meta")


def write_tables(spark: SparkSession, target: str, schemas: tuple[str, ...]) -> list[str]:
    """Every view of ``schemas`` as Parquet under ``target/<schema>.<table>/`` (timestamps naive);
    returns the ``schema.table`` names written."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, TimestampNTZType, TimestampType

    def naive(kind):
        """``kind`` with its timestamps naive, lists of them included."""
        if isinstance(kind, TimestampType):
            return TimestampNTZType()
        if isinstance(kind, ArrayType):
            return ArrayType(naive(kind.elementType), kind.containsNull)
        return kind

    written = []
    for view in sorted(table.name for table in spark.catalog.listTables() if table.isTemporary):
        schema, _, name = view.partition("__")
        if schema not in schemas or name.endswith("_checked"):
            continue
        frame = spark.table(view)
        frame = frame.select(
            *(
                F.col(f"`{field.name}`").cast(naive(field.dataType)).alias(field.name)
                if naive(field.dataType) != field.dataType
                else F.col(f"`{field.name}`")
                for field in frame.schema.fields
            )
        )
        frame.write.mode("overwrite").parquet(f"{target.rstrip('/')}/{schema}.{name}")
        written.append(f"{schema}.{name}")
    return written


def import_tables(con: duckdb.DuckDBPyConnection, source: Path, tables: list[str]) -> None:
    """The Parquet tables of :func:`write_tables` into the DuckDB warehouse, replacing them.

    Raw rows go where DuckDB's loader puts them, each file's into its landing table in file
    order (:func:`warehouse.landing_table`), so that the ``raw`` views (and the checks that read
    them) see the same rows and line numbers as after a DuckDB load; landing tables of files
    the build did not read are dropped."""

    def parquet(table: str) -> str:
        return "read_parquet('" + str(source / table / "*.parquet").replace("'", "''") + "')"

    for table in tables:
        schema, name = table.split(".")
        if schema == "raw":
            columns = ", ".join(RAW_TABLES[name])
            con.execute(f"create or replace temp table imported as select * from {parquet(table)}")
            for (sha256,) in con.execute("select distinct file_sha256 from imported").fetchall():
                landing = warehouse.create_landing_table(con, name, sha256)
                con.execute(f"insert into {landing} select file_sha256, {columns} from imported "
                            "where file_sha256 = ? order by source_row", [sha256])
            con.execute("drop table imported")
            continue
        con.execute(f"create schema if not exists {schema}")
        # a warehouse built by DuckDB holds some models as views (int_parcels_met …)
        runner.drop_other_kind(con, table, "table")
        con.execute(f"create or replace table {schema}.{name} as select * from {parquet(table)}")
    warehouse.sync_landing(con)


def build_into_warehouse(
    con: duckdb.DuckDBPyConnection,
    input_uri: str,
    schemas: tuple[str, ...] = ALL_SCHEMAS,
    master: str | None = None,
) -> Rules:
    """Build on Spark and bring ``schemas`` into the DuckDB warehouse ``con``, through Parquet in
    a local temporary folder (the driver's: the tables that come back are the small ones)."""
    spark = spark_session(master)
    rules = build(spark, input_uri)
    warehouse.ensure_tables(con)
    _refuse_to_drop_history(con, spark, input_uri)
    with tempfile.TemporaryDirectory(prefix="refusals-spark-tables-") as scratch:
        tables = write_tables(spark, Path(scratch).as_uri(), schemas)
        import_tables(con, Path(scratch), tables)
    return rules


def _refuse_to_drop_history(
    con: duckdb.DuckDBPyConnection, spark: SparkSession, input_uri: str
) -> None:
    """The warehouse's tables are about to be replaced by the folder's: stop when the folder
    lacks files the warehouse loaded earlier, whose rows would be lost."""
    in_folder = {row.file_sha256 for row in spark.table("meta__loaded_files").collect()}
    loaded = con.execute("select file_sha256, file_name from meta.loaded_files").fetchall()
    dropped = sorted(name for sha256, name in loaded if sha256 not in in_folder)
    if dropped:
        raise UsageError(
            f"{input_uri}: the warehouse holds {len(dropped)} export file(s) loaded earlier that "
            f"this folder lacks ({', '.join(dropped[:3])}{' …' if len(dropped) > 3 else ''}), "
            "and --engine spark rebuilds from the folder alone; put every export in the folder, "
            "or use --engine duckdb, which keeps the history, or another --warehouse."
        )
