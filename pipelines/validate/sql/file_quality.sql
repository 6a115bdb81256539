-- Per input file: the share of its rows that loading had to quarantine.
create or replace table validation.file_quality as
with

accounting as (
    select * from meta.file_accounting
),

final as (
    select
        file_name as source_file,
        0 as source_row,
        kind,
        rows_read,
        rows_quarantined,
        rows_quarantined / greatest(rows_read, 1) as quarantine_share
    from accounting
)

select * from final
