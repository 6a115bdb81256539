-- How strongly each signal points at each cause in this shop, learned on every run.
--
-- weight = prior weight (the registry's) x informativeness x direction x reliability.
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
--
-- Reliability, for what the buyer states (the registry's explicit signals whose source is the
-- buyer; 1 for every other): buyers also give a convenient reason instead of the true one, more
-- often in some shops than in others. Among the anchors whose cause only the buyer's words
-- state, take those whose other parties' context (courier, merchant, platform, shop: the
-- registry's weights and causes, times informativeness) decides on its own: a cause at
-- $strong_signal_weight or more, ahead of the next by $medium_signal_weight or more.
-- Reliability is the share of them whose context names the buyer's cause, as if
-- $prior_strength more had agreed: a shop whose buyers' words its records seldom contradict
-- keeps their full weight, one whose records often say otherwise weighs the words less, so
-- that the same records can outweigh them.
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
    select
        *,
        source = 'buyer' and evidence = 'explicit' as is_buyers_statement
    from seeds.signals
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
    -- each parcel once per signal, however many rows its model gave it (one distinct for both
    -- counts: a distinct count each grouped every row apart)
    select
        signal,
        count(*) filter (where outcome = 'refused') as refused_with_signal,
        count(*) filter (where outcome = 'delivered') as delivered_with_signal
    from (
        select distinct
            signal,
            order_id,
            outcome
        from parcel_signals
    ) as parcels_with_signal
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

signal_informativeness as (
    -- 1 - delivered share / refused share, at least 0 (1 when there is nothing to compare)
    select
        registry.signal,
        case
            when
                outcomes.delivered_parcels < $min_parcels_to_compare
                or coalesce(fired.refused_with_signal, 0) = 0
                then 1.0
            else greatest(
                0.0,
                1 - (fired.delivered_with_signal / nullif(outcomes.delivered_parcels, 0))
                / nullif(fired.refused_with_signal / nullif(outcomes.refused_parcels, 0), 0)
            )
        end as informativeness
    from registry
    cross join outcomes
    left join fired
        on registry.signal = fired.signal
),

stated_by_words as (
    -- the anchors whose cause only the buyer's own words state (no record of another party's)
    select
        order_id,
        cause
    from anchors
    where stated_by_buyer_only
),

words_context as (
    -- what the other parties' context facts on those refusals say, by the registry's causes
    select
        stated_by_words.order_id,
        registry.cause,
        sum(cast(registry.prior_weight as double) * signal_informativeness.informativeness)
            as weight
    from stated_by_words
    inner join parcel_signals
        on stated_by_words.order_id = parcel_signals.order_id
    inner join registry
        on parcel_signals.signal = registry.signal
    inner join signal_informativeness
        on parcel_signals.signal = signal_informativeness.signal
    where registry.evidence = 'context' and registry.source <> 'buyer'
    group by stated_by_words.order_id, registry.cause
),

words_context_ranked as (
    select
        order_id,
        cause,
        weight,
        row_number() over (partition by order_id order by weight desc, cause asc) as rank_in_order,
        lead(weight) over (partition by order_id order by weight desc, cause asc)
            as runner_up_weight
    from words_context
),

words_checked as (
    -- the refusals whose context decides on its own: a strong fact ahead by a medium one
    select stated_by_words.cause = words_context_ranked.cause as agrees
    from stated_by_words
    inner join words_context_ranked
        on stated_by_words.order_id = words_context_ranked.order_id
    where
        words_context_ranked.rank_in_order = 1
        and words_context_ranked.weight >= $strong_signal_weight
        and words_context_ranked.weight - coalesce(words_context_ranked.runner_up_weight, 0)
        >= $medium_signal_weight
),

words_reliability as (
    -- how often it agrees with the buyer's words, as if $prior_strength more had agreed
    select
        count(*) as checked_refusals,
        count(*) filter (where agrees) as agreeing_refusals,
        (count(*) filter (where agrees) + $prior_strength)
        / nullif(count(*) + $prior_strength, 0) as reliability
    from words_checked
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
        outcomes.delivered_parcels,
        signal_informativeness.informativeness,
        -- the buyer's stated reasons weigh as much as the shop's buyers' words prove reliable
        case when registry.is_buyers_statement then words_reliability.reliability else 1.0 end
            as reliability,
        case when registry.is_buyers_statement then words_reliability.checked_refusals end
            as reliability_checked,
        case when registry.is_buyers_statement then words_reliability.agreeing_refusals end
            as reliability_agreeing
    from registry
    cross join causes
    cross join outcomes
    cross join words_reliability
    inner join cause_mix
        on causes.cause = cause_mix.cause
    inner join signal_informativeness
        on registry.signal = signal_informativeness.signal
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
        ) / nullif(anchored_refusals + $prior_strength, 0) / nullif(anchor_share, 0) as lift
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
        reliability,
        reliability_checked,
        reliability_agreeing,
        -- a decimal, so that a refusal's score is the same sum whatever order a parallel
        -- aggregate adds its signals in (doubles differ in the last bit, and a confidence that
        -- rounds either way would change between two runs on the same data)
        cast(round(prior_weight * informativeness * direction * reliability, 6) as decimal(18, 6))
            as weight
    from directed
)

select * from final
