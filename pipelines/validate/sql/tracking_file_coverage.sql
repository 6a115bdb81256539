-- Per tracking export: the share of its tracking numbers that no order carries. Overlapping
-- weeks leave a few; most of them means the orders export is cut off or covers other weeks (a
-- truncated orders file on a first run passes every other check).
create or replace table validation.tracking_file_coverage as
with

events as (
    -- the files this run was given (an earlier run checked the others)
    select * from staging.stg_tracking_events
    where file_sha256 in (select run_files.file_sha256 from validation.run_files)
),

orders as (
    select * from staging.stg_orders
),

ordered_tracking_nos as (
    select distinct tracking_no
    from orders
    where tracking_no is not null
),

per_file as (
    select
        events.file_sha256,
        events.source_file,
        count(distinct events.tracking_no) as tracking_nos,
        count(distinct events.tracking_no) filter (
            where ordered_tracking_nos.tracking_no is null
        ) as unmatched_tracking_nos
    from events
    left join ordered_tracking_nos
        on events.tracking_no = ordered_tracking_nos.tracking_no
    group by events.file_sha256, events.source_file
),

final as (
    select
        source_file,
        0 as source_row,
        tracking_nos,
        unmatched_tracking_nos,
        unmatched_tracking_nos / tracking_nos as unmatched_share
    from per_file
)

select * from final
