-- The product, or the SKU of it the parcel carried, was refused far more often than the rest of
-- the shop in the days around this parcel's shipping (a bad batch), counting the other parcels
-- only: a parcel's own outcome never explains itself.
create or replace table intermediate.signal_product_refusal_rate as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

items as (
    select * from intermediate.int_products_benchmarked
),

parcel_items as (
    -- the parcel's product (sku_key '') and its SKU, as int_products_benchmarked keys them
    select
        order_id,
        outcome,
        cast(coalesce(shipped_at, ordered_at) as date) as shipped_on,
        'product' as scope,
        product_id,
        '' as sku_key
    from parcels_met
    where product_id is not null
    union all
    select
        order_id,
        outcome,
        cast(coalesce(shipped_at, ordered_at) as date) as shipped_on,
        'sku' as scope,
        product_id,
        sku_key
    from parcels_met
    where product_id is not null and sku_key is not null
),

others as (
    -- the window's parcels of the same product (or SKU) but this one
    select
        parcel_items.order_id,
        parcel_items.scope,
        items.window_shipped_parcels - 1 as shipped_parcels,
        items.window_refused_parcels
        - case when parcel_items.outcome = 'refused' then 1 else 0 end as refused_parcels,
        -- the rest of the shop over the same days (a burst the whole shop had is not the product's)
        (items.shop_refused_parcels - items.window_refused_parcels)
        / nullif(items.shop_shipped_parcels - items.window_shipped_parcels, 0)
            as shop_refusal_rate
    from parcel_items
    inner join items
        on
            parcel_items.scope = items.scope
            and parcel_items.product_id = items.product_id
            and parcel_items.sku_key = items.sku_key
            and parcel_items.shipped_on = items.shipped_on
),

passing as (
    -- with no other product shipped in those days there is nothing to compare with; of a
    -- product and its SKU both far above the shop, the product is named
    select *
    from others
    where
        shop_refusal_rate is not null
        and shipped_parcels >= $min_product_shipped
        and refused_parcels >= $min_product_refusals
        and refused_parcels / nullif(shipped_parcels, 0)
        >= $min_product_rate_ratio * shop_refusal_rate
    qualify row_number() over (partition by order_id order by scope asc) = 1
),

final as (
    select
        order_id,
        '发货前后 ' || $product_window_days || ' 天内，'
        || case when scope = 'sku' then '该商品同一规格' else '该商品' end
        || '的其他包裹 ' || shipped_parcels
        || ' 单中 ' || refused_parcels || ' 单被拒收（'
        || cast(round(100 * refused_parcels / nullif(shipped_parcels, 0)) as integer)
        || '%），店铺其他商品同期 '
        || cast(round(100 * shop_refusal_rate, 1) as varchar) || '%' as evidence_zh
    from passing
)

select * from final
