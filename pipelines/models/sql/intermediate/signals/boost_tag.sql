-- The merchant's own boosting (刷单) tag in the order note.
create or replace table intermediate.signal_boost_tag as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '商家备注含刷单标记：「' || mask_personal(merchant_note) || '」' as evidence_zh
    from parcels_met
    where regexp_matches(coalesce(merchant_note, ''), $boost_tag)
)

select * from final
