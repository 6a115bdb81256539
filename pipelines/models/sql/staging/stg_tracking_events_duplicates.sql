-- Usable tracking-event rows repeating an earlier row exactly: not in staging.stg_tracking_events.
{% from "staging/_split.jinja" import later_copies with context %}
{{ later_copies("tracking_events") }}
