-- What a refusal's neighbours say: among the anchored refusals (int_refusal_anchors, their cause
-- stated outright) within $product_window_days days of it, the parcel itself left out, how many
-- of each cause. Scope 1 is the same product (a bad batch or a review storm lasts days); scope 2
-- the same courier to the same province (a route in trouble). fct_refusals reads scope 1 for a
-- refusal whose own evidence is context only, and falls back on either scope for a refusal with
-- none.
--
-- Counted by window frames over time, not by joining each refusal to its neighbours: the pairs
-- grow with the square of a product's refusals in a window (75 s of a 5M-order build), a frame
-- over the sorted refusals with their rows. Each refusal asks once per cause; the anchored ones
-- are counted in their own cause's frame, and its own anchor is taken back out.
create or replace table intermediate.int_refusal_neighbours as
with

refusals as (
    select
        order_id,
        product_id,
        parcel_courier_code,
        province,
        epoch(refused_at) as refused_epoch
    from intermediate.int_parcels_classified
    where outcome = 'refused' and refused_at is not null
),

anchors as (
    select * from intermediate.int_refusal_anchors
),

causes as (
    select cause from seeds.causes
),

points as (
    -- every refusal once per cause, asking; every anchored refusal once more, counted
    select
        refusals.*,
        causes.cause,
        false as is_anchor,
        coalesce(anchors.cause = causes.cause, false) as is_own_anchor
    from refusals
    cross join causes
    left join anchors
        on refusals.order_id = anchors.order_id
    union all
    select
        refusals.*,
        anchors.cause,
        true as is_anchor,
        false as is_own_anchor
    from refusals
    inner join anchors
        on refusals.order_id = anchors.order_id
),

windowed as (
    select
        *,
        case when product_id is not null then count(*) filter (where is_anchor) over (
            partition by product_id, cause
            order by refused_epoch
            range between $product_window_days * 86400 preceding and $product_window_days * 86400 following  -- noqa: PRS
        ) end as product_anchors,
        case
            when parcel_courier_code is not null and province is not null
                then count(*) filter (where is_anchor) over (
                    partition by parcel_courier_code, province, cause
                    order by refused_epoch
                    range between $product_window_days * 86400 preceding and $product_window_days * 86400 following  -- noqa: PRS
                )
        end as route_anchors,
        case
            when
                parcel_courier_code is not null
                and province is not null
                and product_id is not null
                then count(*) filter (where is_anchor) over (
                    partition by parcel_courier_code, province, product_id, cause
                    order by refused_epoch
                    range between $product_window_days * 86400 preceding and $product_window_days * 86400 following  -- noqa: PRS
                )
        end as route_product_anchors
    from points
),

asked as (
    select
        order_id,
        cause,
        -- the same product: its own anchor is in the frame
        product_anchors - is_own_anchor::integer as product_refusals,
        -- the same route, other products (a refusal without a product: all but itself)
        route_anchors - coalesce(route_product_anchors, is_own_anchor::integer) as route_refusals
    from windowed
    where not is_anchor
),

counted as (
    select
        order_id,
        1 as scope,
        cause,
        product_refusals as refusals
    from asked
    where product_refusals > 0
    union all
    select
        order_id,
        2 as scope,
        cause,
        route_refusals as refusals
    from asked
    where route_refusals > 0
),

final as (
    select
        *,
        sum(refusals) over (partition by order_id, scope) as scope_refusals
    from counted
)

select * from final
