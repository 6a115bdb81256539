-- The tracking-event rows later models read: typed, usable, each content once (_split.jinja).
{% from "staging/_split.jinja" import usable_rows with context %}
{{ usable_rows("tracking_events") }}
