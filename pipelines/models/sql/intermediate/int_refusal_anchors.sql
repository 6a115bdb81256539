-- Anchors: the refusals whose cause a record states outright — the buyer's or the courier's own
-- words, a boosting tag, a platform penalty, a reused tracking number (the registry's `explicit`
-- signals, those weighted above 0). They are what the run learns from (int_signal_weights,
-- int_refusal_neighbours). Their stated weights add up as the attribution's do: the buyer's words
-- once per cause (_witnesses.jinja). A refusal whose explicit signals point at two causes with the
-- same weight anchors nothing. `stated_by_buyer_only`: no party but the buyer states the anchor's
-- cause (int_signal_weights checks such anchors against the other records).
{% from "intermediate/_witnesses.jinja" import witnessed_weight %}
create or replace table intermediate.int_refusal_anchors as
with

signals as (
    select * from intermediate.int_refusal_signals
),

registry as (
    select * from seeds.signals
),

stated_signals as (
    select
        signals.order_id,
        signals.cause,
        registry.source,
        cast(registry.prior_weight as decimal(18, 6)) as prior_weight
    from signals
    inner join registry
        on signals.signal = registry.signal
    where registry.evidence = 'explicit' and cast(registry.prior_weight as double) > 0
),

stated as (
    select
        order_id,
        cause,
        {{ witnessed_weight("prior_weight", "source") }} as stated_weight,
        bool_and(source = 'buyer') as stated_by_buyer_only
    from stated_signals
    group by order_id, cause
),

ranked as (
    select
        order_id,
        cause,
        stated_weight,
        stated_by_buyer_only,
        row_number() over (partition by order_id order by stated_weight desc, cause asc)
            as rank_in_order,
        lead(stated_weight) over (partition by order_id order by stated_weight desc, cause asc)
            as runner_up_weight
    from stated
),

final as (
    select
        order_id,
        cause,
        stated_weight,
        stated_by_buyer_only
    from ranked
    where rank_in_order = 1 and coalesce(runner_up_weight < stated_weight, true)
)

select * from final
