-- The buyer opened the parcel to inspect the goods, then refused, and no finding is recorded
-- (开箱验货后拒收). Seeing the goods before refusing leans toward them, but couriers write it for
-- any refusal at the door, so its registry weight is medium; a finding (验货不合格, 验货发现破洞) is
-- quality_wording.
create or replace table intermediate.signal_inspected_then_refused as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '买家开箱验货后拒收，没有说发现了什么：「' || mask_personal(stated_reason) || '」' as evidence_zh
    from parcels_met
    where
        says(stated_reason, $inspection_text, $inspection_negated)
        and not says(stated_reason, $quality_text, $quality_negated)
)

select * from final
