-- The store's score fell in the days before the buyer met the parcel.
create or replace table intermediate.signal_store_score_drop as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

store_scores as (
    select * from {{ as_of("staging.stg_store_scores") }}
),

meeting_days as (
    select distinct cast(met_at as date) as met_on
    from parcels_met
),

store_score_drops_by_day as (
    -- a store-wide fact: computed once per day, not once per parcel
    select
        meeting_days.met_on,
        arg_max(
            store_scores.store_score,
            { 'on': store_scores.score_date, 'score': store_scores.store_score }
        ) as score_before_meeting,
        max(store_scores.store_score) as window_high
    from meeting_days
    inner join store_scores
        on
            meeting_days.met_on >= store_scores.score_date
            and store_scores.score_date
            >= meeting_days.met_on - to_days(cast($store_score_window_days as integer))
    group by meeting_days.met_on
),

store_score_drops as (
    select
        parcels_met.order_id,
        drops.score_before_meeting,
        drops.window_high
    from parcels_met
    inner join store_score_drops_by_day as drops
        on cast(parcels_met.met_at as date) = drops.met_on
),

final as (
    select
        order_id,
        '店铺评分 ' || $store_score_window_days || ' 天内从 ' || window_high || ' 降到 '
        || score_before_meeting as evidence_zh
    from store_score_drops
    where window_high - score_before_meeting >= $store_score_drop
)

select * from final
