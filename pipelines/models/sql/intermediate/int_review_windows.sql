-- The product's reviews in the days before each met parcel reached its buyer: how many, how many
-- low (1-2 stars), how many of those blamed the goods, whether the low ones came in a burst, and
-- (for refusals) what they said. Three signals read it (goods_complaints_in_reviews,
-- low_review_burst, review_wording): a table, so that the windows are computed once, not once per
-- signal.
create or replace table intermediate.int_review_windows as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

reviews as (
    select
        *,
        -- what a low review (1-2 stars) says, read once per review and only for the low ones
        -- (a case reads its branch for the rows it applies to)
        case
            when score <= 2 then says(review_text, $quality_text, $quality_negated) else false
        end as is_goods_complaint,
        case
            when score <= 2 then says(review_text, $review_text, $review_negated) else false
        end as is_reviews_complaint
    from {{ as_of("staging.stg_reviews") }}
),

reviews_by_moment as (
    -- a run of low reviews puts later buyers off whatever the reviews say (the reviews cause);
    -- those that blame the goods also point at the product, and are counted apart as well
    select
        product_id,
        reviewed_at,
        count(*) as reviews,
        count(*) filter (where score <= 2) as low_reviews,
        count(*) filter (where is_goods_complaint) as goods_complaints
    from reviews
    where product_id is not null
    group by product_id, reviewed_at
),

review_timeline as (
    -- each product's met parcels and its reviews, in one timeline: a review enters at its
    -- moment and leaves the window review_window_days later. A meeting comes before a review
    -- entering or leaving at the same moment: a review at the very moment the buyer met the
    -- parcel is after it, one at the very moment the window opens is still in it
    select
        product_id,
        met_at as moment_at,
        0 as moment_order,
        order_id,
        outcome,
        0 as reviews_entering,
        0 as low_reviews_entering,
        0 as goods_complaints_entering,
        0 as reviews_leaving,
        0 as low_reviews_leaving,
        0 as goods_complaints_leaving
    from parcels_met
    where product_id is not null
    union all
    select
        product_id,
        reviewed_at as moment_at,
        1 as moment_order,
        null as order_id,
        null as outcome,
        reviews as reviews_entering,
        low_reviews as low_reviews_entering,
        goods_complaints as goods_complaints_entering,
        0 as reviews_leaving,
        0 as low_reviews_leaving,
        0 as goods_complaints_leaving
    from reviews_by_moment
    union all
    select
        product_id,
        reviewed_at + to_days(cast($review_window_days as integer)) as moment_at,
        1 as moment_order,
        null as order_id,
        null as outcome,
        0 as reviews_entering,
        0 as low_reviews_entering,
        0 as goods_complaints_entering,
        reviews as reviews_leaving,
        low_reviews as low_reviews_leaving,
        goods_complaints as goods_complaints_leaving
    from reviews_by_moment
),

totals_at_meetings as (
    -- the running totals at each meeting: what entered before it, and what left before it (the
    -- reviews before its window opened). One sorted pass of DuckDB and Spark alike, instead of
    -- joining every parcel to every review of its product
    select
        order_id,
        outcome,
        product_id,
        moment_at as met_at,
        cast(sum(reviews_entering) over timeline as bigint) as reviews_so_far,
        cast(sum(low_reviews_entering) over timeline as bigint) as low_reviews_so_far,
        cast(sum(goods_complaints_entering) over timeline as bigint) as goods_complaints_so_far,
        cast(sum(reviews_leaving) over timeline as bigint) as reviews_before_window,
        cast(sum(low_reviews_leaving) over timeline as bigint) as low_reviews_before_window,
        cast(sum(goods_complaints_leaving) over timeline as bigint)
            as goods_complaints_before_window
    from review_timeline
    window timeline as (
        partition by product_id
        order by moment_at asc, moment_order asc
        rows between unbounded preceding and current row
    )
),

review_windows as (
    -- counts in [window_opens_at, met_at): what entered and has not left (a meeting adds
    -- nothing, so rows tied with it do not change its totals)
    select
        order_id,
        outcome,
        product_id,
        met_at,
        met_at - to_days(cast($review_window_days as integer)) as window_opens_at,
        reviews_so_far - reviews_before_window as reviews,
        low_reviews_so_far - low_reviews_before_window as low_reviews,
        goods_complaints_so_far - goods_complaints_before_window as goods_complaints,
        low_reviews_before_window / nullif(reviews_before_window, 0) as usual_low_share
    from totals_at_meetings
    where order_id is not null
),

low_review_texts as (
    -- what the low reviews of a product said on each day, for the evidence sentence
    select
        product_id,
        cast(reviewed_at as date) as reviewed_on,
        is_goods_complaint as blames_goods,
        list_sort(list(distinct mask_personal(review_text))) as texts
    from reviews
    where is_goods_complaint or is_reviews_complaint
    group by
        product_id,
        cast(reviewed_at as date),
        is_goods_complaint
),

review_windows_quoted as (
    -- the words are only shown for refusals whose window has low reviews, and every refusal
    -- of a product met on the same day quotes the same days' reviews: they are gathered once
    -- per product and window days (window_texts), not once per refusal
    select
        *,
        outcome = 'refused' and (low_reviews > 0 or goods_complaints > 0) as is_quoted,
        cast(window_opens_at as date) as opens_on,
        cast(met_at as date) as met_on
    from review_windows
),

window_days as (
    select distinct
        product_id,
        opens_on,
        met_on
    from review_windows_quoted
    where is_quoted
),

window_texts as (
    select
        window_days.product_id,
        window_days.opens_on,
        window_days.met_on,
        low_review_texts.blames_goods,
        array_to_string(
            list_slice(list_sort(list_distinct(flatten(list(low_review_texts.texts)))), 1, 5),
            '」「'
        ) as texts
    from window_days
    inner join low_review_texts
        on
            window_days.product_id = low_review_texts.product_id
            and low_review_texts.reviewed_on between window_days.opens_on and window_days.met_on
    group by
        window_days.product_id,
        window_days.opens_on,
        window_days.met_on,
        low_review_texts.blames_goods
),

quoted_texts as (
    -- both kinds of a window's words side by side: one lookup per refusal quoted
    select
        product_id,
        opens_on,
        met_on,
        max(case when blames_goods then texts end) as goods_complaint_texts,
        max(case when not blames_goods then texts end) as store_complaint_texts
    from window_texts
    group by
        product_id,
        opens_on,
        met_on
),

final as (
    select
        review_windows.order_id,
        review_windows.outcome,
        review_windows.product_id,
        review_windows.met_at,
        review_windows.window_opens_at,
        review_windows.reviews,
        review_windows.low_reviews,
        review_windows.goods_complaints,
        review_windows.usual_low_share,
        -- a burst: enough low reviews, a large share of the recent ones, and well above the
        -- product's earlier share (a product always reviewed badly is a quality matter)
        coalesce(
            review_windows.low_reviews >= $min_low_reviews
            and review_windows.low_reviews / nullif(review_windows.reviews, 0)
            >= $min_low_review_share
            and review_windows.low_reviews / nullif(review_windows.reviews, 0)
            >= $review_burst_ratio * coalesce(review_windows.usual_low_share, 0),
            false
        ) as is_low_review_burst,
        quoted_texts.goods_complaint_texts,
        quoted_texts.store_complaint_texts
    from review_windows_quoted as review_windows
    left join quoted_texts
        on
            review_windows.is_quoted
            and review_windows.product_id = quoted_texts.product_id
            and review_windows.opens_on = quoted_texts.opens_on
            and review_windows.met_on = quoted_texts.met_on
)

select * from final
