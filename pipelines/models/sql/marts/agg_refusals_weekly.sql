-- Refused parcels per ISO week of the refusal (China time), cause, product, courier and province:
-- what the report's cause charts, costs and to-do list add up. Platform compensation is joined by
-- order id (the penalties export requires it). Weak evidence = attributed by the shop-wide
-- fallback or with a confidence below 0.5; the report's definitions section states the same.
create or replace table marts.agg_refusals_weekly as
with

refusals as (
    select * from marts.fct_refusals
),

penalties as (
    select * from {{ as_of("staging.stg_penalties") }}
),

order_penalties as (
    select
        order_id,
        sum(amount_yuan) as penalty_yuan
    from penalties
    where order_id is not null
    group by order_id
),

final as (
    select
        refusals.refusal_week as iso_week,
        refusals.cause,
        refusals.product_id,
        refusals.courier_code,
        refusals.province,
        arg_max(
            refusals.product_title,
            { 'at': refusals.refused_at, 'title': coalesce(refusals.product_title, '') }
        ) filter (where refusals.refused_at is not null) as product_title,
        count(*) as refusals,
        count(*) filter (
            where refusals.is_fallback or refusals.confidence < 0.5
        ) as weak_evidence_refusals,
        coalesce(sum(refusals.goods_total_yuan), 0) as goods_total_yuan,
        coalesce(sum(refusals.buyer_paid_yuan), 0) as buyer_paid_yuan,
        coalesce(sum(order_penalties.penalty_yuan), 0) as penalty_yuan
    from refusals
    left join order_penalties
        on refusals.order_id = order_penalties.order_id
    group by
        refusals.refusal_week,
        refusals.cause,
        refusals.product_id,
        refusals.courier_code,
        refusals.province
)

select * from final
order by iso_week, cause, product_id, courier_code, province
