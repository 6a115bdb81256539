"""Given/expected cases through the real SQL: hand-written exports in, refusals and causes out."""

from __future__ import annotations

import csv
import shutil

import pytest
from conftest import (
    AFTER_SALES_HEADER,
    KUAIDI100_HEADER,
    ORDER_HEADER,
    PENALTIES_HEADER,
    REVIEWS_HEADER,
    STORE_SCORES_HEADER,
    delivered_journey,
    journey,
    order_row,
    refused_journey,
    write_export,
)

from pipelines import config
from pipelines.causes import CAUSE_CODES
from pipelines.models.rules import load_rules

#: What each signal's evidence says, as its model words it: the evidence names facts, not codes.
SAYS = {
    "quality_wording": "说的是商品",
    "low_review_burst": "条为 1–2 星",
    "late_shipping": "发货晚于承诺发货时间",
    "penalty_bill": "平台对该订单开出罚单",
    "product_refusal_rate": "该商品的其他包裹",
    "cancel_before_delivery": "买家在派送前已申请退款",
    "product_cancel_burst": "未发货就退款取消",
    "slow_transit": "小时，是该快递",
    "store_score_drop": "店铺评分",
}


def _oid(number: int) -> str:
    return f"261116-{number:015d}"


def _tno(number: int) -> str:
    return f"73{number:011d}"


def _results(con):
    return {
        order: (cause, confidence, evidence, fallback)
        for order, cause, confidence, evidence, fallback in con.execute(
            "select order_id, cause, confidence, evidence, is_fallback from marts.fct_refusals"
        ).fetchall()
    }


def _outcomes(con):
    return dict(
        con.execute("select order_id, outcome from intermediate.int_parcels_classified").fetchall()
    )


def _background(orders, events, first=100, count=30, product_id="100001", day=16, **order):
    """Ordinary delivered parcels: the shop's baseline for rates and transit times."""
    for number in range(first, first + count):
        orders.append(
            order_row(_oid(number), _tno(number), status="已签收", product_id=product_id, **order)
        )
        events.extend(delivered_journey(_tno(number), day=day))


def test_each_cause_is_found_from_its_own_evidence(tmp_path, build_warehouse):
    orders, events = [], []
    _background(orders, events)
    # logistics: the courier's refusal text says the parcel was damaged
    orders.append(order_row(_oid(1), _tno(1)))
    events.extend(refused_journey(_tno(1), "货物破损，客户拒收"))
    # product quality: the stated reason is about the goods
    orders.append(order_row(_oid(2), _tno(2)))
    events.extend(refused_journey(_tno(2), "客户拒收，原因：验货不合格"))
    # rule violation: a boosting tag in the merchant note
    orders.append(order_row(_oid(3), _tno(3), note="V-88"))
    events.extend(refused_journey(_tno(3)))
    # reviews: low reviews of the product in the days before the delivery attempt
    orders.append(order_row(_oid(4), _tno(4), product_id="100004"))
    events.extend(refused_journey(_tno(4)))
    reviews = [
        ["2026-11-15 10:00:00", _oid(900), "100004", "1", "虚假宣传，和图片不一样"],
        ["2026-11-16 10:00:00", _oid(901), "100004", "2", "客服态度差"],
    ]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "reviews.csv", REVIEWS_HEADER, reviews)
    results = _results(build_warehouse(tmp_path))
    assert {order: result[0] for order, result in results.items()} == {
        _oid(1): "logistics",
        _oid(2): "product_quality",
        _oid(3): "rule_violation",
        _oid(4): "reviews",
    }
    assert "外" not in results[_oid(2)][2]
    assert "验货不合格" in results[_oid(2)][2] and SAYS["quality_wording"] in results[_oid(2)][2]
    assert "V-88" in results[_oid(3)][2]
    assert SAYS["low_review_burst"] in results[_oid(4)][2]
    for cause, confidence, _evidence, fallback in results.values():
        assert cause in CAUSE_CODES and 0 < confidence <= 1 and not fallback


def test_refusal_forms_and_returned_undelivered_are_told_apart(tmp_path, build_warehouse):
    orders, events = [], []
    for number in range(1, 8):
        orders.append(order_row(_oid(number), _tno(number)))
    # Kuaidi100 state 14 with no wording; text only with no code; Kuaidi Niao is covered elsewhere
    events += journey(
        _tno(1),
        ("2026-11-17 15:00:00", "5", "", "派件中"),
        ("2026-11-17 16:00:00", "14", "", "已处理"),
    )
    events += journey(
        _tno(2),
        ("2026-11-17 15:00:00", "0", "", "快件正在派送中"),
        ("2026-11-17 16:00:00", "0", "", "收件人拒绝签收"),
    )
    # refused by the after-sales status alone, no tracking at all
    after_sales = [
        [
            "AS1",
            _oid(3),
            "仅退款",
            "已同意拒收退款，待用户拒收",
            "不想要了",
            "2026-11-17 10:00:00",
            "39.90",
        ]
    ]
    # returned for other reasons: unknown address, unreachable, intercepted, locker timeout
    events += journey(
        _tno(4),
        ("2026-11-17 16:00:00", "2", "207", "超区"),
        ("2026-11-18 10:00:00", "6", "", "快件退回"),
    )
    events += journey(
        _tno(5),
        ("2026-11-17 16:00:00", "2", "206", "电话无人接听"),
        ("2026-11-18 10:00:00", "6", "", "快件退回"),
    )
    events += journey(
        _tno(6),
        ("2026-11-17 16:00:00", "", "", "单号已拦截"),
        ("2026-11-18 10:00:00", "4", "", "退回件已签收"),
    )
    # an unknown code with ordinary wording, eventually signed: delivered
    events += journey(
        _tno(7),
        ("2026-11-17 16:00:00", "99", "9999", "快件到达"),
        ("2026-11-18 10:00:00", "3", "", "已签收"),
    )
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "after_sales.csv", AFTER_SALES_HEADER, after_sales)
    con = build_warehouse(tmp_path)
    outcomes = _outcomes(con)
    assert [outcomes[_oid(n)] for n in range(1, 8)] == [
        "refused",
        "refused",
        "refused",
        "returned_undelivered",
        "returned_undelivered",
        "returned_undelivered",
        "delivered",
    ]
    assert set(_results(con)) == {_oid(1), _oid(2), _oid(3)}


def test_a_refusal_signed_for_afterwards_is_not_a_refusal(tmp_path, build_warehouse):
    events = journey(
        _tno(1),
        ("2026-11-17 15:00:00", "5", "", "派件中"),
        ("2026-11-17 16:00:00", "2", "203", "客户拒收"),
        ("2026-11-18 16:00:00", "3", "301", "已签收，本人签收"),
    )
    write_export(tmp_path, "orders.csv", ORDER_HEADER, [order_row(_oid(1), _tno(1))])
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    assert _outcomes(build_warehouse(tmp_path)) == {_oid(1): "delivered"}


def test_the_stronger_cause_wins_a_conflict_and_the_other_is_mentioned(tmp_path, build_warehouse):
    orders, events = [], []
    _background(orders, events)
    # late shipping (logistics, weak) against a penalty bill and no pickup (violation, strong)
    orders.append(order_row(_oid(1), _tno(1), shipped_at="2026-11-19 09:00:00"))
    events.extend(refused_journey(_tno(1), day=19, pickup=False))
    penalties = [[_oid(1), _tno(1), "虚假发货", "5.00", "2026-11-21 10:00:00"]]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "penalties.csv", PENALTIES_HEADER, penalties)
    cause, confidence, evidence, _ = _results(build_warehouse(tmp_path))[_oid(1)]
    assert cause == "rule_violation"
    assert "虚假发货" in evidence and SAYS["late_shipping"] in evidence
    assert confidence < 0.9  # the logistics runner-up costs confidence


def test_a_delay_the_scans_show_several_ways_is_one_record_for_the_confidence(
    tmp_path, build_warehouse
):
    """The courier's scans read as a stuck parcel and as attempts on several days are one record
    of one delay: the second reading adds to the delivery's score, which chooses the cause, and
    not to how sure it is. Another party's record of it (the merchant shipped late) does."""
    tried = ("2026-11-16 21:00:00", "5", "", "快件正在派送中，派件员：李四")  # a day before
    orders, events = [], []
    _background(orders, events)
    # the day each parcel was picked up, its scans besides the stuck one, whether it shipped late
    for number, (day, extra, late) in {1: (16, (), False), 2: (16, (tried,), False),
                                       3: (18, (), True)}.items():
        shipped = {"shipped_at": "2026-11-19 09:00:00"} if late else {}
        orders.append(order_row(_oid(number), _tno(number), **shipped))
        held = (f"2026-11-{day + 1} 12:00:00", "0", "208", "【南京市】快件在【南京分拨中心】滞留")
        steps = refused_journey(_tno(number), day=day)
        steps[2:2] = journey(_tno(number), held, *extra)
        events.extend(steps)
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    fired = set(con.execute("select order_id, signal from intermediate.int_parcel_signals")
                .fetchall())
    assert {(_oid(2), "repeated_attempts"), (_oid(3), "late_shipping")} <= fired
    assert (_oid(1), "repeated_attempts") not in fired
    scores = dict(con.execute("select order_id, cause_score from marts.fct_refusals").fetchall())
    results = _results(con)
    assert {results[_oid(number)][0] for number in (1, 2, 3)} == {"logistics"}
    assert scores[_oid(2)] > scores[_oid(1)]
    assert results[_oid(2)][1] == results[_oid(1)][1]
    assert results[_oid(3)][1] > results[_oid(1)][1]


@pytest.mark.parametrize(
    ("reweighted", "expected_cause"),
    [({}, "rule_violation"), ({"penalty_bill": "0", "no_pickup_event": "0.5"}, "logistics")],
)
def test_the_registry_weights_decide_a_conflict(
    tmp_path, build_warehouse, monkeypatch, reweighted, expected_cause
):
    """The same evidence as above, weighed by a registry (seeds/signals.csv) with other weights:
    a weight of 0 drops a signal, and a lighter one loses to late shipping."""
    seeds = tmp_path / "seeds"
    shutil.copytree(config.SEEDS_DIR, seeds)
    with (seeds / "signals.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    rows = [[row[0], row[1], reweighted.get(row[0], row[2]), *row[3:]] for row in rows]
    with (seeds / "signals.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    monkeypatch.setattr(config, "SEEDS_DIR", seeds)
    orders, events = [], []
    _background(orders, events)
    orders.append(order_row(_oid(1), _tno(1), shipped_at="2026-11-19 09:00:00"))
    events.extend(refused_journey(_tno(1), day=19, pickup=False))
    penalties = [[_oid(1), _tno(1), "虚假发货", "5.00", "2026-11-21 10:00:00"]]
    exports = tmp_path / "exports"
    exports.mkdir()
    write_export(exports, "orders.csv", ORDER_HEADER, orders)
    write_export(exports, "events.csv", KUAIDI100_HEADER, events)
    write_export(exports, "penalties.csv", PENALTIES_HEADER, penalties)
    cause, _, evidence, _ = _results(build_warehouse(exports))[_oid(1)]
    assert cause == expected_cause
    assert (SAYS["penalty_bill"] in evidence) == ("penalty_bill" not in reweighted)


def test_the_buyers_words_count_once_and_other_records_add_up(tmp_path, build_warehouse):
    """One buyer's decision reaches the exports twice (a refund asked before delivery, then the
    reason told to the courier): it is one witness, scored at its strongest signal. A damage the
    courier recorded is another witness, and adds to the buyer's words."""
    orders, events = [], []
    _background(orders, events)
    for number in (1, 2):  # the buyer read the reviews and refused; 1 had asked for a refund too
        orders.append(order_row(_oid(number), _tno(number)))
        events.extend(refused_journey(_tno(number), "客户拒收，原因：看了评论不要了"))
    asked = ["AS1", _oid(1), "仅退款", "买家申请退款，待商家处理", "看了评论不想要了"]
    after_sales = [[*asked, "2026-11-17 09:00:00", "39.90"]]
    for number in (3, 4):  # the buyer said the delivery was slow; 3 also arrived broken
        orders.append(order_row(_oid(number), _tno(number)))
        steps = refused_journey(_tno(number), "客户拒收，原因：快递太慢了")
        if number == 3:
            damage = ("2026-11-17 12:00:00", "0", "209", "【南京市】快件外包装破损")
            steps.insert(2, *journey(_tno(3), damage))
        events.extend(steps)
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "after_sales.csv", AFTER_SALES_HEADER, after_sales)
    con = build_warehouse(tmp_path)
    results = _results(con)
    counted = {
        (order, signal): weight
        for order, signal, weight in con.execute(
            "select signals.order_id, signals.signal, weights.weight"
            " from marts.fct_refusal_signals as signals"
            " inner join marts.dim_signal_weights as weights"
            " on signals.signal = weights.signal and signals.attributed_cause = weights.cause"
        ).fetchall()
    }
    scores = dict(con.execute("select order_id, cause_score from marts.fct_refusals").fetchall())
    buyer_once = [
        counted[_oid(1), "cancel_before_delivery"],
        counted[_oid(1), "reason_cites_reviews"],
    ]
    assert results[_oid(1)][0] == results[_oid(2)][0] == "reviews"
    assert SAYS["cancel_before_delivery"] in results[_oid(1)][2]  # told, not counted twice
    assert float(scores[_oid(1)]) == pytest.approx(max(buyer_once))
    assert results[_oid(1)][1] == results[_oid(2)][1]
    assert results[_oid(3)][0] == results[_oid(4)][0] == "logistics"
    assert float(scores[_oid(3)]) == pytest.approx(
        counted[_oid(3), "logistics_wording"] + counted[_oid(3), "damaged_in_transit"]
    )
    assert results[_oid(3)][1] > results[_oid(4)][1]


def test_the_buyers_word_alone_is_thin_evidence_however_often_it_is_said(
        tmp_path, build_warehouse):
    """A buyer's reason, told to the courier and repeated in a refund request, is one party's
    word: its cause stays below strong evidence and says so, also when it is a damage the
    courier wrote into the refusal line. A courier's record of the same cause (a scan of its own)
    lifts it above that; a scan saying the box is intact is no such record."""
    from pipelines.models.rules import load_rules
    from pipelines.report.settings import load_settings

    cap = float(load_rules().sql_params()["one_party_confidence"])
    assert cap < load_settings().strong_evidence_confidence
    orders, events = [], []
    _background(orders, events)
    for number in (1, 2, 3):  # the buyer said the delivery was slow; 3 also arrived broken
        orders.append(order_row(_oid(number), _tno(number)))
        steps = refused_journey(_tno(number), "客户拒收，原因：快递太慢了，等了一个星期")
        if number == 3:
            damage = ("2026-11-17 12:00:00", "0", "209", "【南京市】快件外包装破损")
            steps.insert(2, *journey(_tno(3), damage))
        events.extend(steps)
    orders.append(order_row(_oid(4), _tno(4)))  # the damage is the reason on the refusal line
    events.extend(refused_journey(_tno(4), "【南京市】收件人拒收（外包装破损），包裹将原路退回"))
    orders.append(order_row(_oid(5), _tno(5)))  # a scan that says the box is not damaged
    steps = refused_journey(_tno(5), "客户拒收，原因：快递太慢了")
    intact = ("2026-11-17 12:00:00", "0", "1002", "【南京市】外包装完好，无破损")
    steps.insert(2, *journey(_tno(5), intact))
    events.extend(steps)
    asked = ["AS2", _oid(2), "仅退款", "买家申请退款，待商家处理", "物流太慢"]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "after_sales.csv", AFTER_SALES_HEADER,
                 [[*asked, "2026-11-17 09:00:00", "39.90"]])
    con = build_warehouse(tmp_path)
    results = _results(con)
    damaged = {order for (order,) in con.execute(
        "select order_id from marts.fct_refusal_signals where signal = 'damaged_in_transit'"
    ).fetchall()}
    assert damaged == {_oid(3)}
    for number in (1, 2, 4, 5):
        cause, confidence, evidence, fallback = results[_oid(number)]
        assert (cause, fallback) == ("logistics", False)
        assert float(confidence) <= cap and "只凭买家一方的说法" in evidence
    cause, confidence, evidence, _ = results[_oid(3)]
    assert cause == "logistics" and float(confidence) > cap
    assert "只凭买家一方的说法" not in evidence


def test_the_buyers_word_is_thin_evidence_when_it_alone_decides_between_records(
        tmp_path, build_warehouse):
    """The buyer says the delivery was slow and the courier's scan shows the parcel held: two
    witnesses, strong evidence. When the merchant's note also carries a boosting task code, the
    records point at the delivery and at boosting alike, and only the buyer's word tells them
    apart: the cause stays the delivery, below strong evidence, and the evidence says so."""
    from pipelines.models.rules import load_rules

    cap = float(load_rules().sql_params()["one_party_confidence"])
    orders, events = [], []
    _background(orders, events)
    held = ("2026-11-17 12:00:00", "0", "208", "【南京市】快件在【南京分拨中心】滞留")
    for number, note in ((1, ""), (2, "LH-5507")):
        orders.append(order_row(_oid(number), _tno(number), note=note))
        steps = refused_journey(_tno(number), "客户拒收，原因：快递太慢了")
        steps.insert(2, *journey(_tno(number), held))
        events.extend(steps)
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    results = _results(con)
    fired = set(con.execute(
        "select order_id, signal from marts.fct_refusal_signals").fetchall())
    assert {(_oid(2), "note_code"), (_oid(2), "stuck_in_transit"),
            (_oid(1), "stuck_in_transit")} <= fired
    cause, confidence, evidence, _ = results[_oid(1)]
    assert cause == "logistics" and float(confidence) > cap
    assert "只凭买家一方的说法" not in evidence
    cause, confidence, evidence, _ = results[_oid(2)]
    assert cause == "logistics" and float(confidence) <= cap
    assert "只凭买家一方的说法" in evidence


def test_one_partys_records_alone_are_thin_evidence(tmp_path, build_warehouse):
    """A courier's damage scan with nothing else, or a boosting code in the merchant's note with
    nothing else, is one party's record: its cause is given, held at the one-party confidence,
    and the evidence names the party (rules 2027.1.19). The buyer's word beside the scan, or the
    platform's penalty beside the note, is a second witness and lifts it above. A cause with weak
    facts only is held too, and its evidence does not put words in a silent buyer's mouth."""
    cap = float(load_rules().sql_params()["one_party_confidence"])
    orders, events, penalties = [], [], []
    _background(orders, events)
    damage = ("2026-11-17 12:00:00", "0", "209", "【南京市】快件外包装破损")
    for number, said in ((1, "客户拒收"), (2, "客户拒收，原因：外包装破损，东西估计坏了")):
        orders.append(order_row(_oid(number), _tno(number)))
        steps = refused_journey(_tno(number), said)
        steps.insert(2, *journey(_tno(number), damage))
        events.extend(steps)
    for number in (3, 4):
        orders.append(order_row(_oid(number), _tno(number), note="LH-5507"))
        events.extend(refused_journey(_tno(number)))
    penalties.append([_oid(4), _tno(4), "虚假发货", "5.00", "2026-11-21 10:00:00"])
    # shipped two hours late: the merchant's record alone
    orders.append(order_row(_oid(5), _tno(5), product_id="100009",
                            shipped_at="2026-11-18 11:00:00"))
    events.extend(refused_journey(_tno(5), day=18))
    # another product out for delivery on two days, then refused without a word: weak facts only
    orders.append(order_row(_oid(6), _tno(6), product_id="100008"))
    steps = refused_journey(_tno(6))
    steps.insert(2, *journey(_tno(6), ("2026-11-17 10:00:00", "5", "", "快件正在派送中")))
    steps[-1:-1] = journey(_tno(6), ("2026-11-18 10:00:00", "5", "", "快件正在派送中"))
    events.extend(steps)
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "penalties.csv", PENALTIES_HEADER, penalties)
    results = _results(build_warehouse(tmp_path))
    alone = {
        1: ("logistics", "只有快递轨迹一方的事实"),
        3: ("rule_violation", "只有商家的记录一方的事实"),
        5: ("logistics", "只有商家的记录一方的事实"),
        6: ("logistics", "各方的事实都不强"),
    }
    for number, (expected, named) in alone.items():
        cause, confidence, evidence, fallback = results[_oid(number)]
        assert (cause, fallback) == (expected, False)
        assert float(confidence) <= cap and named in evidence and "买家一方" not in evidence
    for number, expected in ((2, "logistics"), (4, "rule_violation")):
        cause, confidence, evidence, _ = results[_oid(number)]
        assert cause == expected and float(confidence) > cap
        assert "一方的" not in evidence


def test_a_change_of_mind_or_a_look_at_the_goods_says_less_than_a_complaint(
        tmp_path, build_warehouse):
    """「不想要了」 and 「开箱验货后拒收」 are what buyers say and couriers write whatever the
    reason: alone each still gives its cause, but the courier's scan of the parcel held in
    transit (滞留) outweighs them. A complaint about the shop or a finding in the goods is not
    outweighed by the same scan. Ice packs that melted on the way are the trip's."""
    orders, events = [], []
    _background(orders, events)
    said = {
        1: ("客户拒收，原因：不想要了", False, "reviews"),
        2: ("客户拒收，原因：不想要了", True, "logistics"),
        3: ("客户拒收，原因：看了差评，不敢要了", True, "reviews"),
        4: ("【南京市】收件人开箱验货后拒收，快件退回寄件人", False, "product_quality"),
        5: ("【南京市】收件人开箱验货后拒收，快件退回寄件人", True, "logistics"),
        6: ("【南京市】收件人开箱验货发现有破洞，拒收", True, "product_quality"),
        7: ("客户拒收，原因：冰袋都化完了，肉已经解冻", False, "logistics"),
    }
    held = ("2026-11-17 12:00:00", "0", "208", "【南京市】快件在【南京分拨中心】滞留")
    for number, (text, stuck, _) in said.items():
        orders.append(order_row(_oid(number), _tno(number)))
        steps = refused_journey(_tno(number), text)
        if stuck:
            steps.insert(2, *journey(_tno(number), held))
        events.extend(steps)
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    results = _results(build_warehouse(tmp_path))
    for number, (_, _, expected) in said.items():
        cause, _, evidence, fallback = results[_oid(number)]
        assert (cause, fallback) == (expected, False), (number, evidence)


@pytest.mark.parametrize(
    ("others_said", "expected_cause"),
    [("客户拒收，原因：快递太慢了", "product_quality"), ("客户拒收，原因：做工太差", "logistics")],
)
def test_the_buyers_words_weigh_as_much_as_the_shops_records_bear_them_out(
    tmp_path, build_warehouse, others_said, expected_cause
):
    """Twenty refusals held in transit (滞留) whose buyers gave a reason: where they blamed the
    delivery, the scans bear the buyers' words out and a complaint about the goods outweighs one
    such scan; where they blamed the goods all the same, this shop's buyers' words weigh less, the
    same scan outweighs them. The evidence says how far the words held up (the refusal explained
    is one of those checked: its words stand against the same scan)."""
    orders, events = [], []
    _background(orders, events)
    held = ("2026-11-17 12:00:00", "0", "208", "【南京市】快件在【南京分拨中心】滞留")
    said = {number: others_said for number in range(2, 22)} | {1: "客户拒收，原因：做工太差"}
    for number, text in said.items():
        orders.append(order_row(_oid(number), _tno(number)))
        steps = refused_journey(_tno(number), text)
        steps.insert(2, *journey(_tno(number), held))
        events.extend(steps)
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    cause, _, evidence, fallback = _results(con)[_oid(1)]
    assert (cause, fallback) == (expected_cause, False), evidence
    reliability, checked, agreeing = con.execute(
        "select reliability, reliability_checked, reliability_agreeing"
        " from marts.dim_signal_weights where signal = 'quality_wording'"
    ).fetchone()
    assert checked == 21
    agreed = 0 if expected_cause == "logistics" else 20
    pseudo = load_rules().sql_params()["prior_strength"]
    assert agreeing == agreed
    assert reliability == pytest.approx((agreed + pseudo) / (21 + pseudo), abs=1e-4)
    assert evidence.count(f"可核对的 21 单中 {agreed} 单相符") == 1


def test_a_refusal_is_anchored_on_the_cause_its_own_words_are_weighed_to(tmp_path, build_warehouse):
    """The anchors the run learns from weigh a refusal's stated causes by the same rule as the
    attribution: the buyer who blamed the goods to the courier and had asked for a refund for
    another reason is one witness, heard at its strongest, in both places."""
    orders, events = [], []
    _background(orders, events)
    orders.append(order_row(_oid(1), _tno(1)))
    events.extend(refused_journey(_tno(1), "客户拒收，原因：做工太差"))
    asked = ["AS1", _oid(1), "仅退款", "买家申请退款，待商家处理", "看了评论不想要了"]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "after_sales.csv", AFTER_SALES_HEADER,
                 [[*asked, "2026-11-17 09:00:00", "39.90"]])
    con = build_warehouse(tmp_path)
    fired = {signal for (signal,) in con.execute(
        "select signal from intermediate.int_refusal_signals where order_id = ?", [_oid(1)]
    ).fetchall()}
    assert {"quality_wording", "cancel_before_delivery", "reason_cites_reviews"} <= fired
    anchors = dict(con.execute(
        "select order_id, cause from intermediate.int_refusal_anchors").fetchall())
    assert anchors[_oid(1)] == _results(con)[_oid(1)][0] == "product_quality"


def test_context_signals_need_history_not_wording(tmp_path, build_warehouse):
    orders, events = [], []
    _background(orders, events, count=40)
    # a product refused far above the shop baseline, with only a generic refusal text
    for number in range(1, 6):
        orders.append(order_row(_oid(number), _tno(number), product_id="555"))
        events.extend(refused_journey(_tno(number)))
    for number in range(6, 16):
        orders.append(order_row(_oid(number), _tno(number), product_id="555", status="已签收"))
        events.extend(delivered_journey(_tno(number)))
    # a buyer who asked to cancel before delivery, for no reason about the goods
    orders.append(order_row(_oid(20), _tno(20)))
    events.extend(refused_journey(_tno(20)))
    after_sales = [
        [
            "AS20",
            _oid(20),
            "仅退款",
            "买家申请退款，待商家处理",
            "多拍/错拍/不想要",
            "2026-11-17 09:00:00",
            "39.90",
        ]
    ]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "after_sales.csv", AFTER_SALES_HEADER, after_sales)
    results = _results(build_warehouse(tmp_path))
    for number in range(1, 6):
        assert results[_oid(number)][0] == "product_quality"
        assert SAYS["product_refusal_rate"] in results[_oid(number)][2]
    assert results[_oid(20)][0] == "reviews"
    assert SAYS["cancel_before_delivery"] in results[_oid(20)][2]


def test_buyers_calling_a_product_off_before_shipping_point_at_reviews(tmp_path, build_warehouse):
    """With orders and tracking alone: in the days before a silent refusal, the product's other
    buyers cancelled their paid orders before shipping far more often than the shop's. Something
    said about it put them off, so the refusal is taken for reviews; a product ordered as often
    without the cancellations, and a wave of cancellations the whole shop had, say nothing."""
    orders, events = [], []
    _background(orders, events, count=40)
    # products 777 and 888: ten delivered, one silent refusal each
    for product, first in (("777", 200), ("888", 300)):
        for number in range(first, first + 10):
            orders.append(order_row(_oid(number), _tno(number), product_id=product,
                                    status="已签收"))
            events.extend(delivered_journey(_tno(number)))
        orders.append(order_row(_oid(first + 50), _tno(first + 50), product_id=product))
        events.extend(refused_journey(_tno(first + 50)))
    # 777's buyers called off eight paid orders placed in the days before; 888's placed as many
    # that went out (still on their way)
    for number in range(400, 408):
        orders.append(order_row(_oid(number), "", product_id="777", status="未发货，退款成功",
                                ordered_at=f"2026-11-{10 + number % 6} 10:00:00", shipped_at=""))
        orders.append(order_row(_oid(number + 10), _tno(number + 10), product_id="888",
                                status="已发货，待签收",
                                ordered_at=f"2026-11-{10 + number % 6} 10:00:00"))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    results = _results(con)
    cause, _, evidence, fallback = results[_oid(250)]
    assert (cause, fallback) == ("reviews", False) and SAYS["product_cancel_burst"] in evidence
    assert SAYS["product_cancel_burst"] not in results[_oid(350)][2]
    fired = {order for (order,) in con.execute(
        "select order_id from intermediate.signal_product_cancel_burst").fetchall()}
    assert _oid(100) not in fired  # the background product's delivered parcels

    # as many cancellations, for their share, of every other product of the shop: a wave the
    # whole shop had is no product's burst
    for number in range(500, 538):
        product = "888" if number < 508 else "100001"
        orders.append(order_row(_oid(number), "", product_id=product, status="未发货，退款成功",
                                ordered_at=f"2026-11-{10 + number % 6} 10:00:00", shipped_at=""))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    results = _results(build_warehouse(tmp_path))
    assert SAYS["product_cancel_burst"] not in results[_oid(250)][2]


@pytest.mark.parametrize(
    ("stated", "expected_cause"),
    [
        ("客户拒收，原因：看了评论不要了", "reviews"),
        ("客户拒收，原因：做工太差", "product_quality"),
    ],
)
def test_a_burst_takes_the_cause_its_stated_refusals_give(
    tmp_path, build_warehouse, stated, expected_cause
):
    """A product refused in a burst: three of its refusals say why, two say nothing. The silent
    two follow what the same product's stated refusals say in those days (learned direction and
    neighbours), not the registry's default cause for a burst."""
    orders, events = [], []
    _background(orders, events, count=40)
    for number in range(1, 6):
        orders.append(order_row(_oid(number), _tno(number), product_id="555"))
        events.extend(refused_journey(_tno(number), stated if number <= 3 else "客户拒收"))
    for number in range(6, 16):
        orders.append(order_row(_oid(number), _tno(number), product_id="555", status="已签收"))
        events.extend(delivered_journey(_tno(number)))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    results = _results(con)
    for number in (4, 5):
        cause, confidence, evidence, fallback = results[_oid(number)]
        assert (cause, fallback) == (expected_cause, False), evidence
        assert SAYS["product_refusal_rate"] in evidence and "同一商品" in evidence
        assert confidence < results[_oid(1)][1]  # context only: less sure than a stated reason
        # three who agree are the best guess, not yet strong evidence
        assert "中：同一商品" in evidence and "强：同一商品" not in evidence
    anchors = dict(con.execute(
        "select order_id, cause from intermediate.int_refusal_anchors").fetchall())
    assert anchors == {_oid(number): expected_cause for number in (1, 2, 3)}


def test_a_fact_pointing_at_the_winner_and_the_runner_up_is_told_once(tmp_path, build_warehouse):
    """A burst the shop's stated refusals learned to point at reviews still points at the goods
    too (the registry's cause): a silent refusal in it is reviews' with the goods as runner-up.
    The winner's facts are told strongest first; the runner-up's, all told already, are not
    told again, and the evidence says the facts above point at it too."""
    orders, events = [], []
    _background(orders, events, count=40)
    for number in range(1, 6):
        orders.append(order_row(_oid(number), _tno(number), product_id="555"))
        events.extend(refused_journey(
            _tno(number), "客户拒收，原因：看了评论不要了" if number <= 3 else "客户拒收"))
    for number in range(6, 16):
        orders.append(order_row(_oid(number), _tno(number), product_id="555", status="已签收"))
        events.extend(delivered_journey(_tno(number)))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    results = _results(build_warehouse(tmp_path))
    for number in (4, 5):
        cause, _, evidence, _ = results[_oid(number)]
        assert cause == "reviews", evidence
        winners, runner_up = evidence.split("。另有")
        assert winners.index("中：同一商品") < winners.index("弱：发货前后")
        assert evidence.count(SAYS["product_refusal_rate"]) == 1
        assert runner_up == "产品质量问题的迹象——上述情况也指向它"


def test_without_anchors_every_signal_keeps_its_registry_cause(tmp_path, build_warehouse):
    """No refusal states its cause: nothing to learn from, so each context signal points at its
    registry cause only, at its prior weight times its informativeness."""
    orders, events = [], []
    _background(orders, events, count=40)
    for number in range(1, 4):
        orders.append(order_row(_oid(number), _tno(number), product_id="555"))
        events.extend(refused_journey(_tno(number)))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    assert con.execute("select count(*) from intermediate.int_refusal_anchors").fetchone() == (0,)
    wrong = con.execute(
        "select weights.signal, weights.cause, weights.weight from intermediate.int_signal_weights "
        "as weights inner join seeds.signals as registry using (signal) "
        "where (weights.cause <> registry.cause and weights.weight <> 0) or (weights.cause = "
        "registry.cause and abs(weights.weight - cast(registry.prior_weight as double) "
        "* weights.informativeness) > 1e-6)"
    ).fetchall()
    assert wrong == []


def test_slow_transit_is_judged_against_the_courier_on_that_route(tmp_path, build_warehouse):
    orders, events = [], []
    _background(orders, events, count=30)
    orders.append(order_row(_oid(1), _tno(1)))
    events += journey(
        _tno(1),
        ("2026-11-16 19:00:00", "1", "103", "快件已揽收"),
        ("2026-11-21 15:00:00", "5", "", "快件正在派送中"),
        ("2026-11-21 16:00:00", "2", "203", "客户拒收"),
    )
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    cause, _, evidence, _ = _results(build_warehouse(tmp_path))[_oid(1)]
    assert cause == "logistics"
    assert SAYS["slow_transit"] in evidence and "江苏省" in evidence


def test_no_evidence_falls_back_honestly(tmp_path, build_warehouse):
    orders, events = [], []
    _background(orders, events)
    orders.append(order_row(_oid(1), _tno(1)))
    events.extend(refused_journey(_tno(1)))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    cause, confidence, evidence, fallback = _results(build_warehouse(tmp_path))[_oid(1)]
    assert fallback and cause in CAUSE_CODES
    assert confidence <= 0.3
    assert "没有任何原因的证据" in evidence


def test_a_refusal_without_evidence_leans_to_the_causes_that_leave_no_records(
        tmp_path, build_warehouse):
    """Ten refusals blamed on the delivery each carry the courier's 滞留 scan; six blamed on the
    goods carry the buyer's words alone. A bare 「客户拒收」 a week later, of another product to
    another province, has no neighbours and no record of any kind. More of the shop's refusals
    are the delivery's, but the delivery's nearly always leave a scan and this one left none: the
    goods are the better guess, and the evidence says why."""
    orders, events = [], []
    _background(orders, events)
    held = ("2026-11-17 12:00:00", "0", "208", "【南京市】快件在【南京分拨中心】滞留")
    for number in range(1, 17):
        text = "客户拒收，原因：快递太慢了" if number <= 10 else "客户拒收，原因：做工太差"
        orders.append(order_row(_oid(number), _tno(number)))
        steps = refused_journey(_tno(number), text)
        if number <= 10:
            steps.insert(2, *journey(_tno(number), held))
        events.extend(steps)
    orders.append(order_row(
        _oid(20), _tno(20), product_id="100009", province="广东省",
        ordered_at="2026-11-23 09:00:00", shipped_at="2026-11-23 18:00:00",
        promised_ship_by="2026-11-25 09:00:00",
    ))
    events.extend(refused_journey(_tno(20), day=23))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    results = _results(build_warehouse(tmp_path))
    assert {results[_oid(number)][0] for number in range(1, 11)} == {"logistics"}
    cause, confidence, evidence, fallback = results[_oid(20)]
    assert (cause, fallback) == ("product_quality", True), evidence
    assert confidence <= 0.3
    assert "没有快递、商家或平台的记录" in evidence


def test_store_score_drop_counts_for_reviews(tmp_path, build_warehouse):
    orders, events = [], []
    _background(orders, events, day=6)  # accepted before the score fell
    orders.append(order_row(_oid(1), _tno(1)))
    events.extend(refused_journey(_tno(1)))
    scores = [
        [f"2026-11-{day:02d}", f"{4.80 - 0.02 * max(0, day - 10):.2f}", "4.7", "4.8", "4.8"]
        for day in range(5, 18)
    ]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "scores.csv", STORE_SCORES_HEADER, scores)
    cause, _, evidence, _ = _results(build_warehouse(tmp_path))[_oid(1)]
    assert cause == "reviews" and SAYS["store_score_drop"] in evidence


def test_evidence_masks_phone_numbers_and_names(tmp_path, build_warehouse):
    orders, events = [], []
    orders.append(order_row(_oid(1), _tno(1)))
    events.extend(refused_journey(_tno(1), "客户拒收，原因：质量问题，派件员：王五 13912345678"))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    evidence = _results(build_warehouse(tmp_path))[_oid(1)][2]
    assert "13912345678" not in evidence and "王五" not in evidence
    assert "质量问题" in evidence


def test_every_refusal_has_exactly_one_accepted_cause(tmp_path, build_warehouse):
    """Audit: the bad rows query returns none."""
    orders, events = [], []
    _background(orders, events)
    for number in range(1, 6):
        orders.append(order_row(_oid(number), _tno(number), note="G-1" if number % 2 else ""))
        events.extend(refused_journey(_tno(number), "客户拒收，原因：快递太慢"))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    bad = con.execute(
        "select parcels.order_id from intermediate.int_parcels_classified as parcels "
        "left join marts.fct_refusals as refusals using (order_id) "
        "where parcels.outcome = 'refused' and (refusals.cause is null "
        "or refusals.cause not in (select cause from seeds.causes) "
        "or refusals.confidence not between 0 and 1) "
        "union all select order_id from marts.fct_refusals group by order_id having count(*) > 1"
    ).fetchall()
    assert bad == []
    assert con.execute("select count(*) from marts.fct_refusals").fetchall() == [(5,)]


def test_a_fact_as_common_among_delivered_parcels_counts_for_nothing(tmp_path, build_warehouse):
    """Every parcel of this shop ships late: late shipping cannot explain one refusal, while a
    stated reason still does."""
    late = {"shipped_at": "2026-11-19 09:00:00"}
    orders, events = [], []
    _background(orders, events, day=19, **late)
    orders.append(order_row(_oid(1), _tno(1), **late))
    events.extend(refused_journey(_tno(1), day=19))
    orders.append(order_row(_oid(2), _tno(2), **late))
    events.extend(refused_journey(_tno(2), "客户拒收，原因：质量问题", day=19))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    results = _results(con)
    assert results[_oid(1)][3]  # fallback: no informative evidence left
    assert SAYS["late_shipping"] not in results[_oid(1)][2]
    assert results[_oid(2)][0] == "product_quality" and not results[_oid(2)][3]
    weights = con.execute(
        "select cause, weight from intermediate.int_signal_weights where signal = 'late_shipping'"
    ).fetchall()
    assert weights and all(weight == 0 for _, weight in weights)


def test_a_buyer_who_never_ordered_is_a_rule_violation(tmp_path, build_warehouse):
    orders, events = [], []
    _background(orders, events)
    orders.append(order_row(_oid(1), _tno(1)))
    events.extend(refused_journey(_tno(1), "客户拒收，称自己没有下过这个单"))
    # the denial is negated: no rule-violation wording, the parcel was only slow
    orders.append(order_row(_oid(2), _tno(2)))
    events.extend(refused_journey(_tno(2), "客户拒收，不是刷单，是送得太慢了"))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    assert con.execute(
        "select order_id from intermediate.signal_reason_denies_order"
    ).fetchall() == [(_oid(1),)]
    results = _results(con)
    assert results[_oid(1)][0] == "rule_violation"
    assert results[_oid(2)][0] == "logistics"


def test_a_reason_in_words_no_pattern_lists_is_read_by_the_word_reader(tmp_path, build_warehouse):
    """A buyer says the same thing many ways, and the patterns read only the ways they list: a
    reason none of them reads is read by the word reader, learned from phrases written apart from
    the rules, as medium evidence from the buyer. A generic refusal, a denial and praise stay
    unread, and a reason a pattern reads is the pattern's alone."""
    said = {
        1: "穿一天鞋底就掉了",  # the goods
        2: "转运中心卡着不发",  # the delivery
        3: "看大家都说不值得买",  # what others say of it
        4: "这地址根本没人叫这个名字",  # an order the recipient never placed
        5: "客户拒收",  # says nothing
        6: "客户拒收，快递太慢",  # a pattern reads it
        7: "客户拒收，不是质量问题",  # a denial: no evidence for the goods
        8: "客户拒收，物流很快",  # praise of the delivery: no complaint of it
    }
    orders, events = [], []
    _background(orders, events)
    for number, text in said.items():
        orders.append(order_row(_oid(number), _tno(number)))
        events.extend(refused_journey(_tno(number), text))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    read = dict(con.execute(
        "select order_id, signal from intermediate.int_parcel_signals "
        "where signal like '%_in_other_words'"
    ).fetchall())
    assert read == {
        _oid(1): "quality_in_other_words",
        _oid(2): "logistics_in_other_words",
        _oid(3): "reviews_in_other_words",
        _oid(4): "violation_in_other_words",
    }
    results = _results(con)
    for number, cause in ((1, "product_quality"), (2, "logistics"), (3, "reviews"),
                          (4, "rule_violation")):
        assert results[_oid(number)][0] == cause
        assert said[number] in results[_oid(number)][2]
        assert results[_oid(number)][1] < 0.6  # the buyer's word, and not in listed words
    assert results[_oid(5)][3] and results[_oid(7)][3] and results[_oid(8)][3]  # the fallback
    assert results[_oid(6)][0] == "logistics"


@pytest.mark.parametrize(
    ("note", "is_code"),
    [
        ("LH-5507/返", True),
        ("Q7·081", True),
        ("v 305", True),
        ("客户要求加急", False),
        ("顺丰 SF1234567890123 已补差价", False),  # a tracking number is no code
        ("赠品：清洁刷x1", False),
        ("G-398", False),  # the shop's own tag (boost_tag), not counted twice
    ],
)
def test_a_code_in_the_merchants_note_points_at_boosting(tmp_path, build_warehouse, note, is_code):
    """A shop that never set its boosting tag still writes its task numbers in the note: a silent
    refusal whose note is a code of letters and digits is taken for a rule violation; other
    notes say nothing."""
    orders, events = [], []
    _background(orders, events, count=40)
    orders.append(order_row(_oid(1), _tno(1), note=note))
    events.extend(refused_journey(_tno(1)))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    fired = con.execute("select order_id from intermediate.signal_note_code").fetchall()
    assert fired == ([(_oid(1),)] if is_code else [])
    cause, _, evidence, fallback = _results(con)[_oid(1)]
    if is_code:
        assert (cause, fallback) == ("rule_violation", False) and "编号" in evidence


def test_a_refusal_without_evidence_takes_its_explained_neighbours_cause(tmp_path, build_warehouse):
    orders, events = [], []
    _background(orders, events)
    # three refusals of one product said why (the goods) in the same days...
    for number in (1, 2, 3):
        orders.append(order_row(_oid(number), _tno(number), product_id="100077"))
        events.extend(refused_journey(_tno(number), "客户拒收，原因：质量问题", day=15 + number))
    # ...and a fourth of it said nothing; another product's silent refusal has no such neighbours
    orders.append(order_row(_oid(4), _tno(4), product_id="100077"))
    events.extend(refused_journey(_tno(4), "客户拒收", day=17))
    orders.append(order_row(_oid(5), _tno(5), product_id="100088", province="西藏自治区"))
    events.extend(refused_journey(_tno(5), "客户拒收", day=17))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    results = _results(build_warehouse(tmp_path))
    cause, confidence, evidence, fallback = results[_oid(4)]
    assert (cause, fallback) == ("product_quality", True)
    assert confidence <= 0.3
    assert "同一商品" in evidence and "3 单是产品质量问题" in evidence
    assert "本店已查明原因的拒收中" in results[_oid(5)][2] and "同一" not in results[_oid(5)][2]


def test_a_review_window_counts_from_its_opening_second_to_before_the_meeting(
    tmp_path, build_warehouse
):
    """A met parcel's review window is [met − review_window_days, met): a review at the very
    second the buyer met the parcel is after it, one at the very second the window opens is in
    it (and so not among the product's earlier reviews), one a second before is earlier; and
    reviews of the same second count each."""
    assert int(load_rules().sql_params()["review_window_days"]) == 10  # the times below assume it
    orders, events = [], []
    # refused, met (first delivery attempt) 2026-11-17 15:00:00: opens 2026-11-07 15:00:00
    orders.append(order_row(_oid(1), _tno(1), product_id="700"))
    events.extend(refused_journey(_tno(1)))
    # delivered, met 2026-11-15 15:00:00: opens 2026-11-05 15:00:00
    orders.append(order_row(_oid(2), _tno(2), product_id="700", status="已签收"))
    events.extend(delivered_journey(_tno(2), day=14))
    # another product's parcel, no reviews at all
    orders.append(order_row(_oid(3), _tno(3), product_id="701", status="已签收"))
    events.extend(delivered_journey(_tno(3)))
    reviews = [
        ["2026-11-01 10:00:00", _oid(901), "700", "2", "一般"],
        ["2026-11-07 14:59:59", _oid(902), "700", "5", "好"],
        ["2026-11-07 15:00:00", _oid(903), "700", "1", "客服态度差"],
        ["2026-11-12 10:00:00", _oid(904), "700", "5", "不错"],
        ["2026-11-12 10:00:00", _oid(905), "700", "2", "做工粗糙"],
        ["2026-11-15 15:00:00", _oid(906), "700", "1", "质量太差"],
        ["2026-11-17 15:00:00", _oid(907), "700", "1", "有瑕疵"],
        ["2026-11-18 10:00:00", _oid(908), "700", "1", "劣质"],
    ]
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    write_export(tmp_path, "reviews.csv", REVIEWS_HEADER, reviews)
    con = build_warehouse(tmp_path)
    windows = {
        order: rest for order, *rest in con.execute(
            "select order_id, cast(met_at as varchar), reviews, low_reviews, goods_complaints, "
            "usual_low_share from intermediate.int_review_windows").fetchall()
    }
    assert windows == {
        # 11-07 15:00 (its opening second), 11-12 twice, 11-15 15:00; not 11-17 15:00 (its own
        # second); earlier: 11-01 (low) and 11-07 14:59:59
        _oid(1): ["2026-11-17 15:00:00", 4, 3, 2, 0.5],
        # 11-07 14:59:59, 11-07 15:00, 11-12 twice; not 11-15 15:00 (its own second); earlier:
        # 11-01 alone, low
        _oid(2): ["2026-11-15 15:00:00", 4, 2, 1, 1.0],
        _oid(3): ["2026-11-17 15:00:00", 0, 0, 0, None],
    }


def test_a_refusals_neighbours_are_the_anchors_within_the_days_either_side(
    tmp_path, build_warehouse
):
    """int_refusal_neighbours: the anchored refusals of the same product within
    product_window_days either way, its bounds in and a second past them out, the refusal's own
    anchor left out; and those of the same courier and province, other products."""
    assert int(load_rules().sql_params()["product_window_days"]) == 3  # the times below assume it
    refusals = {  # number: (product, refused at, what the courier wrote)
        1: ("800", "2026-11-17 16:00:00", "客户拒收，原因：看了评论不要了"),
        2: ("800", "2026-11-14 16:00:00", "客户拒收，原因：验货不合格"),
        3: ("800", "2026-11-20 16:00:00", "客户拒收，原因：做工太差"),
        4: ("800", "2026-11-14 15:59:59", "客户拒收，原因：验货不合格"),
        5: ("801", "2026-11-17 16:00:00", "货物破损，客户拒收"),
    }
    orders, events = [], []
    for number, (product, refused_at, text) in refusals.items():
        orders.append(order_row(_oid(number), _tno(number), product_id=product,
                                ordered_at="2026-11-10 09:00:00",
                                shipped_at="2026-11-10 18:00:00",
                                promised_ship_by="2026-11-12 09:00:00"))
        events += journey(_tno(number), ("2026-11-11 08:00:00", "0", "1002", "快件已到达"),
                          (refused_at, "2", "203", text))
    write_export(tmp_path, "orders.csv", ORDER_HEADER, orders)
    write_export(tmp_path, "events.csv", KUAIDI100_HEADER, events)
    con = build_warehouse(tmp_path)
    anchors = dict(con.execute(
        "select order_id, cause from intermediate.int_refusal_anchors").fetchall())
    assert anchors == {_oid(1): "reviews", _oid(2): "product_quality", _oid(3): "product_quality",
                       _oid(4): "product_quality", _oid(5): "logistics"}
    neighbours = {}
    for order, scope, cause, count, total in con.execute(
        "select order_id, scope, cause, refusals, scope_refusals "
        "from intermediate.int_refusal_neighbours"
    ).fetchall():
        neighbours.setdefault(order, set()).add((scope, cause, count, total))
    # 2 and 3 exactly three days away, 4 a second further; 5 on the route; its own left out
    assert neighbours[_oid(1)] == {(1, "product_quality", 2, 2), (2, "logistics", 1, 1)}
    # 4 a second before, 1 exactly three days after (5 too, on the route); 3 six days away
    assert neighbours[_oid(2)] == {(1, "product_quality", 1, 2), (1, "reviews", 1, 2),
                                   (2, "logistics", 1, 1)}
    # 2 a second after; 1 and 5 three days and a second after
    assert neighbours[_oid(4)] == {(1, "product_quality", 1, 1)}
    # the route's other product: 1 at the same second, 2 and 3 exactly three days away
    assert neighbours[_oid(5)] == {(2, "reviews", 1, 3), (2, "product_quality", 2, 3)}
