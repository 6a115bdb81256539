-- Buyers of the product called their paid orders off before they were shipped (未发货，退款成功)
-- far more often than the rest of the shop's buyers, among the orders placed in the
-- $review_window_days days before this parcel met its buyer: something said about the product
-- (a run of bad reviews) put buyers off before they had seen the goods. It needs no reviews
-- export: the orders export alone shows it. Which cause such a burst points at in this shop is
-- learned from its anchored refusals (int_signal_weights); the registry says reviews. This
-- parcel's own order was shipped, so it is never among the cancelled, and it is left out of the
-- orders counted.
create or replace table intermediate.signal_product_cancel_burst as
with

parcels_met as (
    select * from intermediate.int_parcels_met
    where product_id is not null
),

orders as (
    -- every paid order of the shop (never-paid and closed ones are not a decision about it)
    select
        order_id,
        product_id,
        order_status = '未发货，退款成功' as is_cancelled,
        day_number(ordered_at) as day_number
    from intermediate.int_parcels_classified
    where
        product_id is not null
        and ordered_at is not null
        and order_status not in ('已取消', '待支付')
),

product_days as (
    select
        product_id,
        day_number,
        count(*) as orders,
        count(*) filter (where is_cancelled) as cancelled
    from orders
    group by product_id, day_number
),

shop_days as (
    select
        day_number,
        sum(orders) as orders,
        sum(cancelled) as cancelled
    from product_days
    group by day_number
),

parcel_days as (
    select
        parcels_met.order_id,
        parcels_met.product_id,
        day_number(parcels_met.met_at) as met_day,
        day_number(parcels_met.ordered_at) as ordered_day
    from parcels_met
    where parcels_met.met_at is not null and parcels_met.ordered_at is not null
),

product_day_windows as (
    -- the product's paid orders placed in the window of each day a parcel of it met its
    -- buyer, and how many were called off: summed once per product and day, not once per
    -- parcel (at 200,000 orders a week, 3.2M parcels met 35M product-days)
    select
        met_days.product_id,
        met_days.met_day,
        sum(product_days.orders) as orders,
        sum(product_days.cancelled) as cancelled
    from (
        select distinct
            product_id,
            met_day
        from parcel_days
    ) as met_days
    inner join product_days
        on
            met_days.product_id = product_days.product_id
            and product_days.day_number
            between met_days.met_day - $review_window_days and met_days.met_day
    group by met_days.product_id, met_days.met_day
),

product_windows as (
    select
        parcel_days.order_id,
        parcel_days.met_day,
        parcel_days.ordered_day >= parcel_days.met_day - $review_window_days
            as is_own_order_in_window,
        product_day_windows.orders,
        product_day_windows.cancelled
    from parcel_days
    inner join product_day_windows
        on
            parcel_days.product_id = product_day_windows.product_id
            and parcel_days.met_day = product_day_windows.met_day
),

shop_windows as (
    select
        met_days.met_day,
        sum(shop_days.orders) as orders,
        sum(shop_days.cancelled) as cancelled
    from (select distinct met_day from parcel_days) as met_days
    inner join shop_days
        on shop_days.day_number between met_days.met_day - $review_window_days and met_days.met_day
    group by met_days.met_day
),

compared as (
    -- the product's other orders against the rest of the shop over the same days: a wave of
    -- cancellations the whole shop had (a holiday, a price war) is not the product's
    select
        product_windows.order_id,
        product_windows.orders
        - case when product_windows.is_own_order_in_window then 1 else 0 end as orders,
        product_windows.cancelled,
        (shop_windows.cancelled - product_windows.cancelled)
        / nullif(shop_windows.orders - product_windows.orders, 0) as shop_cancel_rate
    from product_windows
    inner join shop_windows
        on product_windows.met_day = shop_windows.met_day
),

final as (
    select
        order_id,
        '派送前 ' || $review_window_days || ' 天内，该商品的其他订单 ' || orders || ' 单中 '
        || cancelled || ' 单未发货就退款取消（'
        || cast(round(100 * cancelled / nullif(orders, 0)) as integer)
        || '%），店铺其他商品同期 '
        || cast(round(100 * shop_cancel_rate, 1) as varchar) || '%' as evidence_zh
    from compared
    where
        shop_cancel_rate is not null
        and cancelled >= $min_cancelled_orders
        and cancelled / nullif(orders, 0) >= $min_cancel_rate_ratio * shop_cancel_rate
)

select * from final
