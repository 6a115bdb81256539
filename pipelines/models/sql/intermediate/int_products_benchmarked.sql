-- How often each product is refused against the shop as a whole, over all loaded history.
create or replace table intermediate.int_products_benchmarked as
with

parcels as (
    select * from intermediate.int_parcels_classified
    where outcome in ('refused', 'delivered', 'returned_undelivered', 'in_transit')
),

shop as (
    select count(*) filter (where outcome = 'refused') / greatest(count(*), 1) as shop_refusal_rate
    from parcels
),

by_product as (
    select
        product_id,
        count(*) as shipped_parcels,
        count(*) filter (where outcome = 'refused') as refused_parcels
    from parcels
    where product_id is not null
    group by product_id
),

final as (
    select
        by_product.product_id,
        by_product.shipped_parcels,
        by_product.refused_parcels,
        by_product.refused_parcels / nullif(by_product.shipped_parcels, 0) as refusal_rate,
        shop.shop_refusal_rate,
        by_product.refused_parcels / nullif(by_product.shipped_parcels, 0)
        / nullif(shop.shop_refusal_rate, 0) as rate_ratio
    from by_product
    cross join shop
)

select * from final
