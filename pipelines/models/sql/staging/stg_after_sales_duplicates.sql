-- Usable after-sales rows repeating an earlier row exactly: not in staging.stg_after_sales.
{% from "staging/_split.jinja" import later_copies with context %}
{{ later_copies("after_sales") }}
