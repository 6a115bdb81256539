"""How each column of an export reads as of a cutoff: the order export's columns (status, money,
times, ids with Excel damage, receiver data) and tracking events in the Kuaidi100 or the Kuaidi
Niao vocabulary.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample.fates import _Fate
from pipelines.sample.formats import _Clock, _digits, _patch, _render, _repeat, _Style, _take, _yuan
from pipelines.sample.simulation import _Shop
from pipelines.sample.vocabulary import (
    _BUYER_MESSAGES,
    _COURIER_MEN,
    _COURIERS,
    _DISTRICTS,
    _EVENT_REASONS,
    _K100_NAMES,
    _KINDS,
    _ORDER_AS_STATUSES,
    _ORDER_SOURCES,
    _ORDER_STATUSES,
    _ORIGIN_CITY,
    _ORIGIN_HUBS,
    _ORIGIN_SITES,
    _PAY_METHODS,
    _PURE_DIGIT_COURIERS,
    _STREETS,
    ORDER_CANCELLED,
    REFUNDED,
    REFUNDED_SHIPPED,
    REFUNDED_UNSHIPPED,
    SHIPPED,
    SIGNED,
    WAITING_PAYMENT,
    WAITING_SHIPMENT,
    WITHDRAWN,
    _Kind,
)
from pipelines.sample.world import DAY, HOUR

_ORDERS_WINDOW = 14 * DAY

Column = Callable[[np.ndarray], pa.Array]


def _order_status(shop: _Shop, cutoff: int) -> np.ndarray:
    """Each order's 订单状态 as an export taken at `cutoff` shows it."""
    fates, timeline = shop.fates, shop.timeline
    return np.select(
        [fates.fate == _Fate.UNPAID,
         fates.fate == _Fate.REFUNDED_BEFORE_SHIPPING,
         timeline.ship_at >= cutoff,
         (fates.fate == _Fate.DELIVERED) & (timeline.outcome_at < cutoff),
         timeline.refund_at < cutoff],
        [np.where(shop.orders.deal_at + DAY < cutoff, ORDER_CANCELLED, WAITING_PAYMENT),
         np.where(fates.preship_done_at < cutoff, REFUNDED_UNSHIPPED, WAITING_SHIPMENT),
         WAITING_SHIPMENT, SIGNED, REFUNDED_SHIPPED],
        SHIPPED)


def _order_after_sales_status(shop: _Shop, cutoff: int, legacy: bool) -> np.ndarray:
    """Each order's 售后状态 column at `cutoff`, from its latest after-sales record."""
    records = shop.after_sales
    rows = np.flatnonzero(records.applied_at < cutoff)
    newest = len(rows) - 1 - np.unique(records.order[rows][::-1], return_index=True)[1]
    rows = rows[newest]
    status = records.status_at(rows, cutoff)
    in_progress = 3 if legacy else 1
    withdrawn = 4 if legacy else 0
    shown = np.select([status == REFUNDED, status == WITHDRAWN], [2, withdrawn], in_progress)
    result = np.zeros(len(shop.fates.fate), np.int8)
    result[records.order[rows]] = shown
    return result


class _OrdersView:
    """The order export as of one cutoff: which lines it lists and how each column reads."""

    def __init__(self, shop: _Shop, clock: _Clock, cutoff: int, style: _Style) -> None:
        self.shop, self.clock, self.cutoff, self.style = shop, clock, cutoff, style
        self.status = _order_status(shop, cutoff)
        statuses = [s.replace("，", style.status_comma) for s in _ORDER_STATUSES]
        self.status_names = pa.array(statuses)
        self.columns = self._columns()

    def rows(self) -> np.ndarray:
        lines = self.shop.lines
        deal = self.shop.orders.deal_at[lines.order]
        rows = np.flatnonzero((deal >= self.cutoff - _ORDERS_WINDOW) & (deal < self.cutoff))
        return rows[np.lexsort((lines.line_no[rows], -deal[rows]))]

    def _columns(self) -> dict[str, Column]:
        shop, style = self.shop, self.style
        orders, lines, catalog = shop.orders, shop.lines, shop.catalog
        order = lines.order
        sku_product = catalog.sku_product
        yen = 100_000 if style.yen_money else None
        columns: dict[str, Column] = {
            "title": lambda r: _take(catalog.titles, sku_product[lines.sku[r]]),
            "order_id": lambda r: style.id_cells(_take(shop.texts.order_ids, order[r]), True),
            "status": lambda r: _take(self.status_names, self.status[order[r]]),
            "qty": lambda r: _digits(lines.qty[r]),
            "product_id": lambda r: style.id_cells(
                _take(catalog.product_ids, sku_product[lines.sku[r]])),
            "spec": lambda r: _take(catalog.sku_specs, lines.sku[r]),
            "style_id": self._style_ids,
            "sku_code": lambda r: _take(catalog.sku_codes, lines.sku[r]),
            "product_code": lambda r: _take(catalog.product_codes, sku_product[lines.sku[r]]),
            "note": lambda r: _take(shop.texts.notes, order[r]),
            "message": lambda r: _take(_BUYER_MESSAGES, orders.message[order[r]]),
            "after_sales": self._after_sales(legacy=False),
            "after_sales_legacy": self._after_sales(legacy=True),
            "tracking": self._tracking,
            "courier": self._courier,
            "no": lambda r: _repeat("否", len(r)),
            "blank": lambda r: _repeat("", len(r)),
            "group_id": lambda r: _digits(orders.group_id[order[r]]),
            "province": lambda r: _take(shop.geo.province_names, orders.province[order[r]]),
            "city": lambda r: _take(shop.geo.city_names, orders.city[order[r]]),
            "district": lambda r: _take(_DISTRICTS, orders.district[order[r]]),
            "street": lambda r: _take(_STREETS, orders.street[order[r]]),
            "zero_trial": lambda r: _take(["否", "是"], orders.zero_trial[order[r]]),
            "pay_method": lambda r: _take(_PAY_METHODS, orders.pay_method[order[r]]),
            "source": lambda r: _take(_ORDER_SOURCES, orders.source[order[r]]),
            **self._money_columns(yen), **self._time_columns(), **self._personal_columns(),
        }
        for level in range(4):
            columns[f"category{level}"] = lambda r, level=level: _take(
                catalog.categories[level], sku_product[lines.sku[r]])
        return columns

    def _money_columns(self, yen: int | None) -> dict[str, Column]:
        lines = self.shop.lines
        return {name: lambda r, name=name: _yuan(getattr(lines, name)[r], yen)
                for name in ("goods", "postage", "shop_discount", "platform_discount",
                             "pay_discount", "paid", "received")}

    def _time_columns(self) -> dict[str, Column]:
        shop, clock, cutoff = self.shop, self.clock, self.cutoff
        order = shop.lines.order
        deal = shop.orders.deal_at
        slash = self.style.slash_times

        def at(times: np.ndarray, due: bool = True) -> Column:
            return lambda r: clock.timestamps(times[order[r]], slash, cutoff if due else None)

        return {"deal_at": at(deal), "paid_at": at(shop.fates.paid_at),
                "shipped_at": at(shop.timeline.ship_at),
                "confirmed_at": at(shop.timeline.confirm_at),
                "promised_ship_at": at(deal + 48 * HOUR, due=False),
                "promised_delivery_at": at(deal + 6 * DAY, due=False)}

    def _personal_columns(self) -> dict[str, Column]:
        """Receiver data of the old layout: obviously fake, never a real person."""
        buyer = self.shop.orders.buyer
        order = self.shop.lines.order
        has_id = buyer % 20 == 0

        def with_id(value: Column) -> Column:
            return lambda r: pc.if_else(pa.array(has_id[order[r]]), value(r), "")

        name: Column = lambda r: pc.binary_join_element_wise(  # noqa: E731
            "测试用户", _digits(buyer[order[r]], 5), "")
        return {
            "receiver": name,
            "phone": lambda r: pc.binary_join_element_wise(
                "1380000", _digits(buyer[order[r]] % 10_000, 4), ""),
            "id_name": with_id(name),
            "id_number": with_id(lambda r: pc.binary_join_element_wise(
                "00000019900101", _digits(buyer[order[r]] % 10_000, 4), "")),
        }

    def _after_sales(self, legacy: bool) -> Column:
        status = _order_after_sales_status(self.shop, self.cutoff, legacy)
        return lambda r: _take(_ORDER_AS_STATUSES, status[self.shop.lines.order[r]])

    def _shipped(self, rows: np.ndarray) -> np.ndarray:
        return self.shop.timeline.ship_at[self.shop.lines.order[rows]] < self.cutoff

    def _tracking(self, rows: np.ndarray) -> pa.Array:
        order = self.shop.lines.order[rows]
        cells = self.style.id_cells(_take(self.shop.texts.tracking, order,
                                          ~self._shipped(rows)))
        if not self.style.excel_damage:
            return cells
        key = self.shop.orders.id_number[order] % 50
        damageable = self._shipped(rows) & _PURE_DIGIT_COURIERS[self.shop.texts.courier[order]] \
            & (self.shop.orders.deal_at[order] >= self.cutoff - 7 * DAY)
        exponent = np.flatnonzero(damageable & (key == 0))
        decimal = np.flatnonzero(damageable & ((key == 1) | (key == 2)))
        values = cells.to_numpy(zero_copy_only=False)
        cells = _patch(cells, exponent, [format(int(v), ".11E") for v in values[exponent]])
        return _patch(cells, decimal, [f"{v}.0" for v in values[decimal]])

    def _style_ids(self, rows: np.ndarray) -> pa.Array:
        ids = _take(self.shop.catalog.sku_style_ids, self.shop.lines.sku[rows])
        if not self.style.excel_damage:
            return self.style.id_cells(ids)
        order = self.shop.lines.order[rows]
        damaged = np.flatnonzero((self.shop.orders.id_number[order] % 40 == 3)
                                 & (self.shop.orders.deal_at[order] >= self.cutoff - 7 * DAY))
        values = ids.to_numpy(zero_copy_only=False)
        return _patch(ids, damaged, [f"{v}.0" for v in values[damaged]])

    def _courier(self, rows: np.ndarray) -> pa.Array:
        courier = self.shop.texts.courier[self.shop.lines.order[rows]]
        variant = self.shop.orders.courier_variant[self.shop.lines.order[rows]]
        return _take(_COURIER_NAMES, _COURIER_FIRST_NAME[courier]
                     + np.minimum(variant, _COURIER_NAME_COUNT[courier] - 1), ~self._shipped(rows))


_COURIER_NAMES = pa.array([name for courier in _COURIERS for name in courier.names])
_COURIER_NAME_COUNT = np.array([len(c.names) for c in _COURIERS])
_COURIER_FIRST_NAME = np.concatenate([[0], np.cumsum(_COURIER_NAME_COUNT)[:-1]])
_CODE_TEXTS = pa.array([""] + [str(code) for code in range(1100)])
_CODE_NAMES = pa.array([""] + [_K100_NAMES.get(code, "") for code in range(1100)])
_EVENT_CITY_IS_ORIGIN = np.array([_KINDS[k].at_origin for k in _Kind])


class _EventsView:
    """Renders tracking events in the Kuaidi100 or the Kuaidi Niao vocabulary."""

    def __init__(self, shop: _Shop, clock: _Clock, style: _Style) -> None:
        self.shop, self.clock, self.style = shop, clock, style
        events, orders = shop.events, shop.orders
        parcel_number = orders.tracking_number
        city = orders.city
        site = city * len(_DISTRICTS) + orders.district
        geo = shop.geo
        owner = events.owner
        self.fields: dict[str, Column] = {
            "o_city": lambda r: _repeat(_ORIGIN_CITY, len(r)),
            "o_site": lambda r: _take(_ORIGIN_SITES, parcel_number[owner[r]] % len(_ORIGIN_SITES)),
            "o_hub": lambda r: _take(_ORIGIN_HUBS, parcel_number[owner[r]] % len(_ORIGIN_HUBS)),
            "d_city": lambda r: _take(geo.city_names, city[owner[r]]),
            "d_hub": lambda r: _take(geo.city_hubs, city[owner[r]]),
            "d_site": lambda r: _take(geo.site_names, site[owner[r]]),
            "courier_man": lambda r: _take(_COURIER_MEN, parcel_number[owner[r]] % 6),
            "phone": lambda r: pc.binary_join_element_wise(
                "1380000", _digits(parcel_number[owner[r]] % 10_000, 4), ""),
            "reason": lambda r: _take(_EVENT_REASONS, events.reason[r]),
        }

    def kuaidi100(self) -> tuple[list[str], list[Column]]:
        events = self.shop.events
        columns: list[tuple[str, Column]] = [
            ("快递单号", self._tracking), ("快递公司", self._k100_courier),
            ("事件时间", self._time), ("状态码", lambda r: _code(events.k100_state[r])),
            ("高级状态码", lambda r: _code(events.k100_advanced[r])),
            ("状态名称", self._k100_name), ("事件描述", self.texts), ("事件地点", self._place)]
        optional = {"高级状态码", "状态名称", "事件地点"}
        kept = [c for c in columns if self.style.optional_columns or c[0] not in optional]
        return [name for name, _ in kept], [build for _, build in kept]

    def kdniao(self) -> tuple[list[str], list[Column]]:
        events = self.shop.events
        codes = pa.array([c.kdniao for c in _COURIERS])
        columns: list[tuple[str, Column]] = [
            ("LogisticCode", self._tracking),
            ("ShipperCode", lambda r: _take(codes, self._courier_of(r))),
            ("AcceptTime", self._time), ("State", lambda r: _code(events.kdniao_state[r])),
            ("StateEx", lambda r: _code(events.kdniao_state_ex[r])),
            ("AcceptStation", self.texts), ("Location", self._place)]
        return [name for name, _ in columns], [build for _, build in columns]

    def texts(self, rows: np.ndarray) -> pa.Array:
        """Each event's Chinese text, rendered kind by kind and put back in row order."""
        kinds = self.shop.events.kind[rows]
        by_kind = np.argsort(kinds, kind="stable")
        sorted_kinds = kinds[by_kind]
        bounds = np.flatnonzero(np.r_[True, sorted_kinds[1:] != sorted_kinds[:-1], True])
        parts = [_render(_KINDS[_Kind(int(sorted_kinds[start]))].text, self.fields,
                         rows[by_kind[start:stop]])
                 for start, stop in itertools.pairwise(bounds)]
        inverse = np.empty(len(rows), np.int64)
        inverse[by_kind] = np.arange(len(rows))
        return pc.take(pa.concat_arrays(parts), pa.array(inverse))

    def _courier_of(self, rows: np.ndarray) -> np.ndarray:
        return self.shop.texts.courier[self.shop.events.owner[rows]]

    def _tracking(self, rows: np.ndarray) -> pa.Array:
        return self.style.id_cells(_take(self.shop.texts.tracking, self.shop.events.owner[rows]))

    def _k100_courier(self, rows: np.ndarray) -> pa.Array:
        courier = self._courier_of(rows)
        if self.style.courier_codes:
            return _take([c.kuaidi100 for c in _COURIERS], courier)
        return _take(_COURIER_NAMES, _COURIER_FIRST_NAME[courier])

    def _time(self, rows: np.ndarray) -> pa.Array:
        return self.clock.timestamps(self.shop.events.at[rows], self.style.slash_times)

    def _k100_name(self, rows: np.ndarray) -> pa.Array:
        events = self.shop.events
        advanced = events.k100_advanced[rows]
        return _take(_CODE_NAMES, np.where(advanced >= 0, advanced, events.k100_state[rows]) + 1)

    def _place(self, rows: np.ndarray) -> pa.Array:
        events = self.shop.events
        at_origin = _EVENT_CITY_IS_ORIGIN[events.kind[rows]]
        city = self.shop.orders.city[events.owner[rows]]
        origin = self.shop.geo.city_names.to_pylist().index(_ORIGIN_CITY)
        return _take(self.shop.geo.city_names, np.where(at_origin, origin, city))


def _code(values: np.ndarray) -> pa.Array:
    return _take(_CODE_TEXTS, values.astype(np.int64) + 1)
