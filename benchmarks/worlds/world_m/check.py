"""Invariants of a generated world:
python -m benchmarks.worlds.world_m.check DIR --seed 1 --orders 10000

Reads the exports back the way a merchant's tool would (header-detected kinds, any encoding,
cell prefixes stripped), then checks the labels against them and re-runs the generator to confirm
the output is byte-identical for the same seed.
"""

import argparse
import csv
import filecmp
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

from . import CAUSES

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
NOT_SHIPPED = ("unpaid", "cancelled", "awaiting_shipment")
OUTCOMES = (
    *NOT_SHIPPED,
    "in_transit",
    "signed",
    "refused",
    "returned_undelivered",
    "intercepted",
    "lost",
    "fake_shipped",
)
REFUSAL_TEXT = re.compile("拒收|拒签|拒绝签收")
REFUSAL_CODES = {("k100", "14"), ("k100adv", "203"), ("kn", "404")}
MIN_CAUSE_SHARE = 0.08
REFUSAL_RATE = (0.04, 0.07)


def read_table(path: Path) -> list[list[str]]:
    if path.suffix == ".xlsx":
        return _read_xlsx(path)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return list(csv.reader(io.StringIO(text, newline="")))


def _read_xlsx(path: Path) -> list[list[str]]:
    with zipfile.ZipFile(path) as archive:
        shared = [
            si.findtext("m:t", "", _NS)
            for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).findall(
                "m:si", _NS
            )
        ]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{_NS['m']}}}row"):
        values: dict[int, str] = {}
        for cell in row.findall("m:c", _NS):
            ref = re.match(r"[A-Z]+", cell.get("r")).group()
            col = 0
            for ch in ref:
                col = col * 26 + ord(ch) - 64
            value = cell.findtext("m:v", "", _NS)
            values[col - 1] = shared[int(value)] if cell.get("t") == "s" else value
        rows.append([values.get(i, "") for i in range(max(values, default=-1) + 1)])
    return rows


def clean(cell: str) -> str:
    cell = cell.strip().lstrip("'")
    if cell.startswith('="') and cell.endswith('"'):
        cell = cell[2:-1]
    return cell.strip()


def _header(row: list[str]) -> list[str]:
    return [c.strip().lstrip("\ufeff").strip() for c in row]


def load(exports: Path) -> dict[str, list[dict[str, str]]]:
    kinds: dict[str, list[dict[str, str]]] = {"orders": [], "k100": [], "kn": []}
    for path in sorted(exports.iterdir()):
        table = read_table(path)
        if not table:
            continue
        header = _header(table[0])
        if "订单号" in header and "订单状态" in header:
            kind = "orders"
        elif "快递单号" in header and "状态码" in header and "事件时间" in header:
            kind = "k100"
        elif "LogisticCode" in header and "AcceptTime" in header:
            kind = "kn"
        else:
            continue
        for row in table[1:]:
            kinds[kind].append(
                {h: clean(v) for h, v in zip(header, row, strict=False)} | {"_file": path.name}
            )
    return kinds


def run_checks(out: Path, seed: int, n_orders: int) -> list[str]:
    problems: list[str] = []
    with (out / "labels.csv").open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    if not labels or list(labels[0]) != ["order_id", "outcome", "cause"]:
        problems.append("labels.csv header is not order_id,outcome,cause")
    ids = [row["order_id"] for row in labels]
    if len(ids) != len(set(ids)):
        problems.append("labels.csv repeats an order_id")
    if not 0.9 * n_orders <= len(ids) <= 1.1 * n_orders:
        problems.append(f"{len(ids)} orders is not within 10% of {n_orders}")
    for row in labels:
        if row["outcome"] not in OUTCOMES:
            problems.append(f"unknown outcome {row['outcome']!r}")
        if (row["outcome"] == "refused") != (row["cause"] in CAUSES) or (
            row["outcome"] != "refused" and row["cause"]
        ):
            problems.append(
                f"{row['order_id']}: outcome {row['outcome']} with cause {row['cause']!r}"
            )
    data = load(out / "exports")
    exported = {r["订单号"] for r in data["orders"]}
    missing = [i for i in ids if i not in exported]
    if missing:
        problems.append(
            f"{len(missing)} labelled orders absent from the orders exports, e.g. {missing[:3]}"
        )
    refused = [r for r in labels if r["outcome"] == "refused"]
    shipped = [r for r in labels if r["outcome"] not in NOT_SHIPPED]
    causes = Counter(r["cause"] for r in refused)
    rate = len(refused) / max(1, len(shipped))
    if not REFUSAL_RATE[0] <= rate <= REFUSAL_RATE[1]:
        problems.append(f"refusal rate {rate:.2%} of shipped orders is outside {REFUSAL_RATE}")
    for cause in CAUSES:
        if causes[cause] < MIN_CAUSE_SHARE * len(refused):
            problems.append(f"cause {cause}: {causes[cause]} of {len(refused)} refusals")
    problems += _tracking_checks(labels, data)
    problems += _reproducible(out, seed, n_orders)
    print(
        f"orders {len(ids)}, shipped {len(shipped)}, refused {len(refused)} ({rate:.2%}); "
        + ", ".join(f"{c} {causes[c]}" for c in CAUSES)
    )
    return problems


def _tracking_checks(labels, data) -> list[str]:
    number_of: dict[str, str] = {}
    for row in data["orders"]:
        number = row.get("快递单号", "")
        if number and "E+" not in number:
            number_of[row["订单号"]] = number.removesuffix(".0")
    refusal_numbers: set[str] = set()
    seen_numbers: set[str] = set()
    for row in data["k100"]:
        number = row["快递单号"]
        seen_numbers.add(number)
        codes = {("k100", row.get("状态码", "")), ("k100adv", row.get("高级状态码", ""))}
        if codes & REFUSAL_CODES or REFUSAL_TEXT.search(row.get("事件描述", "")):
            refusal_numbers.add(number)
    for row in data["kn"]:
        number = row["LogisticCode"]
        seen_numbers.add(number)
        if ("kn", row.get("StateEx", "")) in REFUSAL_CODES or REFUSAL_TEXT.search(
            row.get("AcceptStation", "")
        ):
            refusal_numbers.add(number)
    problems = []
    unseen = [
        r["order_id"]
        for r in labels
        if r["outcome"] == "refused" and number_of.get(r["order_id"]) not in refusal_numbers
    ]
    if unseen:
        problems.append(
            f"{len(unseen)} refused orders without refusal evidence in tracking, e.g. {unseen[:3]}"
        )
    wrong = [
        r["order_id"]
        for r in labels
        if r["outcome"] in ("returned_undelivered", "intercepted")
        and number_of.get(r["order_id"]) in refusal_numbers
    ]
    if wrong:
        problems.append(
            f"{len(wrong)} undelivered returns carry refusal evidence, e.g. {wrong[:3]}"
        )
    return problems


def _reproducible(out: Path, seed: int, n_orders: int) -> list[str]:
    package_root = Path(__file__).resolve().parents[3]
    with tempfile.TemporaryDirectory(prefix="world_m_check_") as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.worlds.world_m",
                "--seed",
                str(seed),
                "--orders",
                str(n_orders),
                "--out",
                tmp,
            ],
            cwd=package_root,
            check=True,
            capture_output=True,
        )
        again = Path(tmp)
        first = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        second = sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
        if first != second:
            return [f"re-run wrote different files: {sorted(set(first) ^ set(second))[:5]}"]
        differing = [
            name for name in first if not filecmp.cmp(out / name, again / name, shallow=False)
        ]
    if differing:
        return [f"re-run with seed {seed} differs in {differing[:5]}"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="world_m.check")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--orders", type=int, required=True)
    args = parser.parse_args(argv)
    problems = run_checks(args.out, args.seed, args.orders)
    for problem in problems:
        print("FAIL", problem)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
