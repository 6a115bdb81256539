-- The buyer opened the parcel to inspect the goods, then refused, and no finding is recorded
-- (开箱验货后拒收). Seeing the goods before refusing leans toward them, but couriers write it for
-- any refusal at the door, so its registry weight is medium; a finding (验货不合格, 验货发现破洞) is
-- quality_wording.
{% from "intermediate/_stated_reason.jinja" import stated_reason_signal %}
{{ stated_reason_signal(
    "inspected_then_refused", "买家开箱验货后拒收，没有说发现了什么", "inspection", unless="quality"
) }}
