-- Whether orders and tracking reach the end of the reported week ($week_start to $week_end,
-- China time): an export taken mid-week would report a partial week as if it were whole.
create or replace table validation.freshness as
with

orders as (
    select * from staging.stg_orders
),

events as (
    select * from staging.stg_tracking_events
),

coverage as (
    select
        'orders' as kind,
        string_agg(distinct source_file, ', ' order by source_file) as source_file,
        min(ordered_at) as first_at,
        max(greatest(ordered_at, shipped_at, receipt_confirmed_at)) as last_at
    from orders
    union all
    select
        'tracking' as kind,
        string_agg(distinct source_file, ', ' order by source_file) as source_file,
        min(event_at) as first_at,
        max(event_at) as last_at
    from events
),

final as (
    select
        source_file,
        0 as source_row,
        kind,
        first_at,
        last_at,
        coalesce(
            first_at < cast($week_end as timestamp)
            and last_at >= cast($week_end as timestamp) - interval 1 day,
            false
        ) as covers_week
    from coverage
)

select * from final
