-- The courier's own code for a delayed delivery.
create or replace table intermediate.signal_delayed_code as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '快递公司标记配送延迟' as evidence_zh
    from parcels_met
    where delayed_code_events > 0
)

select * from final
