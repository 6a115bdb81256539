-- The buyer's stated reason points at the shop's standing, not at the goods or the delivery: bad
-- reviews seen, poor service, a refund already asked for (the article's 评价问题).
{% from "intermediate/_stated_reason.jinja" import stated_reason_signal %}
{{ stated_reason_signal("reason_cites_reviews", "拒收/售后原因说的是评价、客服或已申请退款", "review") }}
