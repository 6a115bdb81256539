-- The report's alerts for every ISO week (China time), per product, courier and province; the
-- report takes one iso_week, in alert_rank order (streaks, longest first, then spikes).
-- A streak: at least $streak_length refusals in a row in shipping order (the article's
-- "10单全部拒收", from agg_refusal_streaks), shown in every week from its first refusal to its last.
-- A spike: the week's refusal rate at least $spike_ratio times the rate over the
-- $spike_baseline_weeks weeks before (the shop's rate over those weeks when the value had fewer
-- than $min_parcels settled parcels then to have its own), with at least $min_refusals refusals
-- and $min_parcels settled parcels in the week: no alarm on 1 refusal of 2. A spike needs a whole
-- week against $spike_baseline_weeks whole weeks before it (agg_outcomes_weekly: not partial, with
-- data): the weeks after a first, partial week of data raise none.
create or replace table marts.agg_alerts_weekly as
with

streaks as (
    select * from marts.agg_refusal_streaks
    where
        refusals_in_a_row >= $streak_length
        and first_refused_at is not null
),

parcels_weekly as (
    select * from marts.agg_parcels_weekly
),

outcomes_weekly as (
    select * from marts.agg_outcomes_weekly
),

comparable_weeks as (
    -- weeks whole themselves with whole baseline weeks before them: the only ones spikes are for
    select reported.iso_week
    from outcomes_weekly as reported
    inner join outcomes_weekly as earlier
        on
            reported.week_start - to_days(cast(7 * $spike_baseline_weeks as integer))
            <= earlier.week_start
            and reported.week_start > earlier.week_start
    where
        not reported.is_partial
        and reported.has_data
        and not earlier.is_partial
        and earlier.has_data
    group by reported.iso_week
    having count(*) = $spike_baseline_weeks
),

dimensions as (
    select
        names.dimension,
        names.dimension_order
    from
        (values ('product', 1), ('courier', 2), ('province', 3))
            as names (dimension, dimension_order)
),

streak_spans as (
    select
        *,
        date_trunc('week', first_refused_at) as first_week_start,
        -- both Mondays 00:00: a whole number of weeks apart
        cast(
            minutes_between(
                date_trunc('week', first_refused_at), date_trunc('week', last_refused_at)
            ) / 10080 as integer
        ) as weeks_spanned
    from streaks
),

streak_alerts as (
    select
        strftime(
            streak_spans.first_week_start + to_days(cast(7 * span.weeks_later as integer)),
            '%G-W%V'
        ) as iso_week,
        'streak' as alert,
        streak_spans.dimension,
        streak_spans.dimension_value,
        streak_spans.refusals_in_a_row as refusals,
        cast(null as bigint) as parcels_settled,
        cast(null as double) as refusal_rate,
        cast(null as double) as baseline_refusal_rate,
        streak_spans.first_shipped_at,
        streak_spans.last_shipped_at,
        streak_spans.first_refused_at
    from streak_spans
    cross join unnest(generate_series(0, streak_spans.weeks_spanned)) as span (weeks_later)
),

week_starts as (
    -- the Monday 00:00 each week starts on, to count weeks back from it: ISO week 1 is the week
    -- of 4 January
    select
        iso_week,
        date_trunc('week', make_date(cast(left(iso_week, 4) as integer), 1, 4))
        + to_days(7 * (cast(right(iso_week, 2) as integer) - 1)) as week_start
    from (
        select distinct iso_week
        from parcels_weekly
        where iso_week is not null
    ) as weeks
),

settled_weekly as (
    select
        parcels_weekly.*,
        week_starts.week_start
    from parcels_weekly
    inner join week_starts
        on parcels_weekly.iso_week = week_starts.iso_week
),

shop_weekly as (
    select
        week_start,
        cast(sum(parcels_settled) as bigint) as parcels_settled,
        cast(sum(refused) as bigint) as refused
    from settled_weekly
    group by week_start
),

shop_baseline as (
    -- the shop's refusal rate over the baseline weeks before each week (0 without any)
    select
        reported.week_start,
        coalesce(sum(earlier.refused), 0)
        / greatest(coalesce(sum(earlier.parcels_settled), 0), 1) as refusal_rate
    from shop_weekly as reported
    left join shop_weekly as earlier
        on
            reported.week_start - to_days(cast(7 * $spike_baseline_weeks as integer))
            <= earlier.week_start
            and reported.week_start > earlier.week_start
    group by reported.week_start
),

by_value as (
    -- a parcel without a value for a dimension drops out of it
    select
        settled_weekly.iso_week,
        settled_weekly.week_start,
        dimensions.dimension,
        case dimensions.dimension
            when 'product' then settled_weekly.product_id
            when 'courier' then settled_weekly.courier_code
            else settled_weekly.province
        end as dimension_value,
        settled_weekly.parcels_settled,
        settled_weekly.refused
    from settled_weekly
    cross join dimensions
),

value_weekly as (
    select
        iso_week,
        week_start,
        dimension,
        dimension_value,
        cast(sum(parcels_settled) as bigint) as parcels_settled,
        cast(sum(refused) as bigint) as refused
    from by_value
    where dimension_value is not null
    group by iso_week, week_start, dimension, dimension_value
),

value_baseline as (
    select
        reported.iso_week,
        reported.dimension,
        reported.dimension_value,
        coalesce(sum(earlier.parcels_settled), 0) as parcels_settled,
        coalesce(sum(earlier.refused), 0) as refused
    from value_weekly as reported
    left join value_weekly as earlier
        on
            reported.dimension = earlier.dimension
            and reported.dimension_value = earlier.dimension_value
            and reported.week_start - to_days(cast(7 * $spike_baseline_weeks as integer))
            <= earlier.week_start
            and reported.week_start > earlier.week_start
    group by reported.iso_week, reported.dimension, reported.dimension_value
),

rates as (
    select
        reported.iso_week,
        reported.dimension,
        reported.dimension_value,
        reported.refused,
        reported.parcels_settled,
        reported.refused / nullif(reported.parcels_settled, 0) as refusal_rate,
        case
            when baseline.parcels_settled >= $min_parcels
                then baseline.refused / nullif(baseline.parcels_settled, 0)
            else shop_baseline.refusal_rate
        end as baseline_refusal_rate
    from value_weekly as reported
    inner join value_baseline as baseline
        on
            reported.iso_week = baseline.iso_week
            and reported.dimension = baseline.dimension
            and reported.dimension_value = baseline.dimension_value
    inner join shop_baseline
        on reported.week_start = shop_baseline.week_start
),

spike_alerts as (
    select
        iso_week,
        'spike' as alert,
        dimension,
        dimension_value,
        refused as refusals,
        parcels_settled,
        refusal_rate,
        baseline_refusal_rate,
        cast(null as timestamp) as first_shipped_at,
        cast(null as timestamp) as last_shipped_at,
        cast(null as timestamp) as first_refused_at
    from rates
    where
        iso_week in (select comparable_weeks.iso_week from comparable_weeks)
        and refused >= $min_refusals
        and parcels_settled >= $min_parcels
        and refusal_rate >= $spike_ratio * baseline_refusal_rate
),

alerts as (
    select * from streak_alerts
    union all
    select * from spike_alerts
),

final as (
    select
        alerts.iso_week,
        row_number() over (
            partition by alerts.iso_week
            order by
                alerts.alert = 'spike' asc,
                case when alerts.alert = 'streak' then alerts.refusals end desc,
                -- streaks by dimension name, spikes products first
                case when alerts.alert = 'streak' then alerts.dimension end asc,
                dimensions.dimension_order asc,
                alerts.dimension_value asc,
                alerts.first_shipped_at asc,
                alerts.first_refused_at asc
        ) as alert_rank,
        alerts.alert,
        alerts.dimension,
        alerts.dimension_value,
        alerts.refusals,
        alerts.parcels_settled,
        alerts.refusal_rate,
        alerts.baseline_refusal_rate,
        alerts.first_shipped_at,
        alerts.last_shipped_at
    from alerts
    inner join dimensions
        on alerts.dimension = dimensions.dimension
)

select * from final
order by iso_week, alert_rank
