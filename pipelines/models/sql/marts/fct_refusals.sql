-- One row per refused order: exactly one cause, a confidence in 0-1, and the evidence in words.
-- Each signal that fired adds its weight for the cause(s) it points at (int_signal_weights: stated
-- reasons at their prior weight, the buyer's as far as the shop's records bear its buyers out,
-- context learned from this shop's anchored refusals). A refusal whose own evidence is context
-- only also hears its neighbours: the same product's refusals within
-- $product_window_days days whose cause was stated (int_refusal_neighbours), at up to
-- $neighbour_weight. What the buyer said or asked for counts once per cause, at its strongest
-- signal (_witnesses.jinja). The cause with the largest total wins; confidence grows with that
-- total and shrinks as the runner-up comes close, and in it the courier's context facts (one
-- record, the parcel's scans, read several ways) count once too (rules 2027.1.18). In the
-- confidence (and in the strength the evidence gives them) the neighbours count as if
-- $fallback_prior_strength more had said nothing:
-- a few who agree are the best guess, not yet strong evidence. A cause the buyer gave whose other
-- records do not favour it over the runner-up by a fact of medium strength (the buyer's word
-- decides it) is held at $one_party_confidence at most, and its evidence says so; so is
-- any cause with no other record's fact of medium strength or more, and one whose facts of medium
-- strength or more all come from one other party (rules 2027.1.19): one witness either way. A
-- refusal with no evidence of its own takes the shop's cause mix (of the refusals its evidence
-- explained), updated by what its anchored neighbours were (the same product, else the same
-- courier and province), both weighed by how often each cause's stated refusals left no other
-- party's fact either (rules 2027.1.11 and 2027.1.13: the delivery's seldom do, the goods'
-- often): the low confidence and the evidence say so.
-- So does a refusal whose only evidence is signals nearly as common among delivered parcels
-- (informativeness below $min_standalone_informativeness): they never stand alone as a cause.
-- The evidence reads as the merchant would say it, each fact with its strength: 强 at a weight of
-- $strong_signal_weight or more, 中 at $medium_signal_weight, else 弱.
{% from "intermediate/_witnesses.jinja" import witnessed_weight %}
{% from "_text.jinja" import sorted_distinct %}
{#-
The facts told for a cause, in the order of their list, joined. The list is collected unordered and
sorted afterwards, not aggregated with string_agg(… order by …) or list(… order by …): DuckDB
keeps an ordered aggregate's rows in memory, which ran out of its budget at 5M orders; a list
spills like any other aggregate.
The evidence rows (own_evidence, all_evidence, weighed_evidence: a row per refusal, signal and
cause, with its texts) are computed again by each reader, not materialized: DuckDB keeps a CTE
read twice whole, and at 200,000 orders a week (3.2M rows) the three spilled 4.5 GB of a 5.6 GB
spill and took 7 s of 18 (benchmarks/README.md).
-#}
{%- macro said(facts) -%}
array_to_string(
            list_transform({{ facts }}, lambda fact: struct_extract(fact, 'said')), '；'
        )
{%- endmacro %}
create or replace table marts.fct_refusals as
with

refusals as (
    select * from intermediate.int_parcels_classified
    where outcome = 'refused'
),

signals as (
    select * from intermediate.int_refusal_signals
),

weights as (
    select * from intermediate.int_signal_weights
    where weight > 0
),

anchors as (
    select * from intermediate.int_refusal_anchors
),

neighbours as (
    select * from intermediate.int_refusal_neighbours
),

causes as (
    select * from seeds.causes
),

own_evidence as not materialized (
    -- one row per (refusal, signal, cause the signal points at in this shop)
    select
        signals.order_id,
        weights.cause,
        signals.signal,
        weights.source,
        weights.evidence,
        weights.weight,
        weights.weight as sure_weight,
        weights.informativeness >= $min_standalone_informativeness as stands_alone,
        -- the fact, then how common it is among delivered parcels when it is not rare there
        signals.evidence_zh || case
            when weights.informativeness < 0.8
                then
                    '（签收的包裹中也有 '
                    || cast(round(100 * coalesce(weights.delivered_share, 0)) as integer)
                    || '% 如此）'
            else ''
        end as fact_zh,
        -- ...and why it points at this cause when the shop's data, not the registry, says so
        case
            when weights.is_learned and weights.cause <> signals.cause
                then
                    '（本店原因明确的同类拒收 ' || weights.anchored_refusals || ' 单中 '
                    || weights.anchored_with_signal || ' 单是' || causes.label_zh || '）'
            else ''
        end as direction_zh,
        -- a buyer's statement, weighed by how far the shop's buyers' words have held up
        -- against its other records (buyers_words_held_up says how far, once per refusal)
        weights.reliability < 1 as is_doubted
    from signals
    inner join weights
        on signals.signal = weights.signal
    inner join causes
        on weights.cause = causes.cause
),

neighbour_evidence as (
    -- context-only refusals: what the same product's anchored refusals in the window say
    select
        neighbours.order_id,
        neighbours.cause,
        'explained_neighbours' as signal,
        'shop' as source,
        'context' as evidence,
        cast(
            round(
                $neighbour_weight * neighbours.refusals / nullif(neighbours.scope_refusals, 0), 6
            )
            as decimal(18, 6)
        ) as weight,
        -- how sure it makes the cause: their share as if $fallback_prior_strength more had said
        -- nothing (two of two weigh half the most, eight of eight four fifths)
        cast(
            round(
                $neighbour_weight * neighbours.refusals
                / nullif(neighbours.scope_refusals + $fallback_prior_strength, 0), 6
            )
            as decimal(18, 6)
        ) as sure_weight,
        true as stands_alone,
        '同一商品 ' || $product_window_days || ' 天内有明确原因的 ' || neighbours.scope_refusals
        || ' 单拒收中 ' || neighbours.refusals || ' 单是' || causes.label_zh as fact_zh,
        '' as direction_zh,
        false as is_doubted
    from neighbours
    inner join causes
        on neighbours.cause = causes.cause
    where
        neighbours.scope = 1
        and neighbours.scope_refusals >= $min_neighbours
        and neighbours.order_id in (select own_evidence.order_id from own_evidence)
        and neighbours.order_id not in (select anchors.order_id from anchors)
),

all_evidence as not materialized (
    select * from own_evidence
    union all
    select * from neighbour_evidence
),

standing as (
    -- refusals with at least one fact that can stand alone as a cause
    select order_id
    from all_evidence
    group by order_id
    having bool_or(stands_alone)
),

weighed_evidence as not materialized (
    select
        all_evidence.*,
        all_evidence.fact_zh || all_evidence.direction_zh as evidence_zh,
        case
            when all_evidence.sure_weight >= $strong_signal_weight then '强'
            when all_evidence.sure_weight >= $medium_signal_weight then '中'
            else '弱'
        end as strength
    from all_evidence
    where all_evidence.order_id in (select standing.order_id from standing)
),

weak_only as (
    -- refusals whose only facts are common among delivered parcels too: told, then the fallback
    select
        order_id,
        {{ sorted_distinct('fact_zh', '；') }} as evidence_zh
    from all_evidence
    where order_id not in (select standing.order_id from standing)
    group by order_id
),

cause_scores as (
    select
        order_id,
        cause,
        {{ witnessed_weight("weight", "source") }} as score,
        {{ witnessed_weight("sure_weight", "source", "evidence") }} as sure_score,
        -- no other record backs it with a fact of medium strength or more: weak facts, often
        -- learned from the shop's refusals whose buyers said the same, are no second witness
        not bool_or(source <> 'buyer' and weight >= $medium_signal_weight) as rests_on_buyers_word,
        -- the one other party whose records back it with a fact of medium strength or more, when
        -- no second party's do and the buyer said nothing: one witness, as the buyer alone is
        -- (one party: the least and the greatest of those sources are the same; a distinct
        -- count would group the evidence rows a second time)
        case
            when
                min(source) filter (where source = 'buyer' or weight >= $medium_signal_weight)
                = max(source) filter (where source = 'buyer' or weight >= $medium_signal_weight)
                then max(source) filter (
                    where source <> 'buyer' and weight >= $medium_signal_weight
                )
        end as lone_party,
        -- what the other records alone give it, to see whether the buyer's word decides it
        coalesce(sum(sure_weight) filter (where source <> 'buyer'), 0) as records_score,
        bool_or(source = 'buyer') as buyer_said,
        bool_or(is_doubted) as is_doubted
    from weighed_evidence
    group by order_id, cause
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

told as (
    -- the winner's and the runner-up's facts (only theirs: a refusal scores up to four causes),
    -- one list per refusal: the runner-up's are told apart from the winner's in it, without
    -- reading the evidence rows again to find the winner's (at 200,000 orders a week, that
    -- second reading and its grouping spilled most of the model's 0.6-0.9 GB to disk); sorted
    -- strongest first (then by signal), an order the lists filtered from it keep
    select
        ranked.order_id,
        list_sort(
            list({
                'weight': -fact.weight,
                'signal': fact.signal,
                'said': fact.strength || '：' || fact.evidence_zh,
                'rank_in_order': ranked.rank_in_order
            })
        ) as facts
    from ranked
    inner join weighed_evidence as fact
        on ranked.order_id = fact.order_id and ranked.cause = fact.cause
    where ranked.rank_in_order <= 2
    group by ranked.order_id
),

told_apart as (
    select
        order_id,
        list_filter(facts, lambda fact: struct_extract(fact, 'rank_in_order') = 1) as winners_facts,
        list_filter(facts, lambda fact: struct_extract(fact, 'rank_in_order') = 2)
            as runner_ups_facts
    from told
),

told_once as (
    -- the runner-up's facts only those the winner's have not told already (the same fact,
    -- learned to point at both causes, is said once): none left when all were
    select
        order_id,
        winners_facts,
        list_filter(
            runner_ups_facts,
            lambda fact: not list_contains(
                list_transform(winners_facts, lambda told: struct_extract(told, 'signal')),
                struct_extract(fact, 'signal')
            )
        ) as runner_ups_facts
    from told_apart
),

told_facts as (
    -- in words (the runner-up's empty when the winner's told them all)
    select
        order_id,
        {{ said("winners_facts") }} as winners_evidence,
        {{ said("runner_ups_facts") }} as runner_ups_evidence
    from told_once
),

best as (
    select
        ranked.order_id,
        max(ranked.score) filter (where ranked.rank_in_order = 1) as top_score,
        coalesce(max(ranked.score) filter (where ranked.rank_in_order = 2), 0)
            as runner_up_score,
        max(ranked.sure_score) filter (where ranked.rank_in_order = 1) as top_sure_score,
        coalesce(max(ranked.sure_score) filter (where ranked.rank_in_order = 2), 0)
            as runner_up_sure_score,
        max(ranked.cause) filter (where ranked.rank_in_order = 1) as cause,
        -- one party's word, or the other records do not tell the winner from the runner-up
        bool_or(ranked.rests_on_buyers_word) filter (where ranked.rank_in_order = 1)
        or (
            bool_or(ranked.buyer_said) filter (where ranked.rank_in_order = 1)
            and coalesce(max(ranked.records_score) filter (where ranked.rank_in_order = 1), 0)
            - coalesce(max(ranked.records_score) filter (where ranked.rank_in_order = 2), 0)
            < $medium_signal_weight
        )
            as rests_on_buyers_word,
        max(ranked.lone_party) filter (where ranked.rank_in_order = 1) as lone_party,
        bool_or(ranked.buyer_said) filter (where ranked.rank_in_order = 1) as buyer_said,
        -- the same sentence for every buyer's statement: told once if any told fact is one
        bool_or(ranked.is_doubted) filter (where ranked.rank_in_order <= 2) as is_doubted,
        max(ranked.label_zh) filter (where ranked.rank_in_order = 1) as label_zh,
        max(ranked.label_zh) filter (where ranked.rank_in_order = 2) as runner_up_label_zh
    from ranked
    group by ranked.order_id
),

best_told as (
    select
        best.*,
        best.label_zh || '——' || told_facts.winners_evidence as main_evidence,
        best.runner_up_label_zh || '的迹象——'
        || coalesce(nullif(told_facts.runner_ups_evidence, ''), '上述情况也指向它')
            as runner_up_evidence
    from best
    inner join told_facts
        on best.order_id = told_facts.order_id
),

buyers_words_held_up as (
    -- how far the shop's buyers' words have held up against its other records: one sentence
    -- (int_signal_weights weighs every buyer's statement alike), told once per refusal whose
    -- winner or runner-up rests on one, after its evidence. A flag per fact, not the sentence:
    -- the scores' grouping (800,000 groups at 200,000 orders a week) kept a long text per group
    select
        max(
            '买家的说法按本店其他记录印证的程度计权：可核对的 ' || reliability_checked
            || ' 单中 ' || reliability_agreeing || ' 单相符'
        ) as reliability_zh
    from weights
    where reliability < 1
),

explained_mix as (
    -- the shop's cause mix: each cause's share of the refusals its evidence explained, smoothed
    select
        causes.cause,
        causes.priority,
        (count(best.order_id) + 1.0) / nullif(sum(count(best.order_id)) over () + 4.0, 0)
            as explained_share
    from causes
    left join best
        on causes.cause = best.cause
    group by causes.cause, causes.priority
),

seen_by_records as (
    -- refusals with a fact of the courier's, the merchant's, the platform's or the shop's data
    -- that can stand alone as a cause
    select distinct order_id
    from own_evidence
    where source <> 'buyer' and stands_alone
),

unseen_shares as (
    -- how often a refusal of each cause leaves no such fact, from those whose cause was stated
    -- (anchors), smoothed: the delivery's are seldom unseen (a scan), the goods' often
    select
        causes.cause,
        (count(anchors.order_id) filter (where seen_by_records.order_id is null) + 1.0)
        / nullif(count(anchors.order_id) + 2.0, 0) as unseen_share
    from causes
    left join anchors
        on causes.cause = anchors.cause
    left join seen_by_records
        on anchors.order_id = seen_by_records.order_id
    group by causes.cause
),

shop_mix as (
    -- the explained mix, with how often each cause leaves no record
    select
        explained_mix.cause,
        explained_mix.priority,
        explained_mix.explained_share,
        unseen_shares.unseen_share
    from explained_mix
    inner join unseen_shares
        on explained_mix.cause = unseen_shares.cause
),

unexplained as (
    select refusals.order_id
    from refusals
    anti join best
        on refusals.order_id = best.order_id
),

nearest as (
    -- the nearest scope with anchored neighbours: the same product, else the same route
    select
        neighbours.order_id,
        min(neighbours.scope) as scope
    from neighbours
    inner join unexplained
        on neighbours.order_id = unexplained.order_id
    group by neighbours.order_id
),

fallback_scores as (
    select
        unexplained.order_id,
        shop_mix.cause,
        shop_mix.priority,
        shop_mix.explained_share,
        shop_mix.unseen_share,
        nearest.scope,
        coalesce(neighbours.refusals, 0) as refusals,
        coalesce(max(neighbours.scope_refusals) over (partition by unexplained.order_id), 0)
            as scope_refusals
    from unexplained
    cross join shop_mix
    left join nearest
        on unexplained.order_id = nearest.order_id
    left join neighbours
        on
            unexplained.order_id = neighbours.order_id
            and nearest.scope = neighbours.scope
            and shop_mix.cause = neighbours.cause
),

fallback_likelihoods as (
    -- the shop's explained mix as $fallback_prior_strength pseudo-refusals, updated by the
    -- neighbours, times how often each cause leaves no record: the neighbours are anchored
    -- refusals, as lopsided toward the causes that leave records as the explained mix
    select
        *,
        (refusals + $fallback_prior_strength * explained_share) * unseen_share as joint
    from fallback_scores
),

fallback_posteriors as (
    select
        *,
        joint / nullif(sum(joint) over (partition by order_id), 0) as posterior
    from fallback_likelihoods
),

fallback_ranked as (
    select
        *,
        row_number() over (
            partition by order_id order by posterior desc, priority asc
        ) as rank_in_order
    from fallback_posteriors
),

fallback as (
    select
        fallback_ranked.order_id,
        fallback_ranked.cause,
        fallback_ranked.posterior,
        case
            when fallback_ranked.scope = 1 then '同一商品'
            when fallback_ranked.scope = 2 then '同一快递到同一省份'
        end || ' ' || $product_window_days || ' 天内有明确原因的 '
        || fallback_ranked.scope_refusals || ' 单拒收中 ' || fallback_ranked.refusals || ' 单是'
        || causes.label_zh || '；' as neighbours_zh,
        '本店已查明原因的拒收中约 '
        || cast(round(100 * fallback_ranked.explained_share) as integer) || '% 是'
        || causes.label_zh || '；原因明确的这类拒收约 '
        || cast(round(100 * fallback_ranked.unseen_share) as integer)
        || '% 像本单一样没有快递、商家或平台的记录，也没有本店数据的迹象' as shop_zh
    from fallback_ranked
    inner join causes
        on fallback_ranked.cause = causes.cause
    where fallback_ranked.rank_in_order = 1
),

inputs as (
    -- which exports the evidence could come from (those read as of the week's end, on a run):
    -- optional ones may be missing
    select
        {{ sorted_distinct('kind', ', ') }} as present
    from meta.loaded_files
    where file_sha256 in (
        {{ files_read() | indent(8) }}
    )
),

final as (
    select
        refusals.order_id,
        coalesce(best.cause, fallback.cause) as cause,
        round(
            case
                when best.cause is null then least(0.3, fallback.posterior * 0.5)
                else
                    least(
                        -- one party's word or records: never strong evidence on their own
                        case
                            when best.rests_on_buyers_word or best.lone_party is not null
                                then $one_party_confidence
                        end,
                        (1 - exp(-best.top_sure_score / 2))
                        * (best.top_sure_score - best.runner_up_sure_score + 1)
                        / nullif(best.top_sure_score + 1, 0)
                    )
            end, 3
        ) as confidence,
        case
            when best.cause is null
                then
                    coalesce(
                        '只有签收包裹中也常见的情况（' || weak_only.evidence_zh
                        || '），不能单独说明原因；',
                        '没有任何原因的证据；'
                    ) || coalesce(fallback.neighbours_zh, '')
                    || fallback.shop_zh || '；按此归类，可信度低。拒收依据：' || coalesce(
                        mask_personal(refusals.refusal_description),
                        refusals.refusal_evidence_source
                    )
            else
                best.main_evidence
                || case
                    when best.rests_on_buyers_word and best.buyer_said
                        then '（只凭买家一方的说法：快递、商家、平台的记录和本店数据没有中等以上的事实印证它胜过其他原因）'
                    when best.rests_on_buyers_word
                        then '（各方的事实都不强：没有中等以上的事实印证它胜过其他原因）'
                    when best.lone_party is not null
                        then '（只有' || case best.lone_party
                            when 'courier' then '快递轨迹'
                            when 'merchant' then '商家的记录'
                            when 'platform' then '平台的记录'
                            else '本店其他订单与评价'
                        end || '一方的事实：买家和其他各方没有中等以上的事实印证它）'
                    else ''
                end
                || coalesce('。另有' || best.runner_up_evidence, '')
                || case
                    when best.is_doubted then '。' || buyers_words_held_up.reliability_zh
                    else ''
                end
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
    left join best_told as best
        on refusals.order_id = best.order_id
    left join fallback
        on refusals.order_id = fallback.order_id
    left join weak_only
        on refusals.order_id = weak_only.order_id
    cross join inputs
    cross join buyers_words_held_up
)

select * from final
order by order_id
