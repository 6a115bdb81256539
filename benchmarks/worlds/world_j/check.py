"""Read a world_j output folder back and check the world's own invariants.

    python -m benchmarks.worlds.world_j.check DIR [--seed N --orders N]

With --seed and --orders it also regenerates the folder elsewhere and compares every file byte
for byte (the determinism promise). Exit 0 when every check holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import openpyxl

OUTCOMES = {"refused", "delivered", "returned_undelivered", "in_transit", "cancelled",
            "not_shipped", "fake_shipping", "lost", "refunded"}
CAUSES = {"product_quality", "logistics", "reviews", "rule_violation"}
REFUSAL_WORDS = ("拒收", "拒签", "拒绝签收")
#: the 订单状态 an order may show in its last export, per label
FINAL_STATUSES = {
    "cancelled": {"已取消", "待支付"},
    "not_shipped": {"待发货", "未发货，退款成功"},
    "refused": {"已发货，待签收", "已发货，退款成功"},
    "delivered": {"已签收"},
    "refunded": {"已发货，退款成功"},
    "returned_undelivered": {"已发货，待签收", "已发货，退款成功"},
    "lost": {"已发货，退款成功"},
    "fake_shipping": {"已发货，待签收", "已发货，退款成功"},
    "in_transit": {"已发货，待签收"},
}


def _header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().replace("（", "(").replace("）", ")")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.strip().lstrip("'")
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return text.strip()


def _status(text: str) -> str:
    for bare, proper in (("已发货待签收", "已发货，待签收"), ("未发货退款成功", "未发货，退款成功"),
                         ("已发货退款成功", "已发货，退款成功")):
        if text == bare:
            return proper
    return text.replace(",", "，")


def read_table(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        rows = list(csv.reader(io.StringIO(text)))
    header = [_header(str(h)) for h in rows[0]]
    return [dict(zip(header, (_cell(v) for v in row), strict=False)) for row in rows[1:]]


def _kind(columns: set[str]) -> str:
    if {"订单号", "订单状态"} <= columns:
        return "orders"
    if {"快递单号", "状态码", "事件时间"} <= columns:
        return "kuaidi100"
    if {"LogisticCode", "AcceptTime"} <= columns:
        return "kdniao"
    if "售后编号" in columns:
        return "after_sales"
    if "评分" in columns:
        return "reviews"
    if "店铺评分" in columns:
        return "store_scores"
    if "类型" in columns:
        return "penalties"
    return "unknown"


def check(folder: Path) -> list[str]:
    problems: list[str] = []
    labels: dict[str, tuple[str, str]] = {}
    with (folder / "labels.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        if next(reader) != ["order_id", "outcome", "cause"]:
            problems.append("labels.csv: header is not order_id,outcome,cause")
        for order_id, outcome, cause in reader:
            if order_id in labels:
                problems.append(f"labels.csv: {order_id} labelled twice")
            labels[order_id] = (outcome, cause)
            if outcome not in OUTCOMES:
                problems.append(f"labels.csv: {order_id} has unknown outcome {outcome}")
            if (outcome == "refused") != (cause != ""):
                problems.append(f"labels.csv: {order_id} cause {cause!r} on outcome {outcome}")
            if cause and cause not in CAUSES:
                problems.append(f"labels.csv: {order_id} has unknown cause {cause}")

    named: set[str] = set()
    last_status: dict[str, tuple[str, str]] = {}  # order → (file stem date, status)
    tracking_of: dict[str, str] = {}
    refusal_numbers: set[str] = set()
    refusal_cases: set[str] = set()
    kinds = Counter()
    for path in sorted((folder / "exports").iterdir()):
        rows = read_table(path)
        kind = _kind(set(rows[0]) if rows else set())
        kinds[kind] += 1
        stamp = path.stem[-8:]
        for row in rows:
            if kind == "orders":
                order_id = row["订单号"]
                named.add(order_id)
                if order_id not in last_status or last_status[order_id][0] <= stamp:
                    last_status[order_id] = (stamp, _status(row["订单状态"]))
                number = row.get("快递单号", "").removesuffix(".0")
                if number and "E+" not in number:
                    tracking_of[order_id] = number
            elif kind in ("kuaidi100", "kdniao"):
                number = row.get("快递单号") or row.get("LogisticCode", "")
                text = row.get("事件描述") or row.get("AcceptStation", "")
                refusal_code = (row.get("状态码") == "14" or row.get("高级状态码") == "203"
                                or row.get("StateEx") == "404")
                if refusal_code or any(word in text for word in REFUSAL_WORDS):
                    refusal_numbers.add(number)
            elif kind in ("after_sales", "reviews", "penalties"):
                named.add(row["订单号"])
                if kind == "after_sales" and row["售后状态"] == "已同意拒收退款，待用户拒收":
                    refusal_cases.add(row["订单号"])
    if kinds["unknown"]:
        problems.append(f"exports: {kinds['unknown']} files of no known kind")
    for order_id in sorted(named - labels.keys()):
        problems.append(f"exports name {order_id}, which has no label")
    for order_id in sorted(labels.keys() - named):
        problems.append(f"labels.csv: {order_id} appears in no export")

    first_shipped: dict[str, str] = {}
    for order_id, (outcome, _) in labels.items():
        number = tracking_of.get(order_id)
        if number and outcome != "fake_shipping":
            first_shipped.setdefault(number, order_id)
    for order_id, (outcome, _cause) in sorted(labels.items()):
        status = last_status.get(order_id, ("", ""))[1]
        if order_id in last_status and status not in FINAL_STATUSES[outcome]:
            problems.append(f"{order_id}: labelled {outcome} but its last export says {status}")
        number = tracking_of.get(order_id, "")
        evidence = number in refusal_numbers or order_id in refusal_cases
        if outcome == "refused" and not evidence:
            problems.append(f"{order_id}: labelled refused but no export shows a refusal")
        if outcome in ("delivered", "refunded", "returned_undelivered", "lost") and \
                number in refusal_numbers:
            problems.append(f"{order_id}: labelled {outcome} but its parcel shows a refusal")

    outcomes = Counter(outcome for outcome, _ in labels.values())
    shipped = sum(count for outcome, count in outcomes.items()
                  if outcome not in ("cancelled", "not_shipped", "fake_shipping"))
    share = outcomes["refused"] / shipped if shipped else 0.0
    if not 0.03 <= share <= 0.06:
        problems.append(f"refusals are {share:.1%} of shipped orders, outside 3-6%")
    print(f"{len(labels)} labelled orders, {len(named)} named in exports, "
          f"{sum(kinds.values())} export files {dict(sorted(kinds.items()))}")
    print("outcomes:", dict(sorted(outcomes.items())))
    causes = Counter(cause for _, cause in labels.values() if cause)
    print("causes:", dict(sorted(causes.items())), f"refused share of shipped {share:.2%}")
    return problems


def _same_bytes(folder: Path, seed: int, orders: int) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="world_j-check-") as scratch:
        again = Path(scratch) / "out"
        subprocess.run([sys.executable, "-m", "benchmarks.worlds.world_j", "--seed", str(seed),
                        "--orders", str(orders), "--out", str(again)], check=True)
        mine = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        theirs = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
        if mine != theirs:
            return ["regenerated folder holds different files"]
        return [f"{name} differs when regenerated" for name in mine
                if (folder / name).read_bytes() != (again / name).read_bytes()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worlds.world_j.check")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--orders", type=int)
    args = parser.parse_args(argv)
    problems = check(args.folder)
    if args.seed is not None and args.orders is not None:
        problems += _same_bytes(args.folder, args.seed, args.orders)
    for problem in problems[:40]:
        print("FAIL", problem)
    if len(problems) > 40:
        print(f"… and {len(problems) - 40} more")
    print("ok" if not problems else f"{len(problems)} problems")
    return 0 if not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
