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

review_window_bounds as (
    select
        order_id,
        outcome,
        product_id,
        met_at,
        met_at - to_days(cast($review_window_days as integer)) as window_opens_at
    from parcels_met
    where product_id is not null
),

review_timeline as (
    -- each product's reviews and the moments its windows open and close, in one timeline: a
    -- review at the very moment of a bound comes after it (the bounds are exclusive)
    select
        product_id,
        reviewed_at as moment_at,
        1 as moment_order,
        null as order_id,
        null as is_window_opening,
        reviews,
        low_reviews,
        goods_complaints
    from reviews_by_moment
    union all
    select
        product_id,
        met_at as moment_at,
        0 as moment_order,
        order_id,
        false as is_window_opening,
        0 as reviews,
        0 as low_reviews,
        0 as goods_complaints
    from review_window_bounds
    union all
    select
        product_id,
        window_opens_at as moment_at,
        0 as moment_order,
        order_id,
        true as is_window_opening,
        0 as reviews,
        0 as low_reviews,
        0 as goods_complaints
    from review_window_bounds
),

totals_at_bounds as (
    -- the running totals at each bound: an as-of lookup that DuckDB and Spark compute alike (a
    -- bound adds nothing, so rows tied with it do not change its total)
    select
        order_id,
        is_window_opening,
        cast(sum(reviews) over timeline as bigint) as reviews_so_far,
        cast(sum(low_reviews) over timeline as bigint) as low_reviews_so_far,
        cast(sum(goods_complaints) over timeline as bigint) as goods_complaints_so_far
    from review_timeline
    window timeline as (
        partition by product_id
        order by moment_at asc, moment_order asc
        rows between unbounded preceding and current row
    )
),

review_windows as (
    -- counts in [window_opens_at, met_at) as the difference of two running totals (one lookup
    -- each, instead of joining every refusal to every review of its product)
    select
        bounds.order_id,
        bounds.outcome,
        bounds.product_id,
        bounds.met_at,
        bounds.window_opens_at,
        coalesce(at_meeting.reviews_so_far, 0)
        - coalesce(at_opening.reviews_so_far, 0) as reviews,
        coalesce(at_meeting.low_reviews_so_far, 0)
        - coalesce(at_opening.low_reviews_so_far, 0) as low_reviews,
        coalesce(at_meeting.goods_complaints_so_far, 0)
        - coalesce(at_opening.goods_complaints_so_far, 0) as goods_complaints,
        at_opening.low_reviews_so_far / nullif(at_opening.reviews_so_far, 0) as usual_low_share
    from review_window_bounds as bounds
    left join totals_at_bounds as at_meeting
        on bounds.order_id = at_meeting.order_id and not at_meeting.is_window_opening
    left join totals_at_bounds as at_opening
        on bounds.order_id = at_opening.order_id and at_opening.is_window_opening
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
        goods_texts.texts as goods_complaint_texts,
        other_texts.texts as store_complaint_texts
    from review_windows_quoted as review_windows
    left join window_texts as goods_texts
        on
            review_windows.is_quoted
            and review_windows.product_id = goods_texts.product_id
            and review_windows.opens_on = goods_texts.opens_on
            and review_windows.met_on = goods_texts.met_on
            and goods_texts.blames_goods
    left join window_texts as other_texts
        on
            review_windows.is_quoted
            and review_windows.product_id = other_texts.product_id
            and review_windows.opens_on = other_texts.opens_on
            and review_windows.met_on = other_texts.met_on
            and not other_texts.blames_goods
)

select * from final
