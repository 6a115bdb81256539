-- One row per refused order: exactly one cause, a confidence in 0-1, and the evidence in words.
-- The cause with the largest total signal weight wins; confidence grows with that total and
-- shrinks as the runner-up comes close. A refusal with no signal at all takes the most common
-- cause among its explained neighbours: the same product's refusals within $product_window_days
-- days, else the same courier and province's in those days, else the whole shop's; the low
-- confidence and the evidence say so.
create or replace table marts.fct_refusals as
with

refusals as (
    select * from intermediate.int_parcels_classified
    where outcome = 'refused'
),

signals as (
    select * from intermediate.int_refusal_signals
),

informativeness as (
    select * from intermediate.int_signal_informativeness
),

registry as (
    select * from seeds.signals
),

weights as (
    -- the registry's prior weight, discounted by how common the fact is among delivered
    -- parcels; a decimal, so that a refusal's score is the same sum whatever order a parallel
    -- aggregate adds its signals in (doubles differ in the last bit, and a confidence that
    -- rounds either way would change between two runs on the same data)
    select
        registry.signal,
        cast(
            cast(registry.prior_weight as double)
            * coalesce(informativeness.informativeness, 1.0) as decimal(18, 6)
        ) as weight,
        coalesce(informativeness.informativeness, 1.0) as informativeness,
        informativeness.delivered_share
    from registry
    left join informativeness
        on registry.signal = informativeness.signal
),

causes as (
    select * from seeds.causes
),

cause_scores as (
    select
        signals.order_id,
        signals.cause,
        sum(weights.weight) as score,
        string_agg(
            signals.signal || '：' || signals.evidence_zh
            || case
                when weights.informativeness < 0.8
                    then
                        '（送达的包裹中也有 ' || cast(round(100 * weights.delivered_share) as integer)
                        || '% 如此，按 ' || cast(round(100 * weights.informativeness) as integer)
                        || '% 计）'
                else ''
            end,
            '；'
            order by weights.weight desc, signals.signal asc
        ) as evidence
    from signals
    inner join weights
        on signals.signal = weights.signal
    where weights.weight > 0
    group by signals.order_id, signals.cause
),

ranked as (
    select
        cause_scores.*,
        causes.label_zh,
        row_number() over (
            partition by cause_scores.order_id
            order by cause_scores.score desc, causes.priority asc
        ) as rank_in_order
    from cause_scores
    inner join causes
        on cause_scores.cause = causes.cause
),

best as (
    select
        order_id,
        max(score) filter (where rank_in_order = 1) as top_score,
        coalesce(max(score) filter (where rank_in_order = 2), 0) as runner_up_score,
        max(cause) filter (where rank_in_order = 1) as cause,
        max(label_zh || '（' || cause || '）— ' || evidence) filter (where rank_in_order = 1)
            as main_evidence,
        max(label_zh || '：' || evidence) filter (where rank_in_order = 2) as runner_up_evidence
    from ranked
    group by order_id
),

cause_counts as (
    select
        best.cause,
        causes.priority,
        count(*) as refusals,
        sum(count(*)) over () as all_refusals
    from best
    inner join causes
        on best.cause = causes.cause
    group by best.cause, causes.priority
),

top_cause as (
    select *
    from cause_counts
    order by refusals desc, priority asc
    limit 1
),

first_cause as (
    select cause
    from causes
    order by priority asc
    limit 1
),

shop_prior as (
    -- with no refusal explained at all, the first cause stands in, at a share of one in four
    select
        coalesce(max(top_cause.cause), max(first_cause.cause)) as cause,
        coalesce(max(top_cause.refusals / nullif(top_cause.all_refusals, 0)), 0.25) as share
    from first_cause
    left join top_cause on true
),

explained as (
    select
        refusals.order_id,
        refusals.product_id,
        refusals.parcel_courier_code,
        refusals.province,
        refusals.refused_at,
        best.cause
    from refusals
    inner join best
        on refusals.order_id = best.order_id
),

unexplained as (
    select refusals.*
    from refusals
    anti join best
        on refusals.order_id = best.order_id
),

neighbour_causes as (
    -- scope 1: the same product; scope 2: the same courier to the same province
    select
        unexplained.order_id,
        case when unexplained.product_id = explained.product_id then 1 else 2 end as scope,
        explained.cause,
        count(*) as refusals
    from unexplained
    inner join explained
        on
            abs(epoch(unexplained.refused_at) - epoch(explained.refused_at))
            <= $product_window_days * 86400
            and (
                unexplained.product_id = explained.product_id
                or (
                    unexplained.parcel_courier_code = explained.parcel_courier_code
                    and unexplained.province = explained.province
                )
            )
    group by
        unexplained.order_id,
        case when unexplained.product_id = explained.product_id then 1 else 2 end,
        explained.cause
),

neighbour_ranked as (
    select
        neighbour_causes.*,
        sum(neighbour_causes.refusals) over (
            partition by neighbour_causes.order_id, neighbour_causes.scope
        ) as scope_refusals,
        row_number() over (
            partition by neighbour_causes.order_id
            order by
                neighbour_causes.scope asc,
                neighbour_causes.refusals desc,
                causes.priority asc
        ) as rank_in_order
    from neighbour_causes
    inner join causes
        on neighbour_causes.cause = causes.cause
),

neighbours as (
    select
        order_id,
        cause,
        refusals,
        scope_refusals,
        case when scope = 1 then '同一商品' else '同一快递到同一省份' end as scope_zh
    from neighbour_ranked
    where rank_in_order = 1
),

inputs as (
    -- which exports the evidence could come from: optional ones may be missing
    select string_agg(distinct kind, ', ' order by kind) as present
    from meta.loaded_files
),

final as (
    select
        refusals.order_id,
        coalesce(best.cause, neighbours.cause, shop_prior.cause) as cause,
        round(
            case
                when best.cause is null and neighbours.cause is not null
                    then least(
                        0.3, neighbours.refusals / nullif(neighbours.scope_refusals, 0) * 0.5
                    )
                when best.cause is null then least(0.3, shop_prior.share * 0.5)
                else
                    (1 - exp(-best.top_score / 2))
                    * (best.top_score - best.runner_up_score + 1) / nullif(best.top_score + 1, 0)
            end, 3
        ) as confidence,
        case
            when best.cause is null and neighbours.cause is not null
                then
                    '没有任何原因的证据；' || neighbours.scope_zh || ' ' || $product_window_days
                    || ' 天内已查明原因的 ' || neighbours.scope_refusals || ' 单拒收中 '
                    || neighbours.refusals || ' 单是 ' || neighbours.cause
                    || '，按此归类，可信度低。拒收依据：' || coalesce(
                        mask_personal(refusals.refusal_description),
                        refusals.refusal_evidence_source
                    )
            when best.cause is null
                then
                    '没有任何原因的证据；按本店最常见的拒收原因（' || shop_prior.cause
                    || '）归类，可信度低。拒收依据：' || coalesce(
                        mask_personal(refusals.refusal_description),
                        refusals.refusal_evidence_source
                    )
            else
                best.main_evidence
                || coalesce('。另有' || best.runner_up_evidence, '')
        end as evidence,
        best.cause is null as is_fallback,
        coalesce(best.top_score, 0) as cause_score,
        coalesce(best.runner_up_score, 0) as runner_up_score,
        refusals.refused_at,
        strftime(refusals.refused_at, '%G-W%V') as refusal_week,
        refusals.first_attempt_at,
        coalesce(refusals.attempt_days, 0) as attempt_days,
        refusals.refusal_evidence_source,
        refusals.tracking_no,
        refusals.parcel_courier_code as courier_code,
        refusals.province,
        refusals.product_id,
        refusals.product_title,
        refusals.style_id,
        refusals.goods_total_yuan,
        refusals.buyer_paid_yuan,
        refusals.shipping_fee_yuan,
        refusals.return_signed_at,
        refusals.after_sales_latest_status,
        $rules_version as rules_version,
        inputs.present as inputs_present
    from refusals
    left join best
        on refusals.order_id = best.order_id
    left join neighbours
        on refusals.order_id = neighbours.order_id
    cross join shop_prior
    cross join inputs
)

select * from final
order by order_id
