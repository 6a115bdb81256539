"""``python -m benchmarks.worlds.world_k.check DIR [--seed N --orders N]``: world_k's own
invariants.

Checks, reading the files as a stranger would (kind from the header, any encoding):
- labels.csv: the header, one row per order, sorted, known outcomes, a cause exactly on refused
  rows;
- every order named in any export has a label, and every label names an order in the exports;
- every refused order's parcel shows a refusal (code 14/203/404 or 拒收-wording), and no other
  order's parcel does, except later orders on a reused number (fake shipping);
- the refusal share and each cause's share of refusals are in the intended ranges;
- determinism: the same seed writes the same bytes (DIR itself is compared when --seed and
  --orders are given, else two small runs are compared with each other).
"""

from __future__ import annotations

import argparse
import collections
import csv
import filecmp
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

OUTCOMES = {
    "refused",
    "delivered",
    "returned_undelivered",
    "in_transit",
    "cancelled",
    "not_shipped",
    "fake_shipping",
    "lost",
    "refunded",
}
CAUSES = {"product_quality", "logistics", "reviews", "rule_violation"}
REFUSAL_WORDS = ("拒收", "拒签", "拒绝签收")
ROOT = Path(__file__).resolve().parents[3]


def _clean(value) -> str:
    text = "" if value is None else str(value)
    text = text.strip().lstrip("\ufeff").strip("\t ").lstrip("'")
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    if path.suffix == ".xlsx":
        sheet = load_workbook(path, read_only=True).worksheets[0]
        rows = [[_clean(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        rows = [[_clean(v) for v in row] for row in csv.reader(io.StringIO(text))]
    header = [h.replace("（", "(").replace("）", ")") for h in rows[0]]
    return header, rows[1:]


def check(folder: Path) -> list[str]:
    problems: list[str] = []
    with open(folder / "labels.csv", encoding="utf-8", newline="") as handle:
        labels = list(csv.reader(handle))
    if labels[0] != ["order_id", "outcome", "cause"]:
        problems.append(f"labels.csv header is {labels[0]}")
    rows = labels[1:]
    ids = [r[0] for r in rows]
    if ids != sorted(ids):
        problems.append("labels.csv is not sorted by order id")
    if len(set(ids)) != len(ids):
        problems.append("labels.csv has an order twice")
    label = {r[0]: (r[1], r[2]) for r in rows}
    for order_id, (outcome, cause) in label.items():
        if outcome not in OUTCOMES:
            problems.append(f"{order_id}: unknown outcome {outcome!r}")
        if (outcome == "refused") != (cause in CAUSES) or (cause and cause not in CAUSES):
            problems.append(f"{order_id}: outcome {outcome!r} with cause {cause!r}")

    named: set[str] = set()
    tracking_of: dict[str, str] = {}
    ship_of: dict[str, str] = {}
    refused_numbers: set[str] = set()
    for path in sorted((folder / "exports").iterdir()):
        header, body = read_table(path)
        if "订单号" in header:
            at = header.index("订单号")
            named.update(r[at] for r in body if r[at])
            if "快递单号" in header and "订单状态" in header:
                number, shipped = header.index("快递单号"), header.index("发货时间")
                for r in body:
                    if r[number] and "E+" not in r[number].upper():
                        tracking_of[r[at]] = r[number]
                        ship_of[r[at]] = r[shipped].replace("/", "-")[:16]
        for number_col, code_cols, text_col in (
            ("快递单号", ("状态码", "高级状态码"), "事件描述"),
            ("LogisticCode", ("StateEx",), "AcceptStation"),
        ):
            if number_col in header and text_col in header:
                n, t = header.index(number_col), header.index(text_col)
                codes = [header.index(c) for c in code_cols if c in header]
                for r in body:
                    if any(r[c] in ("14", "203", "404") for c in codes) or any(
                        w in r[t] for w in REFUSAL_WORDS
                    ):
                        refused_numbers.add(r[n])
    missing = named - set(label)
    extra = set(label) - named
    if missing:
        problems.append(
            f"{len(missing)} orders named in the exports have no label, e.g. {sorted(missing)[:3]}"
        )
    if extra:
        problems.append(
            f"{len(extra)} labelled orders are named in no export, e.g. {sorted(extra)[:3]}"
        )

    first_ship: dict[str, str] = {}
    for order_id, number in tracking_of.items():
        if number not in first_ship or ship_of[order_id] < first_ship[number]:
            first_ship[number] = ship_of[order_id]
    for order_id, (outcome, _cause) in label.items():
        number = tracking_of.get(order_id)
        shows = number in refused_numbers
        if outcome == "refused" and not shows:
            problems.append(f"{order_id}: refused, but its parcel {number} shows no refusal")
        if (
            outcome != "refused"
            and shows
            and not (outcome == "fake_shipping" and ship_of[order_id] > first_ship[number])
        ):
            problems.append(f"{order_id}: {outcome}, but its parcel {number} shows a refusal")

    outcomes = collections.Counter(o for o, _ in label.values())
    causes = collections.Counter(c for o, c in label.values() if o == "refused")
    shipped = sum(n for o, n in outcomes.items() if o not in ("cancelled", "not_shipped"))
    refused = outcomes["refused"]
    print(
        f"orders {len(label)}, shipped {shipped}, "
        f"refused {refused} ({refused / max(shipped, 1):.1%})"
    )
    print("outcomes:", dict(sorted(outcomes.items())))
    print("causes:", {c: f"{n} ({n / max(refused, 1):.0%})" for c, n in sorted(causes.items())})
    if len(label) >= 2000:
        if not 0.02 <= refused / max(shipped, 1) <= 0.09:
            problems.append(f"refusals are {refused / shipped:.1%} of shipped orders, outside 2–9%")
        for cause in sorted(CAUSES):
            if causes[cause] < 0.12 * refused:
                problems.append(f"{cause} is only {causes[cause]} of {refused} refusals (< 12%)")
    return problems


def _generate(seed: int, orders: int, out: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.worlds.world_k",
            "--seed",
            str(seed),
            "--orders",
            str(orders),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        check=True,
    )


def _same(left: Path, right: Path) -> list[str]:
    differ = []
    for name in (
        "labels.csv",
        *("exports/" + p.name for p in sorted((left / "exports").iterdir())),
    ):
        if not (right / name).exists() or not filecmp.cmp(left / name, right / name, shallow=False):
            differ.append(name)
    return differ


def determinism(folder: Path, seed: int | None, orders: int | None) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="world_k-check-") as scratch:
        again = Path(scratch) / "again"
        if seed is not None and orders is not None:
            _generate(seed, orders, again)
            differ = _same(folder, again)
        else:
            other = Path(scratch) / "other"
            _generate(7, 600, again)
            _generate(7, 600, other)
            differ = _same(again, other)
    return [f"not byte-identical on re-run: {name}" for name in differ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worlds.world_k.check")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--orders", type=int)
    args = parser.parse_args(argv)
    problems = check(args.folder) + determinism(args.folder, args.seed, args.orders)
    for problem in problems[:40]:
        print("FAIL", problem)
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
