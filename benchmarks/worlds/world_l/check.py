"""Invariants of a written world, read back from its files as the pipeline would see them.

    python -m benchmarks.worlds.world_l.check DIR --seed 1 --orders 10000

Reads DIR/exports and DIR/labels.csv, checks the labels against the evidence the contract
defines, then rebuilds the world from the seed and compares every file byte for byte.
"""

import argparse
import csv
import hashlib
import io
import re
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

from . import season
from .labels import OUTCOMES
from .mechanisms import CAUSES, MECHANISMS
from .world import build_world, write_world

REFUSAL_WORDS = re.compile("拒收|拒签|拒绝签收")
REFUSAL_CODES_KD100 = {"14"}
REFUSAL_ADVANCED = {"203"}
REFUSAL_STATE_EX = {"404"}
AGREED = "已同意拒收退款，待用户拒收"
LATEST_ALLOWED = datetime(2026, 12, 1)
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# ---- reading files back ----------------------------------------------------------------------
def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _xlsx_rows(path: Path) -> list[list[str]]:
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in root.iter(f"{_NS}row"):
        cells = {}
        for cell in row.iter(f"{_NS}c"):
            ref = re.match(r"[A-Z]+", cell.get("r")).group()
            index = 0
            for letter in ref:
                index = index * 26 + ord(letter) - 64
            text = cell.find(f"{_NS}is/{_NS}t")
            value = cell.find(f"{_NS}v")
            node = text if text is not None else value
            cells[index - 1] = node.text or "" if node is not None else ""
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i, "") for i in range(width)])
    return rows


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if path.suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        rows = list(csv.reader(io.StringIO(_decode(path.read_bytes()))))
    header = [_clean_header(name) for name in rows[0]]
    return header, [dict(zip(header, row, strict=False)) for row in rows[1:]]


def _clean_header(name: str) -> str:
    return name.strip().replace("（", "(").replace("）", ")")


def clean_id(value: str) -> str:
    value = (value or "").strip().lstrip("'")
    if value.startswith('="') and value.endswith('"'):
        value = value[2:-1]
    if re.fullmatch(r"\d+\.0", value):
        value = value[:-2]
    return value


def _times(rows, columns):
    for row in rows:
        for column in columns:
            value = (row.get(column) or "").strip()
            if value:
                yield value


def _parse_time(value: str) -> datetime:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            pass
    raise ValueError(value)


class Folder:
    """What the export folder says, gathered per kind."""

    def __init__(self, exports: Path):
        self.order_ids: set[str] = set()
        self.order_rows: list[dict[str, str]] = []
        self.events: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.after_sales: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.kinds = Counter()
        self.times: list[str] = []
        self.past_times: list[str] = []
        for path in sorted(exports.iterdir()):
            header, rows = read_table(path)
            kind = self._kind(header)
            self.kinds[kind] += 1
            getattr(self, f"_take_{kind}")(rows)
            self.times += _times(
                rows, [c for c in header if "时间" in c or c in ("AcceptTime", "日期")]
            )
            # Promises (承诺发货/送达时间) may lie after the export; the rest may not.
            self.past_times += _times(
                rows,
                [
                    c
                    for c in header
                    if ("时间" in c and not c.startswith("承诺")) or c in ("AcceptTime", "日期")
                ],
            )

    @staticmethod
    def _kind(header: list[str]) -> str:
        names = set(header)
        if {"订单号", "订单状态", "商品"} <= names:
            return "orders"
        if {"快递单号", "状态码", "事件时间"} <= names or {"LogisticCode", "AcceptTime"} <= names:
            return "tracking"
        if {"售后编号", "订单号"} <= names:
            return "after_sales"
        if {"评价时间", "评分"} <= names:
            return "reviews"
        if {"日期", "店铺评分"} <= names:
            return "store_scores"
        if {"订单号", "类型", "金额(元)"} <= names:
            return "penalties"
        raise ValueError(f"unknown export kind: {header}")

    def _take_orders(self, rows):
        for row in rows:
            self.order_ids.add(clean_id(row["订单号"]))
            self.order_rows.append(row)

    def _take_tracking(self, rows):
        for row in rows:
            number = clean_id(row.get("快递单号") or row.get("LogisticCode"))
            self.events[number].append(row)

    def _take_after_sales(self, rows):
        for row in rows:
            self.after_sales[clean_id(row["订单号"])].append(row)

    def _take_reviews(self, rows):
        for row in rows:
            self.order_ids.add(clean_id(row["订单号"]))

    def _take_penalties(self, rows):
        for row in rows:
            self.order_ids.add(clean_id(row["订单号"]))

    def _take_store_scores(self, rows):
        pass


def refusal_event(row: dict[str, str]) -> bool:
    text = row.get("事件描述") or row.get("AcceptStation") or ""
    return bool(
        row.get("状态码") in REFUSAL_CODES_KD100
        or row.get("高级状态码") in REFUSAL_ADVANCED
        or row.get("StateEx") in REFUSAL_STATE_EX
        or REFUSAL_WORDS.search(text)
    )


# ---- the checks ------------------------------------------------------------------------------
class Checker:
    def __init__(self, out: Path):
        self.out = out
        self.failures: list[str] = []
        self.folder = Folder(out / "exports")
        with open(out / "labels.csv", encoding="utf-8", newline="") as handle:
            self.labels = list(csv.DictReader(handle))
        self.by_id = {row["order_id"]: row for row in self.labels}

    def expect(self, ok: bool, message: str) -> None:
        print(("ok   " if ok else "FAIL ") + message)
        if not ok:
            self.failures.append(message)

    def run(self) -> None:
        self.check_labels()
        self.check_times()
        self.check_evidence()
        if len(self.labels) >= 5000:  # rates need a season-sized world to show
            self.check_shared_numbers()
            self.check_realism()
        else:
            print("skip shared-number and realism checks: fewer than 5,000 orders")
        self.check_readme()

    def check_labels(self) -> None:
        ids = [row["order_id"] for row in self.labels]
        self.expect(
            ids == sorted(ids) and len(ids) == len(set(ids)),
            "labels sorted by order_id, one row per order",
        )
        exported = {i for i in self.folder.order_ids if re.fullmatch(r"\d{6}-\d{15}", i)}
        self.expect(
            set(ids) == exported, f"labels cover exactly the {len(exported)} exported orders"
        )
        self.expect(all(row["outcome"] in OUTCOMES for row in self.labels), "outcomes known")
        self.expect(
            all(
                (row["outcome"] == "refused") == (row["cause"] in CAUSES)
                and (row["outcome"] == "refused" or row["cause"] == "")
                for row in self.labels
            ),
            "a cause exactly on refusals",
        )
        self.expect(
            all(
                self.folder.kinds[kind]
                for kind in (
                    "orders",
                    "tracking",
                    "after_sales",
                    "reviews",
                    "store_scores",
                    "penalties",
                )
            ),
            f"every export kind present: {dict(self.folder.kinds)}",
        )

    def check_times(self) -> None:
        parsed = [_parse_time(value) for value in self.folder.times]
        past = [_parse_time(value) for value in self.folder.past_times]
        self.expect(
            max(parsed) < LATEST_ALLOWED and max(past) <= season.CUTOFF,
            f"all {len(parsed)} timestamps before {LATEST_ALLOWED:%Y-%m-%d}, events "
            f"before the close ({max(past)})",
        )

    def _numbers_of(self) -> dict[str, list[tuple[str, str]]]:
        """tracking number -> [(发货时间, order id)] from the order exports."""
        seen = defaultdict(set)
        for row in self.folder.order_rows:
            number = clean_id(row.get("快递单号", ""))
            shipped = (row.get("发货时间") or "").strip()
            if number and "E+" not in number and shipped:
                seen[number].add(
                    (_parse_time(shipped).strftime("%Y-%m-%d %H:%M"), clean_id(row["订单号"]))
                )
        return {number: sorted(pairs) for number, pairs in seen.items()}

    def check_evidence(self) -> None:
        numbers = self._numbers_of()
        refused_numbers = set()
        missing, false_hits = [], []
        for number, pairs in numbers.items():
            coded = any(refusal_event(row) for row in self.folder.events.get(number, []))
            first_time = pairs[0][0]
            for shipped, order_id in pairs:
                label = self.by_id[order_id]
                agreed = any(
                    row["售后状态"] == AGREED for row in self.folder.after_sales.get(order_id, [])
                )
                carried = shipped == first_time  # the parcel really carried this order
                evidence = agreed or (coded and carried)
                if label["outcome"] == "refused":
                    refused_numbers.add(number)
                    if not evidence:
                        missing.append(order_id)
                elif evidence:
                    false_hits.append(order_id)
        refused = [row for row in self.labels if row["outcome"] == "refused"]
        self.expect(
            not missing,
            f"every refusal leaves contract evidence ({len(missing)} without: {missing[:3]})",
        )
        self.expect(not false_hits, f"no refusal evidence on non-refused orders ({false_hits[:3]})")
        self.expect(len(refused) >= 1, f"{len(refused)} refusals in {len(refused_numbers)} parcels")
        reasons = [
            row["售后原因"]
            for order_id, rows in self.folder.after_sales.items()
            for row in rows
            if self.by_id[order_id]["outcome"] != "refused"
        ]
        self.expect(
            not any("拒" in reason for reason in reasons),
            "no refusal wording in after-sales reasons of non-refused orders",
        )

    def check_shared_numbers(self) -> None:
        numbers = self._numbers_of()
        merged = reused = 0
        consistent = True
        for pairs in numbers.values():
            if len(pairs) < 2:
                continue
            times = Counter(shipped for shipped, _ in pairs)
            for shipped, count in times.items():
                if count > 1:
                    merged += 1
                    labels = {
                        (self.by_id[o]["outcome"] == "refused", self.by_id[o]["cause"])
                        for t, o in pairs
                        if t == shipped
                    }
                    consistent &= len(labels) == 1
            if len(times) > 1:
                reused += 1
                later = [o for t, o in pairs if t != pairs[0][0]]
                consistent &= all(self.by_id[o]["outcome"] != "refused" for o in later)
        self.expect(
            merged > 0 and reused > 0,
            f"shared numbers present: {merged} merged shipments, {reused} reused",
        )
        self.expect(
            consistent,
            "merged orders are refused together (same cause); reused "
            "numbers refuse only the first order",
        )

    def check_realism(self) -> None:
        outcomes = Counter(row["outcome"] for row in self.labels)
        causes = Counter(row["cause"] for row in self.labels if row["cause"])
        total = len(self.labels)
        print("     outcomes:", dict(outcomes))
        print("     causes:  ", dict(causes))
        self.expect(
            all(causes[cause] >= max(5, total // 1000) for cause in CAUSES),
            "every cause has refusals",
        )
        share = outcomes["refused"] / total
        self.expect(0.03 <= share <= 0.10, f"refusal share {share:.3f} within 3-10%")
        self.expect(
            outcomes["returned_undelivered"] > 0 and outcomes["lost"] > 0,
            "non-refusal returns and losses present",
        )
        generic = 0
        worded = 0
        for row in self.labels:
            if row["outcome"] != "refused":
                continue
            texts = [self._refusal_text(order_id=row["order_id"])]
            worded += 1
            generic += texts[0] in ("", "generic")
        self.expect(
            generic / max(worded, 1) >= 0.4,
            f"{generic}/{worded} refusals carry a generic, blank or no refusal text",
        )

    def _refusal_text(self, order_id: str) -> str:
        for row in self.folder.order_rows:
            if clean_id(row["订单号"]) == order_id and (row.get("快递单号") or "").strip():
                number = clean_id(row["快递单号"])
                break
        else:
            return ""
        for event in self.folder.events.get(number, []):
            if refusal_event(event):
                text = event.get("事件描述") or event.get("AcceptStation") or ""
                if re.search(
                    "原因|称|说|嫌|验货|破损|压|冻|烂|霉|慢|超时|未购买|没有|不认识|陌生|"
                    "评价|差评|退款|不想要|太小|不符|不对版|发错|青|软|异味|坏|太长|太久|"
                    "星期|渗水|变形|没买",
                    text,
                ):
                    return "reason"
                return "generic"
        return ""

    def check_readme(self) -> None:
        readme = (Path(__file__).with_name("README.md")).read_text(encoding="utf-8")
        missing = [m.code for m in MECHANISMS if f"`{m.code}`" not in readme]
        self.expect(not missing, f"README names every mechanism ({missing})")

    def check_rerun(self, seed: int, orders: int) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            again = Path(scratch) / "again"
            write_world(build_world(seed, orders), again)
            mine, theirs = _digest(self.out), _digest(again)
        self.expect(mine == theirs, f"byte-identical re-run ({len(mine)} files)")


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.worlds.world_l.check")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    args = parser.parse_args(argv)
    checker = Checker(args.out)
    checker.run()
    checker.check_rerun(args.seed, args.orders)
    print(f"{len(checker.failures)} failed" if checker.failures else "all checks passed")
    return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main())
