"""Reads a written world back and checks it against the contract and its own labels.

    python -m benchmarks.worlds.world_b.verify DIR

Checks: every export opens (CSV in UTF-8, UTF-8 with BOM or GB18030; XLSX first sheet) and its kind
is recognisable from its header; labels.csv has the fixed header, one row per order id found in any
export and valid outcome/cause pairs. It also prints, for the refused orders, how much evidence the
exports carry (a refusal in tracking, the platform's refusal-refund state), for orientation only.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from .model import CAUSES

OUTCOMES = {
    "refused",
    "delivered",
    "returned_undelivered",
    "in_transit",
    "cancelled",
    "not_shipped",
    "fake_shipping",
}
KIND_BY_HEADER = (
    ("orders", {"订单号", "订单状态"}),
    ("kuaidi100", {"快递单号", "状态码", "事件时间"}),
    ("kdniao", {"LogisticCode", "AcceptTime"}),
    ("after_sales", {"售后编号", "订单号"}),
    ("reviews", {"评价时间", "订单号", "评分"}),
    ("store_scores", {"日期", "店铺评分"}),
    ("penalties", {"订单号", "类型", "金额(元)"}),
)
REFUSAL_TEXT = re.compile("拒收|拒签|拒绝签收")
REFUSAL_AGREED = "已同意拒收退款，待用户拒收"


def read_table(path: Path) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        frame = pd.read_excel(path, dtype=str, engine="openpyxl", keep_default_na=False)
    else:
        raw = path.read_bytes()
        encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            encoding = "gb18030"
        frame = pd.read_csv(path, dtype=str, encoding=encoding, keep_default_na=False)
    frame.columns = [normalise_header(column) for column in frame.columns]
    return frame


def normalise_header(name: str) -> str:
    return str(name).strip().strip("\ufeff").replace("（", "(").replace("）", ")")


def clean_id(value: str) -> str:
    text = str(value).strip().lstrip("'")
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return text.removesuffix(".0")


def kind_of(columns: list[str]) -> str:
    names = set(columns)
    for kind, needed in KIND_BY_HEADER:
        if needed <= names:
            return kind
    return ""


def verify(directory: Path) -> list[str]:
    problems: list[str] = []
    tables: dict[str, list[tuple[Path, pd.DataFrame]]] = {}
    for path in sorted((directory / "exports").iterdir()):
        frame = read_table(path)
        kind = kind_of(list(frame.columns))
        if not kind:
            problems.append(f"{path.name}: header matches no export kind")
            continue
        tables.setdefault(kind, []).append((path, frame))
        print(f"{kind:12} {len(frame):7} rows  {path.name}")

    exported: set[str] = set()
    for kind in ("orders", "after_sales", "reviews", "penalties"):
        for _, frame in tables.get(kind, []):
            exported |= {clean_id(value) for value in frame["订单号"]}

    labels = pd.read_csv(directory / "labels.csv", dtype=str, keep_default_na=False)
    if list(labels.columns) != ["order_id", "outcome", "cause"]:
        problems.append(f"labels.csv header is {list(labels.columns)}")
    duplicated = labels["order_id"].duplicated().sum()
    if duplicated:
        problems.append(f"labels.csv repeats {duplicated} order ids")
    labelled = set(labels["order_id"])
    if labelled != exported:
        problems.append(
            f"labels/export mismatch: {len(exported - labelled)} exported ids unlabelled, "
            f"{len(labelled - exported)} labels for ids in no export"
        )
    bad_outcome = ~labels["outcome"].isin(OUTCOMES)
    refused = labels["outcome"] == "refused"
    bad_cause = (refused & ~labels["cause"].isin(CAUSES)) | (~refused & (labels["cause"] != ""))
    if bad_outcome.any() or bad_cause.any():
        problems.append(f"{bad_outcome.sum()} bad outcomes, {bad_cause.sum()} bad causes")
    print("outcomes:", dict(Counter(labels["outcome"])))
    print("causes:", dict(Counter(labels.loc[refused, "cause"])))
    outcome_of = dict(zip(labels["order_id"], labels["outcome"], strict=True))
    problems += evidence_check(tables, outcome_of)
    return problems


def evidence_check(tables: dict, outcome_of: dict[str, str]) -> list[str]:
    """Refusal evidence must agree with the labels the way the contract reads it."""
    numbers: dict[str, str] = {}
    for _, frame in tables.get("orders", []):
        for order_id, number in zip(frame["订单号"], frame["快递单号"], strict=True):
            if clean_id(number):
                numbers[clean_id(order_id)] = clean_id(number)
    refused_numbers: set[str] = set()
    for _, frame in tables.get("kuaidi100", []):
        codes = frame["状态码"].isin(["14"]) | frame.get("高级状态码", pd.Series(dtype=str)).eq(
            "203"
        )
        text = frame["事件描述"].str.contains(REFUSAL_TEXT)
        refused_numbers |= {clean_id(v) for v in frame.loc[codes | text, "快递单号"]}
    for _, frame in tables.get("kdniao", []):
        hit = frame["StateEx"].eq("404") | frame["AcceptStation"].str.contains(REFUSAL_TEXT)
        refused_numbers |= {clean_id(v) for v in frame.loc[hit, "LogisticCode"]}
    agreed: set[str] = set()
    for _, frame in tables.get("after_sales", []):
        agreed |= {
            clean_id(v)
            for v, s in zip(frame["订单号"], frame["售后状态"], strict=True)
            if s == REFUSAL_AGREED
        }
    refused_ids = [order_id for order_id, outcome in outcome_of.items() if outcome == "refused"]
    in_tracking = sum(1 for order_id in refused_ids if numbers.get(order_id) in refused_numbers)
    in_after_sales = sum(1 for order_id in refused_ids if order_id in agreed)
    either = sum(
        1
        for order_id in refused_ids
        if numbers.get(order_id) in refused_numbers or order_id in agreed
    )
    print(
        f"refused orders: {len(refused_ids)}; refusal seen in tracking {in_tracking}, "
        f"refusal-refund state {in_after_sales}, either {either}"
    )
    problems = []
    contradicted = [order_id for order_id in agreed if outcome_of.get(order_id) != "refused"]
    if contradicted:
        problems.append(
            f"{len(contradicted)} orders in the refusal-refund state not labelled refused"
        )
    on_refused = Counter(
        outcome_of.get(order_id)
        for order_id, number in numbers.items()
        if number in refused_numbers
    )
    if set(on_refused) - {"refused", "fake_shipping"}:
        problems.append(f"orders on refused parcels labelled {dict(on_refused)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m benchmarks.worlds.world_b.verify DIR", file=sys.stderr)
        return 2
    problems = verify(Path(args[0]))
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
