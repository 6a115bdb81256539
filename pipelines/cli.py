"""The ``refusals`` command line: thin wrappers over the pipeline stages.

Exit codes (../shared/contract/OUTPUTS.md): 0 success; 1 the data failed validation or could not
be read (nothing published); 2 usage error. Anything else is a bug, and shows its traceback.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pipelines import errors


def _existing_dir(value: str) -> Path:
    path = Path(value).expanduser().resolve()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value}: no such folder")
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refusals",
        description="Find refused Pinduoduo parcels (拒收), attribute each to one of four causes, "
        "and report what to do.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    attribute = commands.add_parser(
        "attribute", help="load and attribute every refusal in the input; no report")
    attribute.add_argument("--input", type=_existing_dir, required=True,
                           help="folder holding the exports")
    attribute.add_argument("--output", type=Path, required=True, help="CSV file to write")
    attribute.add_argument("--warehouse", type=Path,
                           help="DuckDB file to keep (default: a temporary one)")

    evaluate = commands.add_parser(
        "evaluate", help="score detection and attribution against a labels file")
    evaluate.add_argument("--labels", type=Path, required=True,
                          help="labels.csv as `refusals sample` writes it")
    evaluate.add_argument("--input", type=_existing_dir,
                          help="exports folder (default: the folder above the labels' folder)")
    evaluate.add_argument("--json", type=Path, help="also write the scores as JSON here")

    sample = commands.add_parser("sample", help="generate realistic sample exports with labels")
    from pipelines import sample as sample_module

    sample_module.add_arguments(sample)
    return parser


def _attribute(args: argparse.Namespace) -> int:
    from pipelines import pipeline

    if args.warehouse:
        summary = pipeline.attribute_folder(args.input, args.output, args.warehouse)
    else:
        with tempfile.TemporaryDirectory(prefix="refusals-") as scratch:
            summary = pipeline.attribute_folder(
                args.input, args.output, Path(scratch) / "warehouse.duckdb")
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


def _sample(args: argparse.Namespace) -> int:
    from pipelines import sample

    return sample.run(args) or errors.EXIT_OK


COMMANDS = {"attribute": _attribute, "evaluate": _evaluate, "sample": _sample}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with 2 on a bad flag, as the contract wants
    try:
        return COMMANDS[args.command](args)
    except errors.UserFacingError as error:
        print(f"refusals: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("refusals: interrupted; nothing was published.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
