-- The refusal or after-sales reason speaks of the goods in words no pattern lists.
{% from "intermediate/_reason_read.jinja" import reason_read_signal %}
{{ reason_read_signal("quality_in_other_words", "拒收/售后原因换了说法，读来是在说商品") }}
