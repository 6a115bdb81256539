-- The product is refused far more often than the shop's other products, with enough parcels and
-- refusals of it that the rate is not chance.
create or replace table intermediate.signal_product_refusal_rate as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

products as (
    select * from intermediate.int_products_benchmarked
),

final as (
    select
        parcels_met.order_id,
        '该商品拒收率 ' || cast(round(100 * products.refusal_rate) as integer) || '%（'
        || products.refused_parcels || '/' || products.shipped_parcels || ' 单），店铺平均 '
        || cast(round(100 * products.shop_refusal_rate, 1) as varchar) || '%' as evidence_zh
    from parcels_met
    inner join products
        on parcels_met.product_id = products.product_id
    where
        products.rate_ratio >= $min_product_rate_ratio
        and products.shipped_parcels >= $min_product_shipped
        and products.refused_parcels >= $min_product_refusals
)

select * from final
