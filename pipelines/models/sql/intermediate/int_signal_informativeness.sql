-- How much each signal tells in this shop: the share of refused parcels it fired for against the
-- share of delivered ones. A fact as common among accepted parcels as among refused ones (a
-- shop-wide score dip, a courier that is always late) explains none of the refusals, and counts
-- for nothing; one seen only on refused parcels counts in full. With too few delivered parcels
-- to compare, every signal counts in full.
create or replace table intermediate.int_signal_informativeness as
with

parcels as (
    select * from intermediate.int_parcels_classified
),

parcel_signals as (
    select * from intermediate.int_parcel_signals
),

outcomes as (
    select
        count(*) filter (where outcome = 'refused') as refused_parcels,
        count(*) filter (where outcome = 'delivered') as delivered_parcels
    from parcels
),

fired as (
    select
        signal,
        count(distinct order_id) filter (where outcome = 'refused') as refused_with_signal,
        count(distinct order_id) filter (where outcome = 'delivered') as delivered_with_signal
    from parcel_signals
    group by signal
),

final as (
    select
        fired.signal,
        fired.refused_with_signal / nullif(outcomes.refused_parcels, 0) as refused_share,
        fired.delivered_with_signal / nullif(outcomes.delivered_parcels, 0) as delivered_share,
        case
            when
                outcomes.delivered_parcels < $min_parcels_to_compare
                or fired.refused_with_signal = 0
                then 1.0
            else greatest(
                0.0,
                1 - (fired.delivered_with_signal / nullif(outcomes.delivered_parcels, 0))
                / nullif(fired.refused_with_signal / nullif(outcomes.refused_parcels, 0), 0)
            )
        end as informativeness
    from fired
    cross join outcomes
)

select * from final
