"""Read a generated folder back, as a stranger would, and check its labels against its exports.

    python -m benchmarks.worlds.world_h.check DIR

It shares nothing with the generator but the file layout's conventions (the download date in each
file name): it detects each file's kind from its header, undoes the disguises the contract lists,
and checks that every order id any export mentions is labelled exactly once, that each outcome
has the trace it should have (a refusal: a refusal scan after its shipping time or the state
已同意拒收退款，待用户拒收; never either for another outcome), that orders shipped together share
their fate and that a reused number's later orders are fake shipping. Prints a summary; exits 1
on the first kind of inconsistency found, listing a few examples.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

OUTCOMES = {"refused", "delivered", "returned_undelivered", "in_transit", "cancelled",
            "not_shipped", "fake_shipping", "lost", "refunded"}
CAUSES = {"product_quality", "logistics", "reviews", "rule_violation"}
REFUSAL_WORDS = ("拒收", "拒签", "拒绝签收")
REFUSAL_STATE = "已同意拒收退款，待用户拒收"
#: returned to the shop: Kuaidi100 退签/退回 states and the return reasons' advanced codes,
#: Kuaidi Niao's return reasons and 退货签收/退货未签收
RETURN_K100_STATES = {"4", "6"}
RETURN_K100 = {"205", "206", "207"}
RETURN_KDNIAO = {"406", "407", "412", "413", "416", "420"}
STALE = {"202", "403"}


def _clean_header(name: str) -> str:
    return name.strip().strip("\ufeff").strip().replace("（", "(").replace("）", ")")


def _clean_cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    text = text.lstrip("'")
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    return text


def _damaged(value: str) -> bool:
    return bool(re.fullmatch(r"\d(\.\d+)?E\+\d+", value))


def read_table(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".xlsx":
        sheet = load_workbook(path, read_only=True).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    else:
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [_clean_header(str(h)) for h in rows[0]]
    return [dict(zip(header, (_clean_cell(v) for v in row), strict=False)) for row in rows[1:]]


def _stamp(path: Path) -> str:
    found = re.findall(r"(20\d{6})", path.name)
    return found[-1] if found else "00000000"


@dataclass
class Folder:
    """What the exports say, gathered per order and per tracking number."""

    order_rows: dict[str, list[tuple[str, dict[str, str]]]] = field(
        default_factory=lambda: defaultdict(list))
    events: dict[str, set[tuple[str, str, str, str]]] = field(
        default_factory=lambda: defaultdict(set))
    after_sales: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    mentioned: set[str] = field(default_factory=set)
    damaged_rows: int = 0
    kinds: Counter = field(default_factory=Counter)


def load(folder: Path) -> Folder:
    seen = Folder()
    for path in sorted(folder.iterdir()):
        rows = read_table(path)
        header = set(rows[0]) if rows else set(read_table_header(path))
        stamp = _stamp(path)
        if {"订单号", "订单状态"} <= header:
            seen.kinds["orders"] += 1
            for row in rows:
                seen.order_rows[row["订单号"]].append((stamp, row))
                seen.damaged_rows += _damaged(row.get("快递单号", ""))
        elif {"快递单号", "状态码", "事件时间"} <= header:
            seen.kinds["kuaidi100"] += 1
            for row in rows:
                code = row.get("高级状态码", "")
                refusal = row["状态码"] == "14" or code == "203" or _says_refusal(row["事件描述"])
                returned = code in RETURN_K100 or row["状态码"] in RETURN_K100_STATES
                seen.events[row["快递单号"]].add((row["事件时间"], _kind(
                    refusal, row["状态码"] == "3", returned, code in STALE or "未更新" in row[
                        "事件描述"]), row["状态码"], row["事件描述"]))
        elif {"LogisticCode", "AcceptTime"} <= header:
            seen.kinds["kdniao"] += 1
            for row in rows:
                code = row["StateEx"]
                refusal = code == "404" or _says_refusal(row["AcceptStation"])
                seen.events[row["LogisticCode"]].add((row["AcceptTime"], _kind(
                    refusal, row["State"] == "3", code in RETURN_KDNIAO, code in STALE),
                    row["State"], row["AcceptStation"]))
        elif {"售后编号", "订单号"} <= header:
            seen.kinds["after_sales"] += 1
            for row in rows:
                seen.after_sales[row["订单号"]].add((row["售后类型"], row["售后状态"]))
                seen.mentioned.add(row["订单号"])
        else:
            seen.kinds["other"] += 1
            seen.mentioned.update(row["订单号"] for row in rows if row.get("订单号"))
    seen.mentioned.update(seen.order_rows)
    return seen


def read_table_header(path: Path) -> list[str]:
    """The header of a file with no data rows."""
    if path.suffix == ".xlsx":
        first = next(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
        return [_clean_header(str(h)) for h in first]
    text = path.read_bytes().decode("gb18030", errors="replace")
    return [_clean_header(h) for h in next(csv.reader(io.StringIO(text)))]


def _says_refusal(text: str) -> bool:
    return any(word in text for word in REFUSAL_WORDS)


def _kind(refusal: bool, signed: bool, returned: bool, stale: bool) -> str:
    if refusal:
        return "refusal"
    if signed:
        return "signed"
    if returned:
        return "returned"
    return "stale" if stale else "move"


def _minute(text: str) -> str:
    """`YYYY/MM/DD HH:MM` or `YYYY-MM-DD HH:MM:SS` → `YYYY-MM-DD HH:MM` (Excel drops seconds), so
    that times compare as strings."""
    return text.replace("/", "-")[:16]


@dataclass
class OrderFacts:
    latest_status: str
    statuses: set[str]
    ship_at: str
    numbers: set[str]
    after_sale_states: set[str]
    after_sale_kinds: set[str]


def facts(seen: Folder, order_id: str) -> OrderFacts:
    rows = sorted(seen.order_rows.get(order_id, []), key=lambda item: item[0])
    statuses = {row["订单状态"].replace(",", "，") for _, row in rows}
    latest = rows[-1][1]["订单状态"].replace(",", "，") if rows else ""
    ships = sorted({_minute(row.get("发货时间", "")) for _, row in rows} - {""})
    numbers = {row.get("快递单号", "") for _, row in rows} - {""}
    numbers = {n for n in numbers if not _damaged(n)}
    records = seen.after_sales.get(order_id, set())
    return OrderFacts(latest, statuses, ships[0] if ships else "", numbers,
                      {state for _, state in records}, {kind for kind, _ in records})


def _events_after(seen: Folder, f: OrderFacts, kind: str) -> bool:
    return any(e[1] == kind and e[0] >= f.ship_at
               for n in f.numbers for e in seen.events.get(n, ()))


def _tracked(seen: Folder, f: OrderFacts) -> bool:
    return any(seen.events.get(n) for n in f.numbers)


def check_order(seen: Folder, order_id: str, outcome: str) -> str:
    """The inconsistency between this order's label and its exports, or ""."""
    f = facts(seen, order_id)
    refusal_trace = (bool(f.ship_at) and _events_after(seen, f, "refusal")) or (
        REFUSAL_STATE in f.after_sale_states)
    if outcome == "refused":
        return "" if refusal_trace else "refused without a refusal scan or 拒收 after-sales state"
    if refusal_trace:
        return f"{outcome} but a refusal trace"
    tracked = _tracked(seen, f) and bool(f.ship_at)
    if outcome == "cancelled" and f.latest_status not in ("已取消", "未发货，退款成功"):
        return f"cancelled but latest status {f.latest_status}"
    if outcome == "not_shipped" and f.ship_at:
        return "not shipped but a 发货时间"
    if outcome in ("delivered", "refunded") and not (
            "已签收" in f.statuses or (tracked and _events_after(seen, f, "signed"))):
        return f"{outcome} without 已签收 or a signature scan"
    if outcome == "refunded" and "退货退款" not in f.after_sale_kinds:
        return "refunded without a 退货退款 record"
    if outcome == "returned_undelivered" and tracked and not _events_after(seen, f, "returned"):
        return "returned undelivered without a return scan"
    if outcome == "in_transit" and tracked and (
            _events_after(seen, f, "signed") or _events_after(seen, f, "returned")):
        return "in transit but a final scan"
    if outcome == "lost" and tracked and not _events_after(seen, f, "stale"):
        return "lost without a stale-tracking event"
    return ""


_PARCEL_FATE = {"refunded": "delivered"}


def check_shared_numbers(seen: Folder, labels: dict[str, tuple[str, str]]) -> list[str]:
    """Orders on one number: shipped together share the parcel's fate (one of them may have been
    returned after delivery); on a reused number, the orders shipped after the first are fake
    shipping."""
    by_number: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for order_id in labels:
        f = facts(seen, order_id)
        for number in f.numbers:
            by_number[number].append((f.ship_at, order_id))
    problems = []
    for number, shipped in sorted(by_number.items()):
        if len(shipped) < 2:
            continue
        first = min(at for at, _ in shipped)
        together = [(_PARCEL_FATE.get(labels[o][0], labels[o][0]), labels[o][1])
                    for at, o in shipped if at == first]
        if len(set(together)) > 1:
            problems.append(f"{number}: orders shipped together disagree {together}")
        for at, order_id in shipped:
            if at != first and labels[order_id][0] != "fake_shipping":
                problems.append(f"{number}: reused for {order_id} labelled {labels[order_id][0]}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m benchmarks.worlds.world_h.check DIR", file=sys.stderr)
        return 2
    root = Path(argv[0])
    seen = load(root / "exports")
    with (root / "labels.csv").open(encoding="utf-8", newline="") as handle:
        label_rows = list(csv.DictReader(handle))
    ids = [row["order_id"] for row in label_rows]
    labels = {row["order_id"]: (row["outcome"], row["cause"]) for row in label_rows}
    problems: dict[str, list[str]] = defaultdict(list)
    if ids != sorted(ids) or len(ids) != len(set(ids)):
        problems["labels not sorted or not unique"].append(f"{len(ids)} rows")
    for missing in sorted(seen.mentioned - set(ids))[:5]:
        problems["exported order without a label"].append(missing)
    for extra in sorted(set(ids) - seen.mentioned)[:5]:
        problems["label for an order no export mentions"].append(extra)
    for order_id, (outcome, cause) in labels.items():
        if outcome not in OUTCOMES or (cause not in CAUSES if outcome == "refused" else cause):
            problems["bad outcome or cause"].append(f"{order_id} {outcome} {cause}")
            continue
        issue = check_order(seen, order_id, outcome)
        if issue:
            problems[issue.split(" but ")[0] + " …"].append(f"{order_id}: {issue}")
    for issue in check_shared_numbers(seen, labels):
        problems["shared tracking number"].append(issue)
    outcomes = Counter(outcome for outcome, _ in labels.values())
    causes = Counter(cause for outcome, cause in labels.values() if outcome == "refused")
    only_after_sales = sum(
        1 for order_id, (outcome, _) in labels.items() if outcome == "refused"
        and not _events_after(seen, facts(seen, order_id), "refusal"))
    print(f"files: {dict(seen.kinds)}; orders labelled: {len(ids)}; rows with E-notation "
          f"tracking numbers: {seen.damaged_rows}")
    print(f"outcomes: {dict(sorted(outcomes.items()))}")
    print(f"refusals by cause: {dict(sorted(causes.items()))}; seen only through the after-sales "
          f"state: {only_after_sales}")
    if problems:
        for kind, examples in problems.items():
            print(f"FAIL {kind}: {len(examples)} (e.g. {examples[:3]})")
        return 1
    print("OK: every exported order is labelled once and each label agrees with the exports")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
