"""Checks a folder written by world_n against its own invariants.

    python -m benchmarks.worlds.world_n.check DIR --seed 1 --orders 3000

- every file's header row is one of the contract's layouts (INPUTS.md), up to spelling quirks;
- every order in any export is labelled exactly once, and every label is an exported order;
- outcomes are known, a cause is set exactly on refused orders and is one of the four;
- the number of orders is within ±10 % of --orders;
- a fresh run with the same seed and --orders writes byte-identical files.

It also counts the contract's structural cases (合并发货, reused numbers, refusals seen only in
after-sales, returns for other reasons) and prints them; at small --orders some may be absent.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from . import CAUSES, OUTCOMES, generate, xlsx
from .exports import AFTER_SALES, K100, KDN, ORDER_LAYOUTS, PENALTIES, REVIEWS, SCORES

OPTIONAL = {
    "k100": {"高级状态码", "状态名称", "事件地点"},
    "kdn": {"StateEx", "Location"},
    "after_sales": {"退货快递单号", "发货状态"},
    "reviews": {"商家回复"},
    "penalties": {"快递单号", "说明"},
    "scores": set(),
}
LAYOUTS = {
    "k100": K100,
    "kdn": KDN,
    "after_sales": AFTER_SALES,
    "reviews": REVIEWS,
    "penalties": PENALTIES,
    "scores": SCORES,
}
REFUSAL_WORDS = ("拒收", "拒签", "拒绝签收")


def normalise(name: str) -> str:
    return name.strip().strip("\ufeff").strip().replace("（", "(").replace("）", ")")


def clean(value: str) -> str:
    value = value.strip()
    if value.startswith('="') and value.endswith('"'):
        value = value[2:-1]
    return value.lstrip("'=").strip()


def usable(number: str) -> str:
    """A tracking number as the platform wrote it: '.0' undone, E-notation (digits lost) dropped."""
    if "E+" in number.upper():
        return ""
    return number[:-2] if number.endswith(".0") and number[:-2].isdigit() else number


def read_rows(path: Path) -> list[list[str]]:
    if path.suffix == ".xlsx":
        return xlsx.read(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return list(csv.reader(io.StringIO(text, newline="")))


def kind_of(header: list[str]) -> str:
    names = set(header)
    if {"订单号", "订单状态"} <= names:
        return "orders"
    if {"快递单号", "状态码", "事件时间"} <= names:
        return "k100"
    if {"LogisticCode", "AcceptTime"} <= names:
        return "kdn"
    if {"售后编号", "订单号"} <= names:
        return "after_sales"
    if {"评价时间", "评分"} <= names:
        return "reviews"
    if {"日期", "店铺评分"} <= names:
        return "scores"
    if {"订单号", "类型", "金额(元)"} <= names:
        return "penalties"
    return ""


def header_ok(kind: str, header: list[str]) -> bool:
    if kind == "orders":
        return any(header == layout for layout in ORDER_LAYOUTS.values())
    expected = LAYOUTS[kind]
    kept = [c for c in expected if c in header]
    return header == kept and set(expected) - set(header) <= OPTIONAL[kind]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worlds.world_n.check")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=3000)
    args = parser.parse_args(argv)
    problems: list[str] = []
    exports = args.folder / "exports"

    exported: set[str] = set()
    kinds: Counter[str] = Counter()
    tracking_by_number: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    order_ship: dict[str, tuple[str, str, str]] = {}
    agreed_refusal: set[str] = set()
    files = sorted(exports.iterdir())
    for path in files:
        rows = read_rows(path)
        if not rows:
            problems.append(f"{path.name}: empty file")
            continue
        header = [normalise(h) for h in rows[0]]
        kind = kind_of(header)
        if not kind:
            problems.append(f"{path.name}: header matches no kind of INPUTS.md")
            continue
        kinds[kind] += 1
        if not header_ok(kind, header):
            problems.append(
                f"{path.name}: header of a {kind} file differs from INPUTS.md: {header}"
            )
        col = {name: i for i, name in enumerate(header)}
        for row in rows[1:]:

            def get(name: str, row: list[str] = row, col: dict[str, int] = col) -> str:
                return clean(row[col[name]]) if name in col and col[name] < len(row) else ""

            if "订单号" in col:
                exported.add(get("订单号"))
            if kind == "orders" and usable(get("快递单号")) and get("订单号") not in order_ship:
                ship = get("发货时间")
                order_ship[get("订单号")] = (
                    usable(get("快递单号")),
                    ship[:16].replace("/", "-"),
                    get("市") + get("区"),
                )
            if kind == "k100":
                tracking_by_number[usable(get("快递单号"))].append(
                    (get("状态码"), get("高级状态码"), "", get("事件描述"))
                )
            if kind == "kdn":
                tracking_by_number[usable(get("LogisticCode"))].append(
                    ("", "", get("StateEx"), get("AcceptStation"))
                )
            if kind == "after_sales" and get("售后状态") == "已同意拒收退款，待用户拒收":
                agreed_refusal.add(get("订单号"))

    labels_path = args.folder / "labels.csv"
    with labels_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        if next(reader) != ["order_id", "outcome", "cause"]:
            problems.append("labels.csv: header is not order_id,outcome,cause")
        labels = list(reader)
    seen: Counter[str] = Counter(row[0] for row in labels)
    twice = [oid for oid, n in seen.items() if n > 1]
    if twice:
        problems.append(
            f"labels.csv: {len(twice)} orders labelled more than once, e.g. {twice[:3]}"
        )
    unlabelled = sorted(exported - set(seen))
    if unlabelled:
        problems.append(f"{len(unlabelled)} exported orders have no label, e.g. {unlabelled[:3]}")
    unexported = sorted(set(seen) - exported)
    if unexported:
        problems.append(
            f"{len(unexported)} labels are for orders in no export, e.g. {unexported[:3]}"
        )
    outcomes: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    for order_id, outcome, cause in labels:
        outcomes[outcome] += 1
        if outcome not in OUTCOMES:
            problems.append(f"labels.csv: unknown outcome {outcome!r} for {order_id}")
        if outcome == "refused":
            causes[cause] += 1
            if cause not in CAUSES:
                problems.append(f"labels.csv: refused order {order_id} has cause {cause!r}")
        elif cause:
            problems.append(f"labels.csv: {order_id} is {outcome} but has cause {cause!r}")
    if not 0.9 * args.orders <= len(seen) <= 1.1 * args.orders:
        problems.append(f"{len(seen)} orders, not within ±10 % of {args.orders}")
    for kind in ("orders", "k100", "kdn", "after_sales", "reviews", "scores", "penalties"):
        if not kinds[kind]:
            problems.append(f"no {kind} file written")

    with tempfile.TemporaryDirectory(prefix="world_n-check-") as scratch:
        again = Path(scratch)
        generate(again, seed=args.seed, orders=args.orders)
        mine = {p.name: p.read_bytes() for p in files}
        fresh = {p.name: p.read_bytes() for p in sorted((again / "exports").iterdir())}
        if sorted(mine) != sorted(fresh):
            problems.append(
                "a re-run writes a different set of files "
                "(is --seed/--orders the one DIR was made with?)"
            )
        differing = [name for name in sorted(mine) if name in fresh and mine[name] != fresh[name]]
        if differing:
            problems.append(
                f"a re-run writes different bytes in {len(differing)} files, e.g. {differing[:3]}"
            )
        if (again / "labels.csv").read_bytes() != labels_path.read_bytes():
            problems.append("a re-run writes a different labels.csv")

    # structural cases, counted from the files alone
    by_number: dict[str, list[str]] = defaultdict(list)
    for order_id, (number, _, _) in order_ship.items():
        by_number[number].append(order_id)
    merged = reused = 0
    for ids in by_number.values():
        if len(ids) > 1:
            if len({order_ship[i][1:] for i in ids}) == 1:
                merged += 1
            else:
                reused += 1
    label_of = {row[0]: row[1] for row in labels}
    refused_tracked = {
        oid
        for oid, (number, _, _) in order_ship.items()
        if any(
            e[0] == "14" or e[1] == "203" or e[2] == "404" or any(w in e[3] for w in REFUSAL_WORDS)
            for e in tracking_by_number.get(number, [])
        )
    }
    only_after_sales = sum(
        1 for oid in agreed_refusal if label_of.get(oid) == "refused" and oid not in refused_tracked
    )
    refused = [oid for oid, outcome in label_of.items() if outcome == "refused"]
    silent = sum(1 for oid in refused if oid not in refused_tracked and oid not in agreed_refusal)

    print(f"files: {dict(sorted(kinds.items()))}")
    print(f"orders labelled: {len(seen)}; outcomes: {dict(outcomes.most_common())}")
    print(f"refusals by cause: {dict(causes.most_common())}")
    print(
        f"merged parcels (合并发货): {merged}; reused tracking numbers: {reused}; "
        f"refusals seen only in after-sales: {only_after_sales}; "
        f"refusals with no refusal evidence in any file: {silent}; "
        f"returned for other reasons: {outcomes['returned_undelivered'] + outcomes['intercepted']}"
    )
    for problem in problems:
        print(f"FAIL {problem}")
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
