"""The merchant's weekly export schedule: which layout, format, encoding, provider and quirks
each Monday's files have. The shop changed export templates and tracking aggregators during the
season, someone re-saved one file in Excel, and the finance team exports penalties monthly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SHORT_2024 = ("商品", "订单号", "订单状态", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)",
              "平台优惠折扣(元)", "多多支付立减金额(元)", "用户实付金额(元)", "商家实收金额(元)",
              "商品数量(件)", "发货时间", "确认收货时间", "商品id", "商品规格", "样式ID",
              "商家编码-规格维度", "商家编码-商品维度", "商家备注", "售后状态", "快递单号",
              "快递公司", "订单成交时间", "是否分期", "分期期数", "手续费承担方", "分期方式")
FULL_2023 = ("商品", "订单号", "订单状态", "是否审核中", "商品总价(元)", "邮费(元)",
             "店铺优惠折扣(元)", "平台优惠折扣(元)", "多多支付立减金额(元)", "用户实付金额(元)",
             "商家实收金额(元)", "商品数量(件)", "支付时间", "订单成交时间", "承诺发货时间",
             "承诺送达时间", "发货时间", "确认收货时间", "商品id", "商品规格", "样式ID",
             "商家编码-规格维度", "商家编码-商品维度", "商品一级类目", "商品二级类目",
             "商品三级类目", "商品四级类目", "商家备注", "买家留言", "售后状态", "快递单号",
             "快递公司", "团ID", "省", "市", "区", "街道/镇", "是否抽奖或0元试用", "是否顺丰加价",
             "支付方式", "订单来源", "是否分期", "分期期数", "手续费承担方", "分期方式")
OLD_2019 = ("商品", "订单号", "订单状态", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)",
            "平台优惠折扣(元)", "用户实付金额(元)", "商家实收金额(元)", "商品数量(件)",
            "身份证姓名", "身份证号码", "收货人", "手机", "是否审核中", "省", "市", "区", "街道",
            "拼单成功时间", "订单确认时间", "承诺发货时间", "发货时间", "确认收货时间", "商品id",
            "商品规格", "样式ID", "商家编码-SKU维度", "商家编码-商品维度", "商家备注", "买家留言",
            "售后状态", "快递单号", "快递公司")
KUAIDI100 = ("快递单号", "快递公司", "事件时间", "状态码", "高级状态码", "状态名称", "事件描述",
             "事件地点")
KDNIAO = ("LogisticCode", "ShipperCode", "AcceptTime", "State", "StateEx", "AcceptStation",
          "Location")
AFTER_SALES = ("售后编号", "订单号", "售后类型", "售后状态", "售后原因", "申请时间",
               "退款金额(元)", "退货快递单号", "发货状态")
REVIEWS = ("评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复")
STORE_SCORES = ("日期", "店铺评分", "描述相符", "物流服务", "服务态度")
PENALTIES = ("订单号", "快递单号", "类型", "金额(元)", "时间", "说明")


@dataclass(frozen=True)
class FileStyle:
    fmt: str = "csv"  # csv or xlsx
    encoding: str = "utf-8-sig"  # utf-8-sig, utf-8, gb18030
    quirks: frozenset[str] = field(default_factory=frozenset)


def _style(fmt: str = "csv", encoding: str = "utf-8-sig", *quirks: str) -> FileStyle:
    return FileStyle(fmt, encoding, frozenset(quirks))


#: one entry per weekly drop (Mondays from 2026-08-10 to 2026-11-30)
ORDER_DROPS = (
    ("full", _style("csv", "gb18030")),
    ("full", _style("csv", "gb18030", "header_spaces")),
    ("full", _style("xlsx")),
    ("short", _style("csv", "utf-8-sig", "tab_ids")),
    ("short", _style("csv", "utf-8-sig", "tab_ids", "quote_all", "fullwidth_brackets")),
    ("short", _style("csv", "gb18030", "excel_damage")),
    ("short", _style("xlsx", "", "numeric_ids")),
    ("short", _style("csv", "utf-8-sig", "tab_ids", "status_no_comma")),
    ("old", _style("csv", "utf-8")),
    ("short", _style("csv", "utf-8-sig", "tab_ids", "mixed_brackets")),
    ("short", _style("xlsx", "", "fullwidth_brackets")),
    ("short", _style("csv", "utf-8", "tab_ids", "status_halfwidth_comma")),
    ("full", _style("csv", "utf-8-sig", "tab_ids")),
    ("full", _style("csv", "utf-8-sig", "tab_ids", "money_symbols")),
    ("full", _style("xlsx")),
    ("full", _style("csv", "gb18030", "slash_time")),
    ("full", _style("csv", "utf-8-sig", "tab_ids")),
)
#: tracking: Kuaidi100 until September, Kuaidi Niao in October, Kuaidi100 (codes) again after
TRACKING_DROPS = (
    ("kuaidi100", _style("csv", "utf-8-sig", "newest_first")),
    ("kuaidi100", _style("csv", "utf-8-sig", "newest_first")),
    ("kuaidi100", _style("csv", "utf-8-sig", "newest_first")),
    ("kuaidi100", _style("csv", "utf-8-sig", "newest_first", "no_optional")),
    ("kuaidi100", _style("csv", "utf-8-sig", "newest_first")),
    ("kuaidi100", _style("csv", "utf-8-sig", "newest_first", "eq_wrap")),
    ("kuaidi100", _style("csv", "utf-8-sig", "newest_first")),
    ("kuaidi100", _style("csv", "utf-8-sig", "newest_first", "tab_ids")),
    ("kdniao", _style("csv", "utf-8-sig")),
    ("kdniao", _style("csv", "utf-8-sig")),
    ("kdniao", _style("xlsx")),
    ("kdniao", _style("csv", "utf-8-sig", "no_optional")),
    ("kdniao", _style("csv", "gb18030")),
    ("kuaidi100", _style("csv", "gb18030", "courier_codes")),
    ("kuaidi100", _style("csv", "gb18030", "courier_codes")),
    ("kuaidi100", _style("csv", "gb18030", "courier_codes", "newest_first")),
    ("kuaidi100", _style("csv", "gb18030", "courier_codes")),
)
#: after-sales from the third week on, reviews from the second; store scores every week
AFTER_SALES_DROPS = {2: _style(), 3: _style(), 4: _style(), 5: _style(), 6: _style("xlsx"),
                     7: _style(), 8: _style(), 9: _style(), 10: _style("csv", "gb18030"),
                     11: _style(), 12: _style(), 13: _style(), 14: _style("xlsx"), 15: _style(),
                     16: _style()}
REVIEW_DROPS = {index: (_style("xlsx") if index == 9 else _style()) for index in range(1, 17)}
PENALTY_DROPS = {4: _style("csv", "gb18030"), 8: _style("xlsx"), 12: _style("csv", "gb18030"),
                 16: _style("xlsx")}
