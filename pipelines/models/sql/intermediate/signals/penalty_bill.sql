-- A platform penalty for a violation (fake orders, shipping or tracking) that names the order or
-- its tracking number.
{% from "_text.jinja" import sorted_distinct %}
create or replace table intermediate.signal_penalty_bill as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

penalties as (
    select * from {{ as_of("staging.stg_penalties") }}
),

violation_bills as (
    select *
    from penalties
    where regexp_matches(penalty_type, $penalty_types)
),

billed_parcels as (
    -- a bill names the order or its tracking number: two equality joins, not one join on
    -- "either", which cannot be hashed and grew with parcels × bills
    select
        parcels_met.order_id,
        violation_bills.penalty_type
    from parcels_met
    inner join violation_bills
        on parcels_met.order_id = violation_bills.order_id
    union
    select
        parcels_met.order_id,
        violation_bills.penalty_type
    from parcels_met
    inner join violation_bills
        on parcels_met.tracking_no = violation_bills.tracking_no
),

order_penalties as (
    select
        order_id,
        {{ sorted_distinct('penalty_type', '、') }} as penalty_types
    from billed_parcels
    group by order_id
),

final as (
    select
        order_id,
        '平台对该订单开出罚单：' || penalty_types as evidence_zh
    from order_penalties
)

select * from final
