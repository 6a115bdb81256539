-- The buyer's stated reason is a change of mind and nothing more (不要了, 拍错了, 家里已经有了).
-- It is the article's 评价问题 when asked for before the delivery (cancel_before_delivery); said at
-- the door or picked in the refund form afterwards, it is also the quickest thing to say whatever
-- the reason, so its registry weight is medium, below a stated complaint.
{% from "intermediate/_stated_reason.jinja" import stated_reason_signal %}
{{ stated_reason_signal("reason_changed_mind", "拒收/售后原因只说不要了或拍错了", "changed_mind") }}
