-- What a refusal's neighbours say: among the anchored refusals (int_refusal_anchors, their cause
-- stated outright) within $product_window_days days of it, the parcel itself left out, how many
-- of each cause. Scope 1 is the same product (a bad batch or a review storm lasts days); scope 2
-- the same courier to the same province (a route in trouble). fct_refusals reads scope 1 for a
-- refusal whose own evidence is context only, and falls back on either scope for a refusal with
-- none.
create or replace table intermediate.int_refusal_neighbours as
with

refusals as (
    select * from intermediate.int_parcels_classified
    where outcome = 'refused'
),

anchors as (
    select * from intermediate.int_refusal_anchors
),

anchored as (
    select
        refusals.order_id,
        refusals.product_id,
        refusals.parcel_courier_code,
        refusals.province,
        refusals.refused_at,
        anchors.cause
    from refusals
    inner join anchors
        on refusals.order_id = anchors.order_id
),

pairs as (
    -- two equi-joins, not one join on either key: an OR join compares every pair of refusals
    -- (20 s at a million orders), these hash on the key and compare times within it
    select
        refusals.order_id,
        1 as scope,
        anchored.cause
    from refusals
    inner join anchored
        on
            refusals.product_id = anchored.product_id
            and abs(epoch(refusals.refused_at) - epoch(anchored.refused_at))
            <= $product_window_days * 86400
            and refusals.order_id <> anchored.order_id
    union all
    select
        refusals.order_id,
        2 as scope,
        anchored.cause
    from refusals
    inner join anchored
        on
            refusals.parcel_courier_code = anchored.parcel_courier_code
            and refusals.province = anchored.province
            and abs(epoch(refusals.refused_at) - epoch(anchored.refused_at))
            <= $product_window_days * 86400
            and refusals.order_id <> anchored.order_id
            and not coalesce(refusals.product_id = anchored.product_id, false)
),

counted as (
    select
        order_id,
        scope,
        cause,
        count(*) as refusals
    from pairs
    group by order_id, scope, cause
),

final as (
    select
        *,
        sum(refusals) over (partition by order_id, scope) as scope_refusals
    from counted
)

select * from final
