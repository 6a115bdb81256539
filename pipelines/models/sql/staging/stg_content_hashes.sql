-- One hash per usable typed row of every export kind, of what the row says (not where it came
-- from), computed once per file (models/runner.py): the searches for repeated rows
-- (_split.jinja's later_copies) group these hashes instead of hashing every kept row again on
-- every run.
{% from "staging/_split.jinja" import content_columns with context %}
create or replace table staging.stg_content_hashes as
{% for table in raw_tables -%}
select
    '{{ table }}' as kind,
    file_sha256,
    source_row,
    hash({{ content_columns(table) }}) as content_hash
from staging.stg_{{ table }}_checked
where
    quarantine_reason is null
    and {{ new_files_only("staging.stg_content_hashes") }}
{% if not loop.last %}
union all
{% endif -%}
{% endfor -%}
