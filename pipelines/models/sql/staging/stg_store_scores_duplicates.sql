-- Usable store-score rows repeating an earlier row exactly: not in staging.stg_store_scores.
{% from "staging/_split.jinja" import later_copies with context %}
{{ later_copies("store_scores") }}
