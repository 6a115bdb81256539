-- What a refusal's neighbours say: among the anchored refusals (int_refusal_anchors, their cause
-- stated outright) within $product_window_days days of it, the parcel itself left out, how many
-- of each cause. Scope 1 is the same product (a bad batch or a review storm lasts days); scope 2
-- the same courier to the same province (a route in trouble). fct_refusals reads scope 1 for a
-- refusal whose own evidence is context only, and falls back on either scope for a refusal with
-- none.
--
-- Counted by running sums over time, not by joining each refusal to its neighbours: the pairs
-- grow with the square of a product's refusals in a window (75 s of a 5M-order build). Each
-- refusal asks once per cause; an anchored refusal enters its own cause's timeline
-- $product_window_days days before it was refused and leaves it as many days after, so the sum
-- at a refusal's moment counts the anchors within that many days either way (a running sum over
-- sorted rows: a frame of a range of times had DuckDB look each frame's bounds up, 2.1 s of CPU
-- at 200,000 orders a week). Its own anchor is in its sum and taken back out.
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

anchor_bounds as (
    -- an anchor enters its cause's timeline before a refusal asking at the same moment, and
    -- leaves after one: the window's bounds are in it
    select
        -1 as days,
        0 as moment_order,
        1 as anchors_change
    union all
    select
        1 as days,
        2 as moment_order,
        -1 as anchors_change
),

points as (
    -- every refusal once per cause, asking at its moment; every anchored refusal twice in its
    -- cause's timeline, entering and leaving
    select
        refusals.order_id,
        refusals.product_id,
        refusals.parcel_courier_code,
        refusals.province,
        causes.cause,
        refusals.refused_epoch as moment,
        1 as moment_order,
        true as is_asking,
        coalesce(anchors.cause = causes.cause, false) as is_own_anchor,
        0 as anchors_change
    from refusals
    cross join causes
    left join anchors
        on refusals.order_id = anchors.order_id
    union all
    select
        refusals.order_id,
        refusals.product_id,
        refusals.parcel_courier_code,
        refusals.province,
        anchors.cause,
        refusals.refused_epoch + bounds.days * $product_window_days * 86400 as moment,
        bounds.moment_order,
        false as is_asking,
        false as is_own_anchor,
        bounds.anchors_change
    from refusals
    inner join anchors
        on refusals.order_id = anchors.order_id
    cross join anchor_bounds as bounds
),

windowed as (
    select
        order_id,
        cause,
        is_asking,
        is_own_anchor,
        case
            when product_id is not null then sum(anchors_change) over product_timeline
        end as product_anchors,
        case
            when parcel_courier_code is not null and province is not null
                then sum(anchors_change) over route_timeline
        end as route_anchors,
        case
            when
                parcel_courier_code is not null
                and province is not null
                and product_id is not null
                then sum(anchors_change) over route_product_timeline
        end as route_product_anchors
    from points
    window
        product_timeline as (
            partition by product_id, cause
            order by moment asc, moment_order asc
            rows between unbounded preceding and current row
        ),
        route_timeline as (
            partition by parcel_courier_code, province, cause
            order by moment asc, moment_order asc
            rows between unbounded preceding and current row
        ),
        route_product_timeline as (
            partition by parcel_courier_code, province, product_id, cause
            order by moment asc, moment_order asc
            rows between unbounded preceding and current row
        )
),

asked as (
    select
        order_id,
        cause,
        -- the same product: its own anchor is in the sum
        product_anchors - is_own_anchor::integer as product_refusals,
        -- the same route, other products (a refusal without a product: all but itself)
        route_anchors - coalesce(route_product_anchors, is_own_anchor::integer) as route_refusals
    from windowed
    where is_asking
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
