-- The product was refused far more often than the rest of the shop in the days around this
-- parcel's shipping (a bad batch), counting the other parcels only: a parcel's own outcome never
-- explains itself.
create or replace table intermediate.signal_product_refusal_rate as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

products as (
    select * from intermediate.int_products_benchmarked
),

others as (
    -- the window's parcels of the same product but this one
    select
        parcels_met.order_id,
        products.window_shipped_parcels - 1 as shipped_parcels,
        products.window_refused_parcels
        - case when parcels_met.outcome = 'refused' then 1 else 0 end as refused_parcels,
        -- the rest of the shop over the same days (a burst the whole shop had is not the product's)
        (products.shop_refused_parcels - products.window_refused_parcels)
        / nullif(products.shop_shipped_parcels - products.window_shipped_parcels, 0)
            as shop_refusal_rate
    from parcels_met
    inner join products
        on
            parcels_met.product_id = products.product_id
            and cast(coalesce(parcels_met.shipped_at, parcels_met.ordered_at) as date)
            = products.shipped_on
),

final as (
    select
        order_id,
        '发货前后 ' || $product_window_days || ' 天内，该商品的其他包裹 ' || shipped_parcels
        || ' 单中 ' || refused_parcels || ' 单被拒收（'
        || cast(round(100 * refused_parcels / nullif(shipped_parcels, 0)) as integer)
        || '%），店铺其他商品同期 '
        || cast(round(100 * shop_refusal_rate, 1) as varchar) || '%' as evidence_zh
    from others
    -- with no other product shipped in those days there is nothing to compare with
    where
        shop_refusal_rate is not null
        and shipped_parcels >= $min_product_shipped
        and refused_parcels >= $min_product_refusals
        and refused_parcels / nullif(shipped_parcels, 0)
        >= $min_product_rate_ratio * shop_refusal_rate
)

select * from final
