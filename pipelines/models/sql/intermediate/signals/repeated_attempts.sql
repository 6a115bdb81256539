-- Delivery attempted on several days: the buyer waited, or was not reached.
create or replace table intermediate.signal_repeated_attempts as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '派送持续 ' || attempt_days || ' 天（多次派送）' as evidence_zh
    from parcels_met
    where attempt_days >= $min_attempt_days
)

select * from final
