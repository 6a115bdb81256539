-- One row per day (China time): buyer reviews, the store score and refusals side by side, for the
-- timeline that shows whether refusals follow bad reviews. Reviews and store scores are optional
-- exports: their columns stay null on days without them.
create or replace table marts.agg_reviews_daily as
with

reviews as (
    select * from {{ as_of("staging.stg_reviews") }}
),

store_scores as (
    select * from {{ as_of("staging.stg_store_scores") }}
),

refusals as (
    select * from marts.fct_refusals
),

daily_reviews as (
    select
        cast(reviewed_at as date) as calendar_date,
        count(*) as reviews,
        count(*) filter (where score <= 2) as low_reviews,
        avg(score) as average_score
    from reviews
    group by cast(reviewed_at as date)
),

daily_store_scores as (
    select
        score_date as calendar_date,
        -- overlapping exports may repeat a day: the newest file has the final figure
        arg_max(store_score, { 'as_of': file_as_of, 'score': store_score }) filter (
            where file_as_of is not null
        ) as store_score
    from store_scores
    group by score_date
),

daily_refusals as (
    select
        cast(refused_at as date) as calendar_date,
        count(*) as refusals,
        count(*) filter (where cause = 'reviews') as review_refusals
    from refusals
    group by cast(refused_at as date)
),

days as (
    select calendar_date from daily_reviews
    union
    select calendar_date from daily_store_scores
    union
    select calendar_date from daily_refusals
),

final as (
    select
        days.calendar_date,
        strftime(days.calendar_date, '%G-W%V') as iso_week,
        coalesce(daily_reviews.reviews, 0) as reviews,
        coalesce(daily_reviews.low_reviews, 0) as low_reviews,
        daily_reviews.average_score,
        daily_store_scores.store_score,
        coalesce(daily_refusals.refusals, 0) as refusals,
        coalesce(daily_refusals.review_refusals, 0) as review_refusals
    from days
    left join daily_reviews
        on days.calendar_date = daily_reviews.calendar_date
    left join daily_store_scores
        on days.calendar_date = daily_store_scores.calendar_date
    left join daily_refusals
        on days.calendar_date = daily_refusals.calendar_date
)

select * from final
order by calendar_date
