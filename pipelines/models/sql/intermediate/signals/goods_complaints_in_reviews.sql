-- Low reviews of the product in the days before delivery that blame the goods themselves: a
-- quality matter, not the store's standing (low_review_burst counts the other low reviews).
create or replace table intermediate.signal_goods_complaints_in_reviews as
with

review_windows as (
    select * from intermediate.int_review_windows
),

final as (
    select
        order_id,
        '派送前 ' || $review_window_days || ' 天内有 ' || goods_complaints
        || ' 条差评说商品本身有问题' || coalesce('：「' || goods_complaint_texts || '」', '')
            as evidence_zh
    from review_windows
    where goods_complaints >= $min_low_reviews
)

select * from final
