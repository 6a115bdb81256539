"""Reading a generated folder back, as a stranger would.

Run: python -m benchmarks.worlds.world_a.check DIR

Checks that every file decodes (UTF-8, UTF-8-BOM or GB18030; .xlsx first sheet), that its header
row identifies exactly one export kind of the contract, that ids are well formed once the cell
quirks are stripped, that every order id in the exports is in labels.csv exactly once (and no
other), and that refusal wording in tracking appears only on parcels of refused orders.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

ORDER_ID = re.compile(r"^\d{6}-\d{15}$")
REFUSAL_WORDS = re.compile("拒收|拒签|拒绝签收")
KINDS = {
    "orders": ({"订单号", "订单状态", "商品"}, "订单号"),
    "kuaidi100": ({"快递单号", "状态码", "事件时间"}, None),
    "kdniao": ({"LogisticCode", "AcceptTime"}, None),
    "after_sales": ({"售后编号", "订单号", "售后类型"}, "订单号"),
    "reviews": ({"评价时间", "订单号", "评分"}, "订单号"),
    "store_scores": ({"日期", "店铺评分", "描述相符"}, None),
    "penalties": ({"订单号", "类型", "金额(元)"}, "订单号"),
}
LABEL_OUTCOMES = {
    "refused",
    "delivered",
    "returned_undelivered",
    "in_transit",
    "cancelled",
    "not_shipped",
    "fake_shipping",
}
CAUSES = {"product_quality", "logistics", "reviews", "rule_violation"}


def clean_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().replace("（", "(").replace("）", ")")


def clean_cell(value: str) -> str:
    value = value.strip().lstrip("'")
    if value.startswith('="') and value.endswith('"'):
        value = value[2:-1]
    return value[:-2] if re.fullmatch(r"\d+\.0", value) else value


def read_table(path: Path) -> tuple[pd.DataFrame, str]:
    if path.suffix == ".xlsx":
        frame = pd.read_excel(
            path, sheet_name=0, dtype=str, keep_default_na=False, engine="openpyxl"
        )
        return frame, "xlsx"
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        label = "gb18030" if encoding == "gb18030" else "utf-8"
        if raw.startswith(b"\xef\xbb\xbf"):
            label = "utf-8-bom"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        assert text.count("\n") >= len(frame), path
        return frame, label
    raise ValueError(f"{path.name}: neither UTF-8 nor GB18030")


def kind_of(columns: set[str]) -> str:
    matches = [kind for kind, (needed, _) in KINDS.items() if needed <= columns]
    if "after_sales" in matches or "reviews" in matches or "penalties" in matches:
        matches = [kind for kind in matches if kind != "orders"]
    assert len(matches) == 1, f"ambiguous or unknown header {sorted(columns)}: {matches}"
    return matches[0]


def check(folder: Path) -> int:
    labels = pd.read_csv(folder / "labels.csv", dtype=str, keep_default_na=False)
    assert list(labels.columns) == ["order_id", "outcome", "cause"], labels.columns
    assert labels["order_id"].is_unique, "labels.csv repeats an order id"
    assert set(labels["outcome"]) <= LABEL_OUTCOMES
    refused = labels["outcome"] == "refused"
    assert set(labels.loc[refused, "cause"]) <= CAUSES
    assert (labels.loc[~refused, "cause"] == "").all()
    seen: set[str] = set()
    kinds: Counter = Counter()
    encodings: Counter = Counter()
    number_orders: dict[str, set[str]] = {}
    refusal_numbers: set[str] = set()
    agreed_refusals: set[str] = set()
    for path in sorted((folder / "exports").iterdir()):
        frame, encoding = read_table(path)
        frame.columns = [clean_header(str(name)) for name in frame.columns]
        kind = kind_of(set(frame.columns))
        kinds[kind] += 1
        encodings[encoding] += 1
        id_column = KINDS[kind][1]
        if id_column:
            ids = frame[id_column].map(clean_cell)
            bad = ids[~ids.map(lambda v: bool(ORDER_ID.match(v)))]
            assert bad.empty, f"{path.name}: malformed order ids {bad.head().tolist()}"
            seen.update(ids)
        if kind == "orders":
            for order_id, number in zip(
                frame["订单号"].map(clean_cell), frame["快递单号"].map(clean_cell), strict=True
            ):
                if number:
                    number_orders.setdefault(number, set()).add(order_id)
        if kind == "after_sales":
            agreed = frame[frame["售后状态"] == "已同意拒收退款，待用户拒收"]
            agreed_refusals.update(agreed["订单号"].map(clean_cell))
        if kind in ("kuaidi100", "kdniao"):
            number_column, text_column = (
                ("快递单号", "事件描述")
                if kind == "kuaidi100"
                else ("LogisticCode", "AcceptStation")
            )
            hits = frame[frame[text_column].str.contains(REFUSAL_WORDS)]
            refusal_numbers.update(hits[number_column].map(clean_cell))
    labelled = set(labels["order_id"])
    evidenced = {o for number in refusal_numbers for o in number_orders.get(number, set())}
    evidenced |= agreed_refusals
    assert seen == labelled, f"{len(seen - labelled)} ids unlabelled, {len(labelled - seen)} extra"
    outcome = dict(zip(labels["order_id"], labels["outcome"], strict=True))
    for number in refusal_numbers:
        owners = {outcome[o] for o in number_orders.get(number, set())}
        assert owners and owners <= {"refused", "fake_shipping"}, (
            f"{number}: refusal text on {owners}"
        )
    print(f"ok: {sum(kinds.values())} files {dict(kinds)}; encodings {dict(encodings)}")
    print(f"labels: {len(labels)} orders, {dict(Counter(labels['outcome']))}")
    print(f"refused by cause: {dict(Counter(labels.loc[refused, 'cause']))}")
    silent = set(labels.loc[refused, "order_id"]) - evidenced
    print(f"refused orders without a refusal trace in any export: {len(silent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(check(Path(sys.argv[1])))
