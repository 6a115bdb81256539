-- Per loaded file: rows read = staged + quarantined + exact duplicates (nothing is lost).
create or replace table meta.file_accounting as
with

files as (
    select * from meta.loaded_files
),
{% for table in raw_tables %}
{{ table }}_copies as (
    select
        file_sha256,
        count(*) as copies
    from staging.stg_{{ table }}_duplicates
    group by file_sha256
),

{{ table }}_counts as (
    select
        checked.file_sha256,
        count(*) filter (where checked.quarantine_reason is null)
        - coalesce(any_value(copies.copies), 0) as rows_staged,
        count(*) filter (where checked.quarantine_reason is not null) as rows_quarantined,
        coalesce(any_value(copies.copies), 0) as rows_duplicate
    from staging.stg_{{ table }}_checked as checked
    left join {{ table }}_copies as copies
        on checked.file_sha256 = copies.file_sha256
    group by checked.file_sha256
),
{% endfor %}
counts as (
{%- for table in raw_tables %}
    select * from {{ table }}_counts
    {%- if not loop.last %}
    union all
    {%- endif %}
{%- endfor %}
),

final as (
    select
        files.file_name,
        files.kind,
        files.rows_read,
        coalesce(counts.rows_staged, 0) as rows_staged,
        coalesce(counts.rows_quarantined, 0) as rows_quarantined,
        coalesce(counts.rows_duplicate, 0) as rows_duplicate,
        files.file_sha256,
        files.load_id
    from files
    left join counts
        on files.file_sha256 = counts.file_sha256
)

select * from final
order by file_name
