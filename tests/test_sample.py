"""The sample generator: deterministic, complete, and every refusal backed by contract evidence.

The files are read back the way the contract describes them (kind from the header row, encoding
detected, cell prefixes stripped), independently of the pipeline's own loader, so these tests say
whether the generator honours the contract, not whether two pieces of code agree.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipelines import cli, sample
from pipelines.causes import CAUSE_CODES

ORDERS = 600
REFUSAL_TEXT = re.compile("拒收|拒签|拒绝签收")
REFUSAL_REFUND = "已同意拒收退款，待用户拒收"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "exports"
    sample.generate_sample(out, orders=ORDERS, seed=3, weeks=4)
    return out


@pytest.fixture(scope="module")
def tables(folder: Path) -> list[Table]:
    return [read_table(path) for path in sorted(folder.iterdir()) if path.is_file()]


@pytest.fixture(scope="module")
def labels(folder: Path) -> dict[str, tuple[str, str]]:
    with (folder / "labels" / "labels.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["order_id"]: (row["outcome"], row["cause"]) for row in csv.DictReader(handle)}


class Table:
    """One export as the contract says to read it."""

    def __init__(self, path: Path, encoding: str, header: list[str], rows: list[list[str]]):
        self.path, self.encoding = path, encoding
        self.header = [clean_header(name) for name in header]
        self.rows = [dict(zip(self.header, map(clean_cell, row), strict=False)) for row in rows]
        self.kind = kind_of(set(self.header))


def read_table(path: Path) -> Table:
    if path.suffix == ".xlsx":
        values = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        text_rows = [[str(value) for value in row] for row in values]
        return Table(path, "xlsx", text_rows[0], text_rows[1:])
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        try:
            raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"
    rows = list(csv.reader(io.StringIO(raw.decode(encoding), newline="")))
    return Table(path, encoding, rows[0], rows[1:])


def clean_header(name: str) -> str:
    return name.strip().strip("\ufeff").replace("（", "(").replace("）", ")")


def clean_cell(value: str) -> str:
    value = value.strip()
    if value.startswith('="') and value.endswith('"'):
        return value[2:-1]
    return value.lstrip("'=")


def kind_of(header: set[str]) -> str:
    if {"订单号", "订单状态"} <= header:
        return "orders"
    if {"快递单号", "状态码", "事件时间"} <= header:
        return "kuaidi100"
    if {"LogisticCode", "AcceptTime"} <= header:
        return "kdniao"
    if {"售后编号", "售后状态"} <= header:
        return "after_sales"
    if {"评分", "评价内容"} <= header:
        return "reviews"
    if {"店铺评分", "描述相符"} <= header:
        return "store_scores"
    if {"类型", "金额(元)"} <= header:
        return "penalties"
    return "unknown"


def order_layout(table: Table) -> str:
    if "拼单成功时间" in table.header:
        return "2019"
    if "承诺发货时间" in table.header:
        return "2023"
    return "2024" if len(table.header) == 27 else "unknown"


def of_kind(tables: list[Table], *kinds: str) -> list[Table]:
    return [table for table in tables if table.kind in kinds]


def refusal_evidence(tables: list[Table]) -> tuple[set[str], set[str]]:
    """Tracking numbers with a refusal event and orders in the refusal-refund state, by the
    contract's definition of a refusal."""
    parcels: set[str] = set()
    for table in of_kind(tables, "kuaidi100"):
        for row in table.rows:
            if row["状态码"] == "14" or row.get("高级状态码") == "203" \
                    or REFUSAL_TEXT.search(row["事件描述"]):
                parcels.add(row["快递单号"])
    for table in of_kind(tables, "kdniao"):
        for row in table.rows:
            if row["StateEx"] == "404" or REFUSAL_TEXT.search(row["AcceptStation"]):
                parcels.add(row["LogisticCode"])
    orders = {row["订单号"] for table in of_kind(tables, "after_sales") for row in table.rows
              if row["售后状态"] == REFUSAL_REFUND}
    return parcels, orders


def parcels_by_order(tables: list[Table]) -> dict[str, set[str]]:
    parcels: dict[str, set[str]] = defaultdict(set)
    for table in of_kind(tables, "orders"):
        for row in table.rows:
            number = row["快递单号"].removesuffix(".0")
            if number and "E+" not in number:
                parcels[row["订单号"]].add(number)
    return parcels


def refused_by_parcel(tables: list[Table], refused_parcels: set[str]) -> set[str]:
    """The orders a refused parcel refuses, by the contract: the order its number was first
    shipped for and any shipped together with it (the same 发货时间 to the minute and no region
    that differs); a later order on a reused number is fake shipping, not a refusal."""
    shipped_at: dict[str, datetime] = {}
    region: dict[str, dict[str, str]] = defaultdict(dict)
    for table in of_kind(tables, "orders"):
        for row in table.rows:
            if row["发货时间"]:
                shipped_at[row["订单号"]] = minute(row["发货时间"])
            for column in ("省", "市", "区", "街道/镇", "街道"):
                if row.get(column):
                    region[row["订单号"]][column.removesuffix("/镇")] = row[column]
    carried: dict[str, set[str]] = defaultdict(set)
    for order, numbers in parcels_by_order(tables).items():
        for number in numbers & refused_parcels:
            carried[number].add(order)
    refused: set[str] = set()
    for orders in carried.values():
        first = min(orders, key=shipped_at.__getitem__)
        refused |= {order for order in orders if shipped_at[order] == shipped_at[first]
                    and all(region[first].get(key, value) == value
                            for key, value in region[order].items())}
    return refused


def refusals_by_contract(tables: list[Table]) -> set[str]:
    refused_parcels, refusal_refunds = refusal_evidence(tables)
    return refusal_refunds | refused_by_parcel(tables, refused_parcels)


def test_same_arguments_give_identical_bytes(folder: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    sample.generate_sample(again, orders=ORDERS, seed=3, weeks=4)
    first = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_another_seed_gives_other_data(folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    sample.generate_sample(other, orders=ORDERS, seed=4, weeks=4)
    labels = (folder / "labels" / "labels.csv").read_bytes()
    assert (other / "labels" / "labels.csv").read_bytes() != labels


def test_one_shop_seed_gives_later_weeks_of_the_same_shop(tables: list[Table],
                                                          tmp_path: Path) -> None:
    later = tmp_path / "later"
    sample.generate_sample(later, orders=ORDERS, seed=4, weeks=4, end_date=date(2026, 12, 20),
                           shop_seed=3)
    later_tables = [read_table(path) for path in sorted(later.iterdir()) if path.is_file()]

    def products(tables: list[Table]) -> dict[str, str]:
        return {row["商品id"]: row["商品"] for t in of_kind(tables, "orders") for row in t.rows}

    def orders(tables: list[Table]) -> set[str]:
        return {row["订单号"] for t in of_kind(tables, "orders") for row in t.rows}

    assert products(later_tables) == products(tables)  # the same catalogue, ids and all
    assert orders(later_tables).isdisjoint(orders(tables))


def test_without_growth_the_weekly_volume_stays_level(tmp_path: Path) -> None:
    def last_to_first_fortnight(daily_growth: float) -> float:
        """Orders of the last two weeks over those of the first two (nine weeks of orders)."""
        out = tmp_path / str(daily_growth)
        sample.generate_sample(out, orders=9000, seed=5, weeks=8, daily_growth=daily_growth)
        with (out / "labels" / "labels.csv").open(encoding="utf-8-sig", newline="") as handle:
            days = [datetime.strptime(row["order_id"][:6], "%y%m%d").date()
                    for row in csv.DictReader(handle)]
        weeks = Counter((day - min(days)).days // 7 for day in days)
        assert sorted(weeks) == list(range(9))
        return (weeks[7] + weeks[8]) / (weeks[0] + weeks[1])

    assert last_to_first_fortnight(0.01) > 1.25
    assert 0.9 < last_to_first_fortnight(0.0) < 1.1


def test_every_kind_layout_encoding_and_format_appears(tables: list[Table]) -> None:
    kinds = Counter(table.kind for table in tables)
    assert set(kinds) == {"orders", "kuaidi100", "kdniao", "after_sales", "reviews",
                          "store_scores", "penalties"}
    assert kinds["orders"] == 4 and kinds["kuaidi100"] + kinds["kdniao"] == 4
    assert {order_layout(t) for t in of_kind(tables, "orders")} == {"2019", "2023", "2024"}
    assert {t.encoding for t in tables} == {"utf-8", "utf-8-sig", "gb18030", "xlsx"}
    assert {t.encoding for t in of_kind(tables, "orders")} == {"utf-8", "utf-8-sig", "gb18030",
                                                                "xlsx"}


def test_the_2024_layout_keeps_the_platform_column_order(tables: list[Table]) -> None:
    short = [t for t in of_kind(tables, "orders") if order_layout(t) == "2024"]
    assert short
    assert all(t.header[:3] == ["商品", "订单号", "订单状态"] and t.header[-1] == "分期方式"
               for t in short)


def test_file_names_do_not_name_the_kind(folder: Path, tables: list[Table]) -> None:
    names_by_kind = defaultdict(set)
    for table in tables:
        names_by_kind[table.kind].add(re.sub(r"[\d\-_().]+|csv|xlsx", "", table.path.name))
    assert all(len(names) > 1 for kind, names in names_by_kind.items()
               if kind in {"orders", "kuaidi100", "kdniao", "after_sales"})


def test_the_contract_quirks_are_present(folder: Path, tables: list[Table]) -> None:
    raw = b"".join(path.read_bytes() for path in folder.glob("*.csv"))
    order_cells = [row for t in of_kind(tables, "orders") for row in t.rows]
    assert b'"\t26' in raw and b'"=""26' in raw
    assert any("E+" in row["快递单号"] for row in order_cells)
    assert any(row["快递单号"].endswith(".0") for row in order_cells)
    assert any(row["商品总价(元)"].startswith("¥") for row in order_cells)
    assert any(row["订单状态"] == "已发货,待签收" for row in order_cells)
    assert any("<script>" in row["商品"] for row in order_cells)
    assert any(re.fullmatch(r"[GV]-\d+.*", row["商家备注"]) for row in order_cells)
    headers = [name for path in folder.glob("*.csv") for name in
               next(csv.reader(io.StringIO(read_text(path))))]
    assert any(name != name.strip() for name in headers)
    assert any("（" in name for name in headers)
    event_times = [row["事件时间"] for t in of_kind(tables, "kuaidi100") for row in t.rows]
    assert any("/" in time for time in event_times) and any("-" in time for time in event_times)


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"{path.name} is neither UTF-8 nor GB18030")


def test_order_ids_follow_the_platform_format(tables: list[Table]) -> None:
    for table in of_kind(tables, "orders"):
        time_column = "拼单成功时间" if "拼单成功时间" in table.header else "订单成交时间"
        for row in table.rows:
            assert re.fullmatch(r"\d{6}-\d{15}", row["订单号"])
            ordered = date.fromisoformat(row[time_column][:10])
            assert row["订单号"][:6] == f"{ordered:%y%m%d}"


def test_labels_cover_exactly_the_exported_orders(tables: list[Table],
                                                  labels: dict[str, tuple[str, str]]) -> None:
    exported = {row["订单号"] for t in of_kind(tables, "orders") for row in t.rows}
    assert exported == set(labels)
    assert len(labels) == ORDERS


def test_labels_use_the_contract_vocabulary(labels: dict[str, tuple[str, str]]) -> None:
    outcomes = Counter(outcome for outcome, _ in labels.values())
    assert set(outcomes) <= set(sample.OUTCOMES)
    assert {outcome for outcome, count in outcomes.items() if count} >= {
        "refused", "returned_undelivered", "delivered", "in_transit", "not_shipped"}
    assert all((cause in CAUSE_CODES) == (outcome == "refused")
               for outcome, cause in labels.values())
    assert {cause for _, cause in labels.values() if cause} == set(CAUSE_CODES)


def test_every_refusal_has_contract_evidence_and_nothing_else_has(
        tables: list[Table], labels: dict[str, tuple[str, str]]) -> None:
    with_evidence = refusals_by_contract(tables)
    refused = {order for order, (outcome, _) in labels.items() if outcome == "refused"}
    assert refused - with_evidence == set()
    assert with_evidence - refused == set()


def test_a_reused_tracking_number_refuses_only_the_order_it_was_first_shipped_for(
        tmp_path: Path) -> None:
    """Boosted orders ride on one parcel's number; the sample above is too small to hold any."""
    sample.generate_sample(tmp_path, orders=1500, seed=3, weeks=2, profile="rules_heavy")
    tables = [read_table(path) for path in sorted(tmp_path.iterdir()) if path.is_file()]
    with (tmp_path / "labels" / "labels.csv").open(encoding="utf-8-sig", newline="") as handle:
        outcomes = {row["order_id"]: row["outcome"] for row in csv.DictReader(handle)}
    refused_parcels, _ = refusal_evidence(tables)
    orders_on = Counter(number for numbers in parcels_by_order(tables).values()
                        for number in numbers)
    assert any(orders_on[number] > 1 for number in refused_parcels)
    assert {order for order, outcome in outcomes.items() if outcome == "refused"} \
        == refusals_by_contract(tables)


def refused_with(labels: dict[str, tuple[str, str]], cause: str) -> list[str]:
    return [order for order, (outcome, truth) in labels.items()
            if outcome == "refused" and truth == cause]


def order_rows(tables: list[Table]) -> dict[str, list[dict[str, str]]]:
    rows = defaultdict(list)
    for table in of_kind(tables, "orders"):
        for row in table.rows:
            rows[row["订单号"]].append(row)
    return rows


def yuan(cell: str) -> float:
    return float(cell.replace("¥", "").replace(",", ""))


def test_rule_violation_refusals_show_a_rule_signal(
        tables: list[Table], labels: dict[str, tuple[str, str]]) -> None:
    """A boosting tag, a fake-shipping bill, a shared or pickup-less parcel, or a ¥0 order."""
    rows = order_rows(tables)
    parcels = parcels_by_order(tables)
    orders_on_parcel = Counter(number for numbers in parcels.values() for number in numbers)
    fake_bills = [row for t in of_kind(tables, "penalties") for row in t.rows
                  if row["类型"] in {"虚假轨迹", "虚假发货", "虚假交易"}]
    billed = {row["订单号"] for row in fake_bills} | {row["快递单号"] for row in fake_bills}
    picked_up = {row["快递单号"] for t in of_kind(tables, "kuaidi100") for row in t.rows
                 if row["状态码"] == "1"} | {row["LogisticCode"] for t in of_kind(tables, "kdniao")
                                             for row in t.rows if row["State"] == "1"}

    def has_signal(order: str) -> bool:
        return (any(re.match(r"[GV]-\d+", row["商家备注"]) for row in rows[order])
                or order in billed or bool(parcels[order] & billed)
                or any(orders_on_parcel[number] > 1 for number in parcels[order])
                or not parcels[order] <= picked_up
                or max(yuan(row["用户实付金额(元)"]) for row in rows[order]) < 1)

    refused = refused_with(labels, "rule_violation")
    assert refused
    missing = [order for order in refused if not has_signal(order)]
    assert missing == []
    all_parcels = set().union(*parcels.values())
    assert len(all_parcels - picked_up) < 0.05 * len(all_parcels)  # a signal, not the norm


def test_quality_refusals_name_the_goods_or_sit_on_a_bad_product(
        tables: list[Table], labels: dict[str, tuple[str, str]]) -> None:
    """Wording about the goods in tracking or after-sales; where there is none, the product is
    one the shop's refusals pile up on (pooled: at least twice the rate of the other products)."""
    quality_words = re.compile("验货不合格|质量问题|与商品描述不符|假冒|做工粗糙|瑕疵|发错货")
    worded_parcels = {row["快递单号"] for t in of_kind(tables, "kuaidi100") for row in t.rows
                      if quality_words.search(row["事件描述"])}
    worded_parcels |= {row["LogisticCode"] for t in of_kind(tables, "kdniao") for row in t.rows
                       if quality_words.search(row["AcceptStation"])}
    worded_orders = {row["订单号"] for t in of_kind(tables, "after_sales") for row in t.rows
                     if quality_words.search(row["售后原因"])}
    parcels = parcels_by_order(tables)
    refused = refused_with(labels, "product_quality")
    wordless = [o for o in refused if o not in worded_orders and not parcels[o] & worded_parcels]
    assert refused and len(wordless) < len(refused)
    product = {order: rows[0]["商品id"] for order, rows in order_rows(tables).items()}
    suspects = {product[order] for order in wordless}
    on_suspects = [o for o in product if product[o] in suspects]
    elsewhere = [o for o in product if product[o] not in suspects]

    def refusal_rate(orders: list[str]) -> float:
        return sum(labels[o][0] == "refused" for o in orders) / len(orders)

    assert not wordless or refusal_rate(on_suspects) >= 2 * refusal_rate(elsewhere)


def parcel_events(tables: list[Table]) -> dict[str, list[tuple[datetime, str, str]]]:
    """Each parcel's events, oldest first, as (time, Kuaidi100-style code, text), once each
    although overlapping exports repeat them; the minute is the common precision."""
    events: dict[str, set[tuple[datetime, str, str]]] = defaultdict(set)
    for table in of_kind(tables, "kuaidi100"):
        for row in table.rows:
            code = row.get("高级状态码") or row["状态码"]
            events[row["快递单号"]].add((minute(row["事件时间"]), code, row["事件描述"]))
    for table in of_kind(tables, "kdniao"):
        for row in table.rows:
            code = row["StateEx"] or row["State"]
            events[row["LogisticCode"]].add((minute(row["AcceptTime"]), code,
                                             row["AcceptStation"]))
    return {parcel: sorted(dict(((at, text), (at, code, text)) for at, code, text in found)
                           .values()) for parcel, found in events.items()}


def minute(text: str) -> datetime:
    return datetime.strptime(text[:16].replace("/", "-"), "%Y-%m-%d %H:%M")


def test_parcels_carry_about_eight_events(tables: list[Table]) -> None:
    counts = [len(found) for found in parcel_events(tables).values()]
    assert 6 <= sum(counts) / len(counts) <= 11


def test_refused_parcels_go_out_for_delivery_then_back(
        tables: list[Table], labels: dict[str, tuple[str, str]]) -> None:
    events = parcel_events(tables)
    parcels = parcels_by_order(tables)
    refused = [o for o, (outcome, _) in labels.items() if outcome == "refused" and parcels[o]]
    for order in refused:
        (parcel,) = parcels[order]
        texts = [text for _, _, text in events[parcel]]
        refusal = next(k for k, text in enumerate(texts)
                       if REFUSAL_TEXT.search(text) or "派送不成功" in text)
        assert any("派送中" in text for text in texts[:refusal]), texts
        assert all("签收，签收人" not in text for text in texts), texts


def test_returned_parcels_show_why_they_went_back(
        tables: list[Table], labels: dict[str, tuple[str, str]]) -> None:
    reasons = re.compile("地址不详|无法接通|拦截|超时未取")
    events = parcel_events(tables)
    parcels = parcels_by_order(tables)
    returned = [o for o, (outcome, _) in labels.items()
                if outcome == "returned_undelivered" and parcels[o]]
    assert returned
    for order in returned:
        (parcel,) = parcels[order]
        found = events[parcel]
        assert any(reasons.search(text) and code in {"205", "206", "207", "2", "412", "413",
                                                      "416", "420"} for _, code, text in found)


def test_refused_orders_are_refunded_as_refund_only(
        tables: list[Table], labels: dict[str, tuple[str, str]]) -> None:
    """Never 退货退款; once the refund is through, the order reads 已发货，退款成功."""
    kinds = defaultdict(set)
    for table in of_kind(tables, "after_sales"):
        for row in table.rows:
            kinds[row["订单号"]].add(row["售后类型"])
    refused = [order for order, (outcome, _) in labels.items() if outcome == "refused"]
    assert all(kinds[order] <= {"仅退款"} for order in refused)
    assert sum(bool(kinds[order]) for order in refused) > 0.8 * len(refused)
    final = {row["订单状态"].replace(",", "，") for rows in order_rows(tables).values()
             for row in rows if row["售后状态"] == "退款成功"
             and labels[row["订单号"]][0] == "refused"}
    assert final == {"已发货，退款成功"}


def test_labels_are_not_in_the_input_folder(folder: Path, tables: list[Table]) -> None:
    assert (folder / "labels" / "labels.csv").is_file()
    assert all(table.kind != "unknown" for table in tables)
    assert not any("cause" in table.header for table in tables)


def test_profiles_change_the_cause_mix(tmp_path: Path) -> None:
    mixes = {}
    for profile in ("logistics_heavy", "quality_heavy"):
        summary = sample.generate_sample(tmp_path / profile, orders=2000, profile=profile,
                                         weeks=2)
        mixes[profile] = dict(summary.refused_by_cause)
    assert mixes["logistics_heavy"]["logistics"] > mixes["logistics_heavy"]["product_quality"]
    assert mixes["quality_heavy"]["product_quality"] > mixes["quality_heavy"]["logistics"]


# `refusals sample` passes its words on to the generator's own parser, as `python -m` does.
COMMAND_LINES = {
    "refusals sample": lambda argv: cli.main(["sample", *argv]),
    "python -m pipelines.sample": sample.main,
}


@pytest.mark.parametrize("command", COMMAND_LINES)
def test_command_line_writes_a_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      command: str) -> None:
    code = COMMAND_LINES[command](["--orders", "120", "--seed", "1", "--weeks", "1", "--out",
                                   str(tmp_path / "cli"), "--end-date", "2026-11-15"])
    assert code == 0
    assert (tmp_path / "cli" / "labels" / "labels.csv").is_file()
    assert "120 orders" in capsys.readouterr().out


@pytest.mark.parametrize("command", COMMAND_LINES)
@pytest.mark.parametrize("argv", [
    ["--end-date", "2026-11-18"],  # a Wednesday
    ["--orders", "0"],
])
def test_bad_arguments_are_usage_errors(tmp_path: Path, argv: list[str], command: str) -> None:
    assert COMMAND_LINES[command](["--out", str(tmp_path / "x"), *argv]) == 2


def test_refuses_to_mix_into_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "old.csv").write_text("stale")
    with pytest.raises(ValueError, match="not empty"):
        sample.generate_sample(tmp_path, orders=50)
