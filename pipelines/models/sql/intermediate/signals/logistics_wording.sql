-- The buyer's stated reason (refusal or after-sales) blames the delivery.
create or replace table intermediate.signal_logistics_wording as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '拒收/售后原因说的是物流：「' || mask_personal(stated_reason) || '」' as evidence_zh
    from parcels_met
    where says(stated_reason, $logistics_text, $logistics_negated)
)

select * from final
