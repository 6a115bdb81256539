-- The week's to-do list (the article's playbook, made concrete), for every week: one row per
-- object to act on, ranked by the money at stake. The report's 本周必做 box shows the first
-- three, its to-do table all of them.
--   product  a product refused this week for the goods, the reviews or a violation: its refusals
--            of that cause against the parcels of it settled this week, what they cost (refusal
--            costs and platform fines apart), the evidence most of them carry, and the fix
--   route    a courier to a province, for logistics ("（无省份）" when the export has no province)
--   orders   the worklist's lists: buyers to contact, refunds to release, claims per courier
create or replace table marts.agg_todo_weekly as
with

costs as (
    select * from marts.agg_costs_weekly
),

parcels as (
    select * from marts.agg_parcels_weekly
),

refusals as (
    select * from marts.fct_refusals
),

signals as (
    select * from marts.fct_refusal_signals
),

worklist as (
    select * from marts.fct_dispute_worklist
),

registry as (
    select * from seeds.signals
),

signal_faults as (
    select * from seeds.signal_faults
),

causes as (
    select * from seeds.causes
),

couriers as (
    select * from marts.dim_couriers
),

located as (
    -- where each cause is acted on: logistics on the route, the rest on the product
    select
        iso_week,
        cause,
        case when cause = 'logistics' then 'route' else 'product' end as kind,
        case
            when cause = 'logistics'
                then coalesce(courier_code, '') || '|' || coalesce(province, '')
            else coalesce(product_id, '')
        end as object_key,
        product_id,
        product_title,
        courier_code,
        province,
        refusals,
        cost_yuan,
        compensation_yuan
    from costs
),

objects as (
    select
        iso_week,
        cause,
        kind,
        object_key,
        any_value(product_id) as product_id,
        max(product_title) as product_title,
        any_value(courier_code) as courier_code,
        any_value(province) as province,
        cast(sum(refusals) as bigint) as refused,
        -- not rounded: the engines round a double's halves differently; the report formats
        sum(cost_yuan - compensation_yuan) as refusal_cost_yuan,
        sum(compensation_yuan) as fines_yuan,
        sum(cost_yuan) as at_stake_yuan
    from located
    group by iso_week, cause, kind, object_key
),

settled_products as (
    select
        iso_week,
        product_id,
        sum(parcels_settled) as settled
    from parcels
    group by iso_week, product_id
),

settled_routes as (
    select
        iso_week,
        courier_code,
        province,
        sum(parcels_settled) as settled
    from parcels
    group by iso_week, courier_code, province
),

object_signals as (
    -- the counted signals of the cause behind each object's refusals, by how many carry them
    select
        refusals.refusal_week as iso_week,
        refusals.cause,
        case
            when refusals.cause = 'logistics'
                then coalesce(refusals.courier_code, '') || '|' || coalesce(refusals.province, '')
            else coalesce(refusals.product_id, '')
        end as object_key,
        signals.signal,
        count(*) as carried_by
    from refusals
    inner join signals
        on refusals.order_id = signals.order_id and refusals.cause = signals.cause
    where signals.is_counted
    group by all
),

main_signals as (
    select
        object_signals.iso_week,
        object_signals.cause,
        object_signals.object_key,
        object_signals.carried_by,
        registry.description_zh,
        nullif(signal_faults.fix_zh, '') as fix_zh,
        row_number() over (
            partition by object_signals.iso_week, object_signals.cause, object_signals.object_key
            order by object_signals.carried_by desc, object_signals.signal asc
        ) as rank_in_object
    from object_signals
    inner join registry
        on object_signals.signal = registry.signal
    left join signal_faults
        on object_signals.signal = signal_faults.signal
),

cause_rows as (
    select
        objects.iso_week,
        objects.kind,
        objects.cause,
        case
            when objects.kind = 'product'
                then coalesce(objects.product_title, '') || '（' || objects.product_id || '）'
            when objects.province is null
                then coalesce(couriers.courier_name, objects.courier_code) || '（无省份）'
            else coalesce(couriers.courier_name, objects.courier_code) || ' → ' || objects.province
        end as object_zh,
        objects.refused,
        coalesce(settled_products.settled, settled_routes.settled) as settled,
        objects.refusal_cost_yuan,
        objects.fines_yuan,
        objects.at_stake_yuan,
        causes.label_zh || ' ' || objects.refused || ' 单' || coalesce(
            '（本周结算 ' || coalesce(settled_products.settled, settled_routes.settled)
            || ' 单，拒收率 ' || cast(round(
                100.0 * objects.refused
                / nullif(coalesce(settled_products.settled, settled_routes.settled), 0)
            ) as integer) || '%）',
            ''
        ) || coalesce(
            '；主要证据：' || main_signals.description_zh || '（' || main_signals.carried_by
            || ' 单）',
            ''
        ) as why_zh,
        coalesce(main_signals.fix_zh, causes.playbook_zh) as step_zh
    from objects
    inner join causes
        on objects.cause = causes.cause
    left join couriers
        on objects.courier_code = couriers.courier_code
    left join settled_products
        on
            objects.kind = 'product'
            and objects.iso_week = settled_products.iso_week
            and objects.product_id = settled_products.product_id
    left join settled_routes
        on
            objects.kind = 'route'
            and objects.iso_week = settled_routes.iso_week
            and objects.courier_code = settled_routes.courier_code
            and objects.province is not distinct from settled_routes.province
    left join main_signals
        on
            objects.iso_week = main_signals.iso_week
            and objects.cause = main_signals.cause
            and objects.object_key = main_signals.object_key
            and main_signals.rank_in_object = 1
),

listed_orders as (
    select
        refusal_week as iso_week,
        action,
        case when action = 'claim_from_courier' then courier_code end as courier_code,
        order_id,
        buyer_paid_yuan
    from worklist
    where action in ('contact_buyer', 'release_refund', 'claim_from_courier')
),

ranked_orders as (
    select
        *,
        row_number() over (
            partition by iso_week, action, courier_code
            order by buyer_paid_yuan desc nulls last, order_id asc
        ) as rank_in_list
    from listed_orders
),

order_lists as (
    -- the largest five orders are named; worklist.csv has them all
    select
        iso_week,
        action,
        courier_code,
        count(*) as orders,
        round(sum(coalesce(buyer_paid_yuan, 0)), 2) as paid_yuan,
        string_agg(
            case when rank_in_list <= 5 then order_id end, '、'
            order by rank_in_list
        ) || case when count(*) > 5 then ' 等（全部见 worklist.csv）' else '' end as order_ids
    from ranked_orders
    group by iso_week, action, courier_code
),

order_rows as (
    select
        order_lists.iso_week,
        'orders' as kind,
        cast(null as varchar) as cause,
        case order_lists.action
            when 'contact_buyer' then '待联系的买家'
            when 'release_refund' then '退件已签收、待退款的订单'
            else coalesce(couriers.courier_name, order_lists.courier_code) || ' 待索赔的订单'
        end || '（' || order_lists.orders || ' 单）' as object_zh,
        order_lists.orders as refused,
        cast(null as bigint) as settled,
        order_lists.paid_yuan as refusal_cost_yuan,
        0.0 as fines_yuan,
        order_lists.paid_yuan as at_stake_yuan,
        '买家实付 ¥' || cast(order_lists.paid_yuan as decimal(18, 2)) || '；订单：'
        || order_lists.order_ids as why_zh,
        case order_lists.action
            when 'contact_buyer' then '逐一联系：问清拒收原因，能补救的补救，不能的协商退款'
            when 'release_refund' then '立即同意退款：退件已回到商家，拖延只会招来平台介入'
            else '同意买家退款，凭物流轨迹与破损照片向快递公司索赔'
        end as step_zh
    from order_lists
    left join couriers
        on order_lists.courier_code = couriers.courier_code
),

candidates as (
    select * from cause_rows
    union all
    select * from order_rows
),

final as (
    select
        iso_week,
        -- a product can be a to-do for two causes with the same sums: the cause breaks the tie
        row_number() over (
            partition by iso_week
            order by at_stake_yuan desc, kind asc, object_zh asc, cause asc nulls first
        ) as todo_rank,
        kind,
        cause,
        object_zh,
        refused,
        settled,
        refusal_cost_yuan,
        fines_yuan,
        at_stake_yuan,
        why_zh,
        step_zh
    from candidates
)

select * from final
order by iso_week, todo_rank
