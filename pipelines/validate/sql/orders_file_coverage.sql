-- Per orders export: the share of its shipped orders (a 发货时间 or a shipped 订单状态) that no
-- tracking export has an event for, a missing 快递单号 included. One file far behind the others
-- is hidden in the run-wide tracking coverage.
create or replace table validation.orders_file_coverage as
with

orders as (
    -- the files this run was given (an earlier run checked the others)
    select * from staging.stg_orders
    where file_sha256 in (select run_files.file_sha256 from validation.run_files)
),

order_statuses as (
    select * from seeds.order_statuses
),

events as (
    select * from staging.stg_tracking_events
),

tracked_nos as (
    -- of the numbers the run's orders carry: every tracking number ever staged would grow
    -- with the shop's history
    select distinct events.tracking_no
    from events
    semi join orders
        on events.tracking_no = orders.tracking_no
),

shipped as (
    select
        orders.file_sha256,
        orders.source_file,
        orders.order_id,
        orders.tracking_no
    from orders
    left join order_statuses
        on orders.order_status = order_statuses.order_status
    where orders.shipped_at is not null or order_statuses.is_shipped = 'true'
),

per_file as (
    select
        shipped.file_sha256,
        shipped.source_file,
        count(distinct shipped.order_id) as shipped_orders,
        count(distinct shipped.order_id) filter (
            where tracked_nos.tracking_no is null
        ) as untracked_orders
    from shipped
    left join tracked_nos
        on shipped.tracking_no = tracked_nos.tracking_no
    group by shipped.file_sha256, shipped.source_file
),

final as (
    select
        source_file,
        0 as source_row,
        shipped_orders,
        untracked_orders,
        untracked_orders / shipped_orders as untracked_share
    from per_file
)

select * from final
