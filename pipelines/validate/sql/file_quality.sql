-- Per input file: the share of its rows that loading had to quarantine.
create or replace table validation.file_quality as
with

accounting as (
    -- the files this run was given (an earlier run checked the others)
    select * from meta.file_accounting
    where file_sha256 in (select run_files.file_sha256 from validation.run_files)
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
