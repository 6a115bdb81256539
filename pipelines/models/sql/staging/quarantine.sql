-- Every row that cannot be used, with its file, line and the reason, in file order.
create or replace table staging.quarantine as
with

final as (
{%- for table in raw_tables %}
    select
        '{{ table }}' as raw_table,
        file_sha256,
        source_file,
        source_row,
        quarantine_reason
    from staging.stg_{{ table }}_checked
    where quarantine_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
{%- endfor %}
)

select * from final
order by source_file, source_row
