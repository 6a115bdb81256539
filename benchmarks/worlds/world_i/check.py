"""Read a generated world back and assert its interface:
python -m benchmarks.worlds.world_i.check DIR."""

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook

from .export_optional import (
    AFTER_SALES_HEADER,
    PENALTIES_HEADER,
    REVIEWS_HEADER,
    STORE_SCORES_HEADER,
)
from .export_orders import FULL_LAYOUT, SHORT_LAYOUT
from .export_tracking import KUAIDI100_HEADER, KUAIDI_NIAO_HEADER
from .labels import LABELS_HEADER
from .model import CAUSES, OUTCOMES

ORDER_ID = re.compile(r"^\d{6}-\d{15}$")
KINDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "orders": (FULL_LAYOUT, SHORT_LAYOUT),
    "kuaidi100": (KUAIDI100_HEADER,),
    "kuaidi_niao": (KUAIDI_NIAO_HEADER,),
    "after_sales": (AFTER_SALES_HEADER,),
    "reviews": (REVIEWS_HEADER,),
    "store_scores": (STORE_SCORES_HEADER,),
    "penalties": (PENALTIES_HEADER,),
}
REQUIRED_KINDS = ("orders", "after_sales", "reviews", "store_scores", "penalties")


def normalise_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").replace("（", "(").replace("）", ")")


def clean_cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.strip().lstrip("'")
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return text.lstrip("=")


def read_rows(path: Path) -> list[list[str]]:
    if path.suffix == ".xlsx":
        workbook = load_workbook(path, read_only=True)
        sheet = workbook.worksheets[0]
        rows = [[clean_cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return [[clean_cell(cell) for cell in row] for row in csv.reader(text.splitlines())]


def kind_of(header: list[str]) -> str:
    names = tuple(normalise_header(name) for name in header)
    for kind, layouts in KINDS.items():
        if names in layouts:
            return kind
    raise AssertionError(f"unknown header {names[:5]}…")


def exported_order_ids(exports: Path) -> tuple[set[str], Counter[str]]:
    ids: set[str] = set()
    kinds: Counter[str] = Counter()
    for path in sorted(exports.iterdir()):
        rows = read_rows(path)
        kind = kind_of(rows[0])
        kinds[kind] += 1
        header = [normalise_header(name) for name in rows[0]]
        if "订单号" not in header:
            continue
        column = header.index("订单号")
        for row in rows[1:]:
            assert ORDER_ID.match(row[column]), f"{path.name}: bad 订单号 {row[column]!r}"
            ids.add(row[column])
    return ids, kinds


def read_labels(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == LABELS_HEADER, f"labels header is {rows[0]}"
    return rows[1:]


def check(folder: Path) -> Counter[str]:
    ids, kinds = exported_order_ids(folder / "exports")
    for kind in REQUIRED_KINDS:
        assert kinds[kind], f"no {kind} export"
    assert kinds["kuaidi100"] + kinds["kuaidi_niao"], "no tracking export"
    labels = read_labels(folder / "labels.csv")
    labelled = [row[0] for row in labels]
    assert labelled == sorted(labelled), "labels are not sorted by order_id"
    assert len(labelled) == len(set(labelled)), "an order is labelled twice"
    assert set(labelled) == ids, (
        f"{len(ids - set(labelled))} exported orders unlabelled, "
        f"{len(set(labelled) - ids)} labels for orders no export mentions")
    causes: Counter[str] = Counter()
    for order_id, outcome, cause in labels:
        assert outcome in OUTCOMES, f"{order_id}: unknown outcome {outcome}"
        if outcome == "refused":
            assert cause in CAUSES, f"{order_id}: refused without a valid cause"
            causes[cause] += 1
        else:
            assert cause == "", f"{order_id}: cause on a {outcome} order"
    return causes


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m benchmarks.worlds.world_i.check DIR", file=sys.stderr)
        return 2
    causes = check(Path(argv[0]))
    print("ok: " + ", ".join(f"{key}={value}" for key, value in sorted(causes.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
