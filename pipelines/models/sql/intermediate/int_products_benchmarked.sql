-- How often each product was refused around each day it shipped, against the whole shop over the
-- same days: a bad batch lasts days, so a product is judged in a window, not over all history.
-- One row per product (scope 'product') or SKU of it (scope 'sku') and shipping day, with the
-- window's totals (the day ± $product_window_days).
create or replace table intermediate.int_products_benchmarked as
with

parcels as (
    select * from intermediate.int_parcels_classified
    where
        outcome in ('refused', 'delivered', 'returned_undelivered', 'in_transit')
        and product_id is not null
),

parcel_days as (
    -- each parcel counts for its product (sku_key '') and, where the export names one, for its
    -- SKU (int_orders_deduplicated): a bad batch may be one SKU's, diluted in its product's
    -- other SKUs
    select
        'product' as scope,
        product_id,
        '' as sku_key,
        outcome,
        cast(coalesce(shipped_at, ordered_at) as date) as shipped_on
    from parcels
    union all
    select
        'sku' as scope,
        product_id,
        sku_key,
        outcome,
        cast(coalesce(shipped_at, ordered_at) as date) as shipped_on
    from parcels
    where sku_key is not null
),

item_days as (
    -- days numbered, so that a window can range over them on both engines
    select
        scope,
        product_id,
        sku_key,
        shipped_on,
        day_number(shipped_on) as day_number,
        count(*) as shipped_parcels,
        count(*) filter (where outcome = 'refused') as refused_parcels
    from parcel_days
    group by scope, product_id, sku_key, shipped_on
),

shop_days as (
    select
        shipped_on,
        day_number,
        sum(shipped_parcels) as shipped_parcels,
        sum(refused_parcels) as refused_parcels
    from item_days
    where scope = 'product'
    group by shipped_on, day_number
),

item_windows as (
    select
        scope,
        product_id,
        sku_key,
        shipped_on,
        sum(shipped_parcels) over around_the_day as window_shipped_parcels,
        sum(refused_parcels) over around_the_day as window_refused_parcels
    from item_days
    window around_the_day as (
        partition by scope, product_id, sku_key
        order by day_number asc
        range between $product_window_days preceding and $product_window_days following
    )
),

shop_windows as (
    select
        shipped_on,
        sum(shipped_parcels) over around_the_day as shop_shipped_parcels,
        sum(refused_parcels) over around_the_day as shop_refused_parcels
    from shop_days
    window around_the_day as (
        order by day_number asc
        range between $product_window_days preceding and $product_window_days following
    )
),

final as (
    select
        item_windows.scope,
        item_windows.product_id,
        item_windows.sku_key,
        item_windows.shipped_on,
        cast(item_windows.window_shipped_parcels as bigint) as window_shipped_parcels,
        cast(item_windows.window_refused_parcels as bigint) as window_refused_parcels,
        cast(shop_windows.shop_shipped_parcels as bigint) as shop_shipped_parcels,
        cast(shop_windows.shop_refused_parcels as bigint) as shop_refused_parcels
    from item_windows
    inner join shop_windows
        on item_windows.shipped_on = shop_windows.shipped_on
)

select * from final
