-- The words of a burst of low reviews, when they are about the store (claims, service,
-- after-sales) rather than the goods.
create or replace table intermediate.signal_review_wording as
with

review_windows as (
    select * from intermediate.int_review_windows
),

final as (
    select
        order_id,
        '近期差评写道：「' || store_complaint_texts || '」' as evidence_zh
    from review_windows
    where is_low_review_burst and store_complaint_texts is not null
)

select * from final
