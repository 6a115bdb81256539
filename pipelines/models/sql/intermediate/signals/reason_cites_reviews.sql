-- The buyer's stated reason points at the shop's standing, not at the goods or the delivery: bad
-- reviews seen, poor service, a refund already asked for, a change of mind (the article's 评价问题).
create or replace table intermediate.signal_reason_cites_reviews as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '拒收/售后原因说的是评价、客服或已申请退款：「' || mask_personal(stated_reason) || '」' as evidence_zh
    from parcels_met
    where says(stated_reason, $review_text, $review_negated)
)

select * from final
