-- The merchant's note on the order holds a code of a few letters and digits (Q7·081, LH-5507/返):
-- the shape of a boosting (刷单, 放单) task number or buyer-group code, which a shop that never set
-- its own tag in rules.toml (boost_tag) still writes. Other notes (发顺丰, 老客户送小样, a tracking
-- number) do not have that shape. Which cause such notes point at in this shop is learned from
-- its anchored refusals (int_signal_weights); the registry says rule_violation. A note the
-- shop's own tag matches is boost_tag's, not counted twice.
create or replace table intermediate.signal_note_code as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '商家备注含字母加数字的编号：「' || mask_personal(merchant_note) || '」' as evidence_zh
    from parcels_met
    where
        regexp_matches(coalesce(merchant_note, ''), $note_code)
        and not regexp_matches(coalesce(merchant_note, ''), $boost_tag)
)

select * from final
