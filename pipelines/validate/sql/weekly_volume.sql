-- Orders in the reported week against the median of the four weeks before it. Null (no verdict)
-- until there is history to compare with.
create or replace table validation.weekly_volume as
with

orders as (
    select * from intermediate.int_orders_deduplicated
),

weekly as (
    select
        date_trunc('week', ordered_at) as week_start,
        count(*) as orders
    from orders
    group by 1
),

reported as (
    select coalesce(max(orders), 0) as orders
    from weekly
    where week_start = cast($week_start as timestamp)
),

recent as (
    select median(orders) as median_orders
    from weekly
    where
        week_start >= cast($week_start as timestamp) - interval 28 day
        and week_start < cast($week_start as timestamp)
),

final as (
    select
        'orders' as source_file,
        0 as source_row,
        reported.orders,
        recent.median_orders,
        reported.orders / nullif(recent.median_orders, 0) as ratio_to_recent_weeks
    from reported
    cross join recent
)

select * from final
