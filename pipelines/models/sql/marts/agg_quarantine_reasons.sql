-- Rows set aside in staging, per file, export kind and reason: the report's data-quality section
-- lists the largest of these.
create or replace table marts.agg_quarantine_reasons as
with

quarantine as (
    select * from staging.quarantine
),

final as (
    select
        source_file,
        raw_table,
        quarantine_reason,
        count(*) as quarantined_rows
    from quarantine
    group by source_file, raw_table, quarantine_reason
)

select * from final
order by quarantined_rows desc, source_file asc, quarantine_reason asc, raw_table asc
