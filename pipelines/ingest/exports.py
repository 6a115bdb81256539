"""The export kinds of the input contract (../shared/contract/INPUTS.md): their columns, the header
aliases of every known layout, and how a file's kind is recognised from its header row alone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column of a kind: the warehouse name and the export headers that mean it, in priority
    order (the first one present in a file wins, e.g. 订单成交时间 over 拼单成功时间)."""

    name: str
    headers: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class ExportKind:
    """One export kind. ``table`` is the raw table it loads into (two logistics providers share
    ``tracking_events``); ``signature`` holds the headers that identify it."""

    name: str
    table: str
    signature: tuple[str, ...]
    columns: tuple[Column, ...]
    constants: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _c(name: str, *headers: str, required: bool = False) -> Column:
    return Column(name, headers, required)


ORDERS = ExportKind(
    name="orders",
    table="orders",
    signature=("订单号", "订单状态"),
    columns=(
        _c("order_id", "订单号", required=True),
        _c("order_status", "订单状态", required=True),
        _c("ordered_at", "订单成交时间", "拼单成功时间", "订单确认时间", required=True),
        _c("tracking_no", "快递单号", "运单号", required=True),
        _c("product_title", "商品", "商品名称"),
        _c("product_id", "商品id"),
        _c("sku_spec", "商品规格"),
        _c("style_id", "样式id"),
        _c("merchant_sku_code", "商家编码-规格维度", "商家编码-sku维度"),
        _c("merchant_product_code", "商家编码-商品维度"),
        _c("quantity", "商品数量(件)"),
        _c("goods_total_yuan", "商品总价(元)"),
        _c("shipping_fee_yuan", "邮费(元)"),
        _c("shop_discount_yuan", "店铺优惠折扣(元)"),
        _c("platform_discount_yuan", "平台优惠折扣(元)"),
        _c("duoduo_pay_discount_yuan", "多多支付立减金额(元)"),
        _c("buyer_paid_yuan", "用户实付金额(元)"),
        _c("merchant_received_yuan", "商家实收金额(元)"),
        _c("paid_at", "支付时间"),
        _c("promised_ship_by_at", "承诺发货时间"),
        _c("promised_delivery_at", "承诺送达时间"),
        _c("shipped_at", "发货时间"),
        _c("receipt_confirmed_at", "确认收货时间"),
        _c("after_sales_status", "售后状态"),
        _c("courier_name", "快递公司", "物流公司"),
        _c("merchant_note", "商家备注"),
        _c("buyer_message", "买家留言"),
        _c("province", "省", "省份"),
        _c("city", "市", "城市"),
        _c("district", "区", "区县"),
        _c("street", "街道/镇", "街道"),
        _c("trial_flag", "是否抽奖或0元试用"),
        # Personal data (收货人, 手机, 身份证姓名, 身份证号码, 用户购买手机号) is absent on
        # purpose: unmapped columns are never read, so it never reaches the warehouse.
    ),
)

TRACKING_KUAIDI100 = ExportKind(
    name="logistics_kuaidi100",
    table="tracking_events",
    signature=("快递单号", "状态码", "事件时间"),
    columns=(
        _c("tracking_no", "快递单号", required=True),
        _c("courier", "快递公司"),
        _c("event_at", "事件时间", required=True),
        _c("state_code", "状态码", required=True),
        _c("sub_state_code", "高级状态码"),
        _c("state_name", "状态名称"),
        _c("description", "事件描述"),
        _c("location", "事件地点"),
    ),
    constants={"provider": "kuaidi100"},
)

TRACKING_KDNIAO = ExportKind(
    name="logistics_kdniao",
    table="tracking_events",
    signature=("logisticcode", "accepttime"),
    columns=(
        _c("tracking_no", "logisticcode", required=True),
        _c("courier", "shippercode"),
        _c("event_at", "accepttime", required=True),
        _c("state_code", "state"),
        _c("sub_state_code", "stateex"),
        _c("state_name", "statename"),
        _c("description", "acceptstation"),
        _c("location", "location"),
    ),
    constants={"provider": "kdniao"},
)

AFTER_SALES = ExportKind(
    name="after_sales",
    table="after_sales",
    signature=("售后编号", "订单号"),
    columns=(
        _c("after_sales_id", "售后编号", "售后单号", "退款编号", required=True),
        _c("order_id", "订单号", required=True),
        _c("after_sales_type", "售后类型"),
        _c("after_sales_status", "售后状态"),
        _c("reason", "售后原因", "退款原因"),
        _c("applied_at", "申请时间"),
        _c("refund_yuan", "退款金额(元)"),
        _c("return_tracking_no", "退货快递单号"),
        _c("shipping_state", "发货状态"),
    ),
)

REVIEWS = ExportKind(
    name="reviews",
    table="reviews",
    signature=("评价时间", "评分"),
    columns=(
        _c("reviewed_at", "评价时间", required=True),
        _c("order_id", "订单号"),
        _c("product_id", "商品id"),
        _c("score", "评分", "描述相符", required=True),
        _c("review_text", "评价内容"),
        _c("merchant_reply", "商家回复"),
    ),
)

STORE_SCORES = ExportKind(
    name="store_scores",
    table="store_scores",
    signature=("日期", "店铺评分"),
    columns=(
        _c("score_date", "日期", required=True),
        _c("store_score", "店铺评分", required=True),
        _c("description_score", "描述相符"),
        _c("logistics_score", "物流服务"),
        _c("service_score", "服务态度"),
    ),
)

PENALTIES = ExportKind(
    name="penalties",
    table="penalties",
    signature=("订单号", "类型", "金额(元)"),
    columns=(
        _c("order_id", "订单号", required=True),
        _c("tracking_no", "快递单号"),
        _c("penalty_type", "类型", required=True),
        _c("amount_yuan", "金额(元)", required=True),
        _c("penalized_at", "时间"),
        _c("note", "说明"),
    ),
)

#: Detection order matters only where signatures nest: orders carry 售后状态 but never 售后编号.
KINDS: tuple[ExportKind, ...] = (
    ORDERS,
    AFTER_SALES,
    PENALTIES,
    REVIEWS,
    STORE_SCORES,
    TRACKING_KUAIDI100,
    TRACKING_KDNIAO,
)

#: Raw tables and the columns they hold (logistics providers merge into one event table).
RAW_TABLES: dict[str, tuple[str, ...]] = {}
for _kind in KINDS:
    _columns = _kind.column_names + tuple(_kind.constants)
    RAW_TABLES[_kind.table] = tuple(dict.fromkeys(RAW_TABLES.get(_kind.table, ()) + _columns))

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]"})
_INVISIBLE = re.compile(r"[\s\ufeff\u200b]+")


def normalize_header(header: str) -> str:
    """Header as matched against the alias table: no BOM, no whitespace anywhere, half-width
    brackets, ASCII lower-cased (商品总价（元) and ' 商品总价(元)\\t' both become 商品总价(元))."""
    text = unicodedata.normalize("NFKC", header or "").translate(_BRACKETS)
    return _INVISIBLE.sub("", text).lower()


#: Every header name any kind reads, normalised: how much a header row resembles an export.
KNOWN_HEADERS = frozenset(
    normalize_header(header)
    for kind in KINDS
    for column in kind.columns
    for header in column.headers
)
#: Known headers a row must carry to look like an export. An order or tracking export damaged
#: (its header cut or misspelt) still carries several; a merchant's own sheet that happens to
#: have a 订单号 column carries one.
EXPORT_LIKE_MIN_HEADERS = 2


def looks_like_export(headers: Iterable[str]) -> bool:
    """Whether a header row that matches no kind still resembles an export (so the file is a
    damaged export that must stop the run, not an unrelated file that may be skipped)."""
    known = {normalize_header(header) for header in headers} & KNOWN_HEADERS
    return len(known) >= EXPORT_LIKE_MIN_HEADERS


#: The raw tables a run cannot do without, and what a merchant calls the export that fills each.
REQUIRED_TABLES: dict[str, str] = {
    "orders": "orders export (订单查询 → 导出)",
    "tracking_events": "tracking export (快递100 or 快递鸟)",
}


@dataclass(frozen=True)
class HeaderMatch:
    """A file's kind and, per warehouse column, the position of its source column in the file."""

    kind: ExportKind
    positions: dict[str, int]
    missing_required: tuple[str, ...]


def match_header(headers: Iterable[str]) -> HeaderMatch | None:
    """The kind whose signature the header row carries, or ``None`` for an unknown file."""
    normalized = [normalize_header(header) for header in headers]
    first_position: dict[str, int] = {}
    for position, header in enumerate(normalized):
        first_position.setdefault(header, position)
    for kind in KINDS:
        if not all(normalize_header(h) in first_position for h in kind.signature):
            continue
        positions: dict[str, int] = {}
        missing: list[str] = []
        for column in kind.columns:
            found = [
                first_position[h]
                for h in map(normalize_header, column.headers)
                if h in first_position
            ]
            if found:
                positions[column.name] = found[0]
            elif column.required:
                missing.append(column.headers[0])
        return HeaderMatch(kind, positions, tuple(missing))
    return None
