-- How strongly each signal points at each cause in this shop, learned on every run.
--
-- weight = prior weight (the registry's) x informativeness x direction.
--
-- Informativeness: a fact as common among delivered parcels as among refused ones (every parcel
-- ships late) explains none of the refusals and counts for nothing; one seen only on refused
-- parcels counts in full: 1 - delivered share / refused share, at least 0. With fewer than
-- $min_parcels_to_compare delivered parcels there is nothing to compare and it is 1.
--
-- Direction, for a context signal (the registry's `evidence`): which causes the anchored refusals
-- that carry it were (int_refusal_anchors, their cause stated outright), against how common each
-- cause is among all anchors (a lift). The registry's cause enters as $prior_strength
-- pseudo-refusals of that cause: a signal seen on few anchors keeps pointing where the registry
-- says, one seen on many follows the shop (a product burst whose stated refusals cite the bad
-- reviews comes to point at reviews too). The cause with the largest lift gets 1, the others
-- their lift's share of it. An explicit signal points at its registry cause only: it is what
-- anchors are made of, and it cannot be learned from itself.
create or replace table intermediate.int_signal_weights as
with

parcels as (
    select * from intermediate.int_parcels_classified
),

parcel_signals as (
    select * from intermediate.int_parcel_signals
),

anchors as (
    select * from intermediate.int_refusal_anchors
),

registry as (
    select * from seeds.signals
),

causes as (
    select * from seeds.causes
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

cause_mix as (
    -- each cause's share of the anchors, smoothed so that a cause with none is not zero
    select
        causes.cause,
        (count(anchors.order_id) + 1.0)
        / nullif(sum(count(anchors.order_id)) over () + 4.0, 0) as anchor_share
    from causes
    left join anchors
        on causes.cause = anchors.cause
    group by causes.cause
),

anchored_fired as (
    select
        parcel_signals.signal,
        anchors.cause,
        count(distinct anchors.order_id) as anchored_with_signal
    from anchors
    inner join parcel_signals
        on anchors.order_id = parcel_signals.order_id
    group by parcel_signals.signal, anchors.cause
),

grid as (
    select
        registry.signal,
        registry.cause as signal_cause,
        registry.evidence,
        registry.source,
        cast(registry.prior_weight as double) as prior_weight,
        causes.cause,
        cause_mix.anchor_share,
        coalesce(anchored_fired.anchored_with_signal, 0) as anchored_with_signal,
        sum(coalesce(anchored_fired.anchored_with_signal, 0)) over (partition by registry.signal)
            as anchored_refusals,
        coalesce(fired.refused_with_signal, 0) as refused_with_signal,
        coalesce(fired.delivered_with_signal, 0) as delivered_with_signal,
        outcomes.refused_parcels,
        outcomes.delivered_parcels
    from registry
    cross join causes
    cross join outcomes
    inner join cause_mix
        on causes.cause = cause_mix.cause
    left join fired
        on registry.signal = fired.signal
    left join anchored_fired
        on registry.signal = anchored_fired.signal and causes.cause = anchored_fired.cause
),

lifted as (
    select
        *,
        (
            anchored_with_signal
            + case when cause = signal_cause then $prior_strength else 0 end
        ) / nullif(anchored_refusals + $prior_strength, 0) / nullif(anchor_share, 0) as lift,
        case
            when delivered_parcels < $min_parcels_to_compare or refused_with_signal = 0 then 1.0
            else greatest(
                0.0,
                1 - (delivered_with_signal / nullif(delivered_parcels, 0))
                / nullif(refused_with_signal / nullif(refused_parcels, 0), 0)
            )
        end as informativeness
    from grid
),

directed as (
    select
        *,
        case
            when evidence = 'context' then lift / nullif(max(lift) over (partition by signal), 0)
            when cause = signal_cause then 1.0
            else 0.0
        end as direction
    from lifted
),

final as (
    select
        signal,
        cause,
        evidence,
        source,
        prior_weight,
        evidence = 'context' as is_learned,
        anchored_refusals,
        anchored_with_signal,
        refused_with_signal,
        delivered_with_signal,
        delivered_with_signal / nullif(delivered_parcels, 0) as delivered_share,
        informativeness,
        direction,
        -- a decimal, so that a refusal's score is the same sum whatever order a parallel
        -- aggregate adds its signals in (doubles differ in the last bit, and a confidence that
        -- rounds either way would change between two runs on the same data)
        cast(round(prior_weight * informativeness * direction, 6) as decimal(18, 6)) as weight
    from directed
)

select * from final
