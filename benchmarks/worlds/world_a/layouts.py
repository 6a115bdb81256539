"""Export layouts: header lists per export template, and tracking codes per provider."""

from __future__ import annotations

ORDERS_SHORT = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "订单成交时间",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
)

ORDERS_FULL = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "是否审核中",
    "支付时间",
    "订单成交时间",
    "承诺发货时间",
    "承诺送达时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商品一级类目",
    "商品二级类目",
    "商品三级类目",
    "商品四级类目",
    "商家备注",
    "买家留言",
    "售后状态",
    "快递单号",
    "快递公司",
    "团ID",
    "省",
    "市",
    "区",
    "街道/镇",
    "是否抽奖或0元试用",
    "是否顺丰加价",
    "支付方式",
    "订单来源",
    "用户购买手机号",
    "是否门店自提",
    "是否预售",
    "仓库名称",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
    "订单类型",
    "是否直播订单",
    "是否代发订单",
)

ORDERS_OLD = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "身份证姓名",
    "身份证号码",
    "收货人",
    "手机",
    "是否审核中",
    "省",
    "市",
    "区",
    "街道",
    "拼单成功时间",
    "订单确认时间",
    "承诺发货时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-SKU维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "买家留言",
)

ORDER_LAYOUTS = {"short": ORDERS_SHORT, "full": ORDERS_FULL, "old": ORDERS_OLD}
ORDER_ID_COLUMNS = frozenset(
    {"订单号", "快递单号", "商品id", "样式ID", "团ID", "身份证号码", "手机"}
)
ORDER_DIGIT_COLUMNS = frozenset({"快递单号", "商品id", "样式ID"})  # Excel re-saving can damage
MONEY_SUFFIX = "(元)"

KUAIDI100 = (
    "快递单号",
    "快递公司",
    "事件时间",
    "状态码",
    "高级状态码",
    "状态名称",
    "事件描述",
    "事件地点",
)
KUAIDI100_OPTIONAL = frozenset({"高级状态码", "状态名称", "事件地点"})
KDNIAO = (
    "LogisticCode",
    "ShipperCode",
    "AcceptTime",
    "State",
    "StateEx",
    "AcceptStation",
    "Location",
)
KDNIAO_OPTIONAL = frozenset({"StateEx", "Location"})

AFTER_SALES = (
    "售后编号",
    "订单号",
    "商品名称",
    "售后类型",
    "售后状态",
    "售后原因",
    "申请时间",
    "退款金额(元)",
    "退货快递单号",
    "发货状态",
)
AFTER_SALES_OPTIONAL = frozenset({"商品名称", "退货快递单号", "发货状态"})
REVIEWS = ("评价时间", "订单号", "商品id", "商品名称", "评分", "评价内容", "商家回复")
REVIEWS_OPTIONAL = frozenset({"商品名称", "商家回复"})
STORE_SCORES = ("日期", "店铺评分", "描述相符", "物流服务", "服务态度")
PENALTIES = ("订单号", "快递单号", "类型", "金额(元)", "时间", "说明")
PENALTIES_OPTIONAL = frozenset({"快递单号", "说明"})

# event kind -> (Kuaidi100 状态码, 高级状态码, 状态名称); None: the aggregator shows no row
K100_CODES: dict[str, tuple[str, str, str] | None] = {
    "nopickup": None,
    "pickup": ("1", "103", "已揽收"),
    "depart": ("0", "1002", "干线"),
    "arrive": ("0", "1002", "干线"),
    "arrive_city": ("0", "1001", "到达派件城市"),
    "dispatch": ("5", "5", "派件"),
    "locker": ("5", "501", "投柜或驿站"),
    "sign": ("3", "301", "本人签收"),
    "sign_proxy": ("3", "303", "代签"),
    "sign_locker": ("3", "304", "投柜或站签收"),
    "sign_after_trouble": ("3", "302", "派件异常后签收"),
    "fail_attempt": ("2", "204", "派件异常"),
    "stuck": ("2", "208", "滞留"),
    "delay": ("0", "1002", "干线"),
    "no_update": ("2", "202", "超时未更新"),
    "damaged": ("2", "209", "破损"),
    "refused": ("2", "203", "拒收"),
    "return_start": ("6", "6", "退回"),
    "return_transit": ("6", "6", "退回"),
    "return_signed": ("4", "4", "退签"),
    "return_signed_refused": ("4", "4", "退签"),
    "address_bad": ("2", "207", "超区"),
    "unreachable": ("2", "206", "无法联系"),
    "locker_timeout": ("2", "205", "柜或驿站超时未取"),
    "intercepted": ("6", "6", "退回"),
}

# event kind -> (Kuaidi Niao State, StateEx)
KDN_CODES: dict[str, tuple[str, str]] = {
    "nopickup": ("4", "401"),
    "pickup": ("1", "1"),
    "depart": ("2", "2"),
    "arrive": ("2", "2"),
    "arrive_city": ("2", "201"),
    "dispatch": ("2", "202"),
    "locker": ("2", "211"),
    "sign": ("3", "301"),
    "sign_proxy": ("3", "304"),
    "sign_locker": ("3", "311"),
    "sign_after_trouble": ("3", "302"),
    "fail_attempt": ("4", "405"),
    "stuck": ("4", "403"),
    "delay": ("4", "417"),
    "no_update": ("4", "403"),
    "damaged": ("4", "414"),
    "refused": ("4", "404"),
    "return_start": ("4", "407"),
    "return_transit": ("2", "2"),
    "return_signed": ("4", "406"),
    "return_signed_refused": ("4", "406"),
    "address_bad": ("4", "420"),
    "unreachable": ("4", "416"),
    "locker_timeout": ("4", "412"),
    "intercepted": ("4", "413"),
}

MISSING_CODE_BELOW = 0.025  # events whose codes an export leaves empty
WRONG_CODE_BELOW = 0.04  # events coded as an ordinary in-transit scan


def k100_codes(kind: str, noise: float, refused_kind_draw: float) -> tuple[str, str, str] | None:
    codes = K100_CODES[kind]
    if codes is None:
        return None
    if kind == "refused" and refused_kind_draw < 0.35:
        codes = ("14", "203", "拒签")
    if kind == "return_signed_refused" and refused_kind_draw < 0.3:
        codes = ("14", "14", "拒签")
    if noise < MISSING_CODE_BELOW:
        return ("", "", "")
    if noise < WRONG_CODE_BELOW:
        return K100_CODES["depart"]
    return codes


def kdn_codes(kind: str, noise: float) -> tuple[str, str]:
    if noise < MISSING_CODE_BELOW:
        return ("", "")
    if noise < WRONG_CODE_BELOW:
        return KDN_CODES["depart"]
    return KDN_CODES[kind]
