-- A refund asked for before delivery, for no reason about the goods: the buyer had changed their
-- mind (or read the reviews) before the parcel came.
create or replace table intermediate.signal_cancel_before_delivery as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '买家在派送前已申请退款，且不是商品原因：「' || mask_personal(after_sales_reasons) || '」'
            as evidence_zh
    from parcels_met
    where
        first_applied_at < met_at
        and regexp_matches(coalesce(after_sales_reasons, ''), $no_goods_reason)
        and not regexp_matches(coalesce(after_sales_reasons, ''), $quality_text)
)

select * from final
