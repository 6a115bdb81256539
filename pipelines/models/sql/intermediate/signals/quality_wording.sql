-- The buyer's stated reason (refusal or after-sales) blames the goods.
create or replace table intermediate.signal_quality_wording as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '拒收/售后原因说的是商品：「' || mask_personal(stated_reason) || '」' as evidence_zh
    from parcels_met
    where says(stated_reason, $quality_text, $quality_negated)
)

select * from final
