-- Usable penalty rows repeating an earlier row exactly: not in staging.stg_penalties.
{% from "staging/_split.jinja" import later_copies with context %}
{{ later_copies("penalties") }}
