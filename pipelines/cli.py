"""The ``refusals`` command line: thin wrappers over the pipeline stages.

Exit codes (../shared/contract/OUTPUTS.md): 0 success; 1 the data failed validation or could not
be read (nothing published); 2 usage error; 75 another run holds the warehouse. Anything else (a
bug, a failed notebook, a disk or database error) is 70: one sentence on stderr naming a log file
that holds the traceback (:func:`_internal_error`); cron never gets a bare traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path

from pipelines import config, errors, scratch


def _existing_dir(value: str) -> Path:
    path = Path(value).expanduser().resolve()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value}: no such folder")
    return path


def _input_location(value: str) -> Path | str:
    """A local folder, or (for ``--engine spark``) any URI Spark reads: hdfs://, s3a:// …."""
    if "://" in value and not value.startswith("file://"):
        return value
    return _existing_dir(value.removeprefix("file://"))


def _add_engine(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="where the SQL models run (default duckdb; spark needs the [spark] extra and Java)",
    )
    command.add_argument(
        "--spark-master",
        metavar="URL",
        help="Spark master (default: spark-submit's, else $REFUSALS_SPARK_MASTER, else local[2])",
    )


def _engine(args: argparse.Namespace):
    from pipelines.pipeline import Engine

    if args.engine != "spark" and isinstance(args.input, str):
        raise errors.UsageError(f"{args.input}: only --engine spark reads a remote input path.")
    return Engine(args.engine, args.spark_master)


def _add_verbose(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--verbose", action="store_true", help="log every step with timings (for diagnosis)"
    )


def _add_shared_run_options(command: argparse.ArgumentParser, out_help: str) -> None:
    command.add_argument(
        "--input", type=_input_location, required=True, help="folder holding the exports"
    )
    _add_engine(command)
    command.add_argument(
        "--week",
        help="ISO week such as 2026-W47, or 'last' (the last complete "
        "week by the clock); default: the last complete week in the data",
    )
    command.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="DuckDB file (default: $REFUSALS_WAREHOUSE or warehouse/refusals.duckdb)",
    )
    command.add_argument("--out", type=Path, default=config.REPORTS_DIR, help=out_help)
    _add_verbose(command)
    command.add_argument(
        "--wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="when another run holds the warehouse, wait this long for it "
        "(default: exit at once with status 75)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refusals",
        description="Find refused Pinduoduo parcels (拒收), attribute each to one of four causes, "
        "and report what to do.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run", help="validate, load, attribute and report one ISO week into reports/<week>/"
    )
    _add_shared_run_options(run, out_help="reports folder (default: reports/ in the project)")
    run.add_argument(
        "--keep-weeks",
        metavar="N",
        help="keep report folders and run history of the last N weeks, and in the warehouse "
        "the exports their look-back reads (default 26, or $REFUSALS_KEEP_WEEKS; 0 keeps "
        "everything)",
    )

    validate = commands.add_parser(
        "validate", help="run the data checks alone; exit 0 only when the data may be used"
    )
    _add_shared_run_options(
        validate, out_help="where the GX Data Docs go (<out>/_validation/latest)"
    )

    attribute = commands.add_parser(
        "attribute", help="load and attribute every refusal in the input; no report"
    )
    attribute.add_argument(
        "--input", type=_input_location, required=True, help="folder holding the exports"
    )
    _add_engine(attribute)
    attribute.add_argument("--output", type=Path, required=True, help="CSV file to write")
    attribute.add_argument(
        "--warehouse", type=Path, help="DuckDB file to keep (default: a temporary one)"
    )
    _add_verbose(attribute)

    evaluate = commands.add_parser(
        "evaluate", help="score detection and attribution against a labels file"
    )
    evaluate.add_argument(
        "--labels", type=Path, required=True, help="labels.csv as `refusals sample` writes it"
    )
    evaluate.add_argument(
        "--input",
        type=_existing_dir,
        help="exports folder (default: the folder above the labels' folder)",
    )
    evaluate.add_argument("--json", type=Path, help="also write the scores as JSON here")

    risk = commands.add_parser(
        "risk", help="score the parcels still in transit for refusal, highest expected loss first"
    )
    risk.add_argument(
        "--input", type=_existing_dir, required=True, help="folder holding the exports"
    )
    risk.add_argument(
        "--as-of", help="time to score at, e.g. '2026-11-20 18:00' (default: the latest data)"
    )
    risk.add_argument("--output", type=Path, help="CSV file to write (default: print the top 10)")

    evaluate_risk = commands.add_parser(
        "evaluate-risk", help="replay the risk score day by day against a labels file"
    )
    evaluate_risk.add_argument(
        "--input", type=_existing_dir, required=True, help="folder holding the exports"
    )
    evaluate_risk.add_argument(
        "--labels", type=Path, required=True, help="labels.csv as `refusals sample` writes it"
    )

    # The generator is a test-data tool: it declares its own options and is imported in _sample
    # only, so that parsing a scheduled run's command line never loads it. With no prefix
    # character, this parser takes every word after `sample` (--help too) as one to pass on.
    sample = commands.add_parser(
        "sample",
        help="generate realistic sample exports with labels",
        add_help=False,
        prefix_chars="\0",
    )
    sample.add_argument("generator_arguments", nargs="*")
    return parser


def _warehouse(args: argparse.Namespace) -> Path:
    return (args.warehouse or config.default_warehouse_path()).expanduser().resolve()


def _keep_weeks(args: argparse.Namespace) -> int:
    """``--keep-weeks``, else ``$REFUSALS_KEEP_WEEKS``, else 26: a whole number, 0 keeping all.
    Read here, for ``run`` only, so that a bad value stops no other command."""
    if args.keep_weeks is not None:
        source, text = "--keep-weeks", args.keep_weeks
    else:
        source, text = "$REFUSALS_KEEP_WEEKS", os.environ.get("REFUSALS_KEEP_WEEKS", "26")
    if not text.strip().isdecimal():
        raise errors.UsageError(
            f"{source} {text!r}: expected a whole number of weeks, 1 or more (0 keeps every week)."
        )
    return int(text)


def _run(args: argparse.Namespace) -> int:
    from pipelines import pipeline

    keep_weeks = _keep_weeks(args)
    result = pipeline.run_week(
        args.input,
        args.week,
        args.out.resolve(),
        _warehouse(args),
        args.wait,
        keep_weeks,
        _engine(args),
    )
    print(
        f"{result.week}: {result.refusals} refused order(s); report in {result.folder}"
        + (
            f" ({result.warnings} data warning(s), see its data-quality section)"
            if result.warnings
            else ""
        )
    )
    return errors.EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from pipelines import pipeline

    print(
        pipeline.validate_folder(
            args.input, args.week, args.out.resolve(), _warehouse(args), args.wait, _engine(args)
        )
    )
    return errors.EXIT_OK


def _attribute(args: argparse.Namespace) -> int:
    from pipelines import pipeline

    engine = _engine(args)
    if args.warehouse:
        summary = pipeline.attribute_folder(args.input, args.output, args.warehouse, engine)
    else:
        with tempfile.TemporaryDirectory(prefix="refusals-") as scratch:
            summary = pipeline.attribute_folder(
                args.input, args.output, Path(scratch) / "warehouse.duckdb", engine
            )
    print(summary)
    return errors.EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from pipelines import evaluate

    input_dir = args.input or args.labels.resolve().parent.parent
    report = evaluate.evaluate_folder(input_dir, args.labels)
    print(evaluate.format_report(report))
    if args.json:
        evaluate.write_json(report, args.json)
    return errors.EXIT_OK


def _risk(args: argparse.Namespace) -> int:
    from pipelines.risk import score

    try:
        as_of = score.parse_as_of(args.as_of)
    except ValueError as error:
        raise errors.UsageError(f"--as-of: {error}.") from None
    print(score.risk_folder(args.input, as_of, args.output))
    return errors.EXIT_OK


def _evaluate_risk(args: argparse.Namespace) -> int:
    from pipelines.risk import replay

    print(replay.format_report(replay.evaluate_risk_folder(args.input, args.labels)))
    return errors.EXIT_OK


def _sample(args: argparse.Namespace) -> int:
    from pipelines import sample

    return sample.main(args.generator_arguments, prog="refusals sample") or errors.EXIT_OK


COMMANDS = {
    "run": _run,
    "validate": _validate,
    "attribute": _attribute,
    "evaluate": _evaluate,
    "risk": _risk,
    "evaluate-risk": _evaluate_risk,
    "sample": _sample,
}


def _configure_logging(verbose: bool) -> None:
    """Progress for a person at a terminal, nothing extra for cron (its mail stays short), and
    every step with timings under ``--verbose``."""
    if verbose:
        level, layout = logging.DEBUG, "%(asctime)s %(name)s %(levelname)s %(message)s"
    else:
        level, layout = (logging.INFO if sys.stderr.isatty() else logging.WARNING), "%(message)s"
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(layout))
    logger = logging.getLogger("refusals")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


#: Modules that a library imports when they are installed and that no command uses:
#: rfc3987_syntax gives jsonschema (imported by nbformat and great_expectations) its "iri" format
#: check, and builds 38 lark grammars as it is imported, 2.6 s of every run. jupyter-events
#: installs it for JupyterLab. A command never checks formats, so jsonschema goes without.
_UNUSED_OPTIONAL_MODULES = ("rfc3987_syntax",)


def main(argv: Sequence[str] | None = None) -> int:
    for module in _UNUSED_OPTIONAL_MODULES:
        sys.modules.setdefault(module, None)  # type: ignore[arg-type]  # import -> ImportError
    # With the [spark] extra installed, great_expectations imports PySpark, which warns about
    # pandas 3 on stderr: cron would mail that on every successful run. Nothing here relies on
    # PySpark's pandas conversion (the Spark engine moves data as Parquet).
    warnings.filterwarnings(
        "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
    )
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with 2 on a bad flag, as the contract wants
    _configure_logging(getattr(args, "verbose", False))
    try:
        with scratch.process_scratch():
            return COMMANDS[args.command](args)
    except errors.UserFacingError as error:
        print(f"refusals: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("refusals: interrupted; nothing was published.", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, a failed notebook, a disk or database error
        return _internal_error(args, error)


def _internal_error(args: argparse.Namespace, error: Exception) -> int:
    """Exit 70 with one sentence; the traceback goes to a log file of its own, beside the
    warehouse (``<warehouse folder>/logs/``), or in the temporary folder when that cannot be
    written (a full or read-only disk)."""
    stamp = config.china_now().strftime("%Y%m%dT%H%M%S")
    name = f"refusals-{args.command}-{stamp}-{os.getpid()}.log"
    warehouse_dir = (getattr(args, "warehouse", None) or config.default_warehouse_path()).parent
    written = None
    for folder in (warehouse_dir.expanduser().resolve() / "logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(
                f"refusals {args.command}: {vars(args)}\n"
                + "".join(traceback.format_exception(error)),
                encoding="utf-8",
            )
        except OSError:
            continue
        written = folder / name
        break
    kind, detail = type(error).__name__, error
    if hasattr(error, "ename"):  # a failed notebook (papermill): the kernel's own exception
        kind, detail = f"the report notebook failed with {error.ename}", error.evalue
    problem = next((line for line in str(detail).splitlines() if line.strip()), "")[:200]
    where = f"the traceback is in {written}" if written else "no log file could be written"
    print(
        f"refusals: internal error, not a problem with the data ({kind}: {problem}); {where}.",
        file=sys.stderr,
    )
    return errors.EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
