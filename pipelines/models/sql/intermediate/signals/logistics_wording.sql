-- The buyer's stated reason (refusal or after-sales) blames the delivery.
{% from "intermediate/_stated_reason.jinja" import stated_reason_signal %}
{{ stated_reason_signal("logistics_wording", "拒收/售后原因说的是物流", "logistics") }}
