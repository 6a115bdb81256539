-- The buyer says the order was never theirs, or the parcel was empty: the marks of a boosted
-- (刷单) or fake order that the merchant's notes and bills may not show.
{% from "intermediate/_stated_reason.jinja" import stated_reason_signal %}
{{ stated_reason_signal("reason_denies_order", "拒收/售后原因说没有下过这一单或收到空包", "violation") }}
