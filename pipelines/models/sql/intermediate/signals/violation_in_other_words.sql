-- The refusal or after-sales reason says the order was never the buyer's, or the parcel empty, in
-- words no pattern lists.
{% from "intermediate/_reason_read.jinja" import reason_read_signal %}
{{ reason_read_signal("violation_in_other_words", "拒收/售后原因换了说法，读来是说没下过这一单或收到空包") }}
