-- The buyer's stated reason (refusal or after-sales) blames the goods.
{% from "intermediate/_stated_reason.jinja" import stated_reason_signal %}
{{ stated_reason_signal("quality_wording", "拒收/售后原因说的是商品", "quality") }}
