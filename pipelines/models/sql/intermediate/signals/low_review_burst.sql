-- A burst of low reviews of the product in the days before delivery (int_review_windows says
-- what makes a burst): buyers who read them refuse.
create or replace table intermediate.signal_low_review_burst as
with

review_windows as (
    select * from intermediate.int_review_windows
),

final as (
    select
        order_id,
        '派送前 ' || $review_window_days || ' 天内该商品 ' || reviews || ' 条评价中 '
        || low_reviews || ' 条为 1–2 星'
        || coalesce('（此前 ' || cast(round(100 * usual_low_share) as integer) || '%）', '')
            as evidence_zh
    from review_windows
    where is_low_review_burst
)

select * from final
