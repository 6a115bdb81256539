-- The buyer says the order was never theirs, or the parcel was empty: the marks of a boosted
-- (刷单) or fake order that the merchant's notes and bills may not show.
create or replace table intermediate.signal_reason_denies_order as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '拒收/售后原因说没有下过这一单或收到空包：「' || mask_personal(stated_reason) || '」' as evidence_zh
    from parcels_met
    where says(stated_reason, $violation_text, $violation_negated)
)

select * from final
