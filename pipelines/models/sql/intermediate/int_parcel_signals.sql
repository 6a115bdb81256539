-- The evidence behind each refusal: one row per (parcel, signal that fired), each signal one named
-- fact pointing to one cause, with the words a merchant reads. Signals are computed for delivered
-- parcels too, so that a fact just as common among them (int_signal_informativeness) can be
-- counted for less. Thresholds and patterns are bound from pipelines/models/rules.toml.
create or replace table intermediate.int_parcel_signals as
with

-- "not materialized": read where used instead of copied once. DuckDB copies a CTE read more than
-- once, and copying every parcel spilled 9 GB at 5M orders.
parcels as not materialized (
    select * from intermediate.int_parcels_classified
),

met_parcels as not materialized (
    -- parcels that reached the buyer, refused or accepted
    select
        *,
        -- the moment the buyer met the parcel: reviews and scores before it could sway them
        coalesce(first_attempt_at, refused_at, signed_at) as met_at,
        mask_personal(concat_ws('；', refusal_description, after_sales_reasons)) as stated_reason
    from parcels
    where outcome in ('refused', 'delivered')
),

routes as (
    select * from intermediate.int_routes_benchmarked
),

products as (
    select * from intermediate.int_products_benchmarked
),

reviews as (
    select * from staging.stg_reviews
),

store_scores as (
    select * from staging.stg_store_scores
),

penalties as (
    select * from staging.stg_penalties
),

tracking_sharing as (
    select
        tracking_no,
        count(distinct order_id) as orders_sharing
    from parcels
    where tracking_no is not null
    group by tracking_no
),

late_shipping as (
    select
        order_id,
        'logistics' as cause,
        'late_shipping' as signal,
        '发货晚于承诺发货时间 '
        || cast(round(minutes_between(promised_ship_by_at, shipped_at) / 60.0) as integer)
        || ' 小时' as evidence_zh
    from met_parcels
    where shipped_at > promised_ship_by_at
),

transit_times as (
    select
        met_parcels.order_id,
        met_parcels.province,
        met_parcels.parcel_courier_code,
        minutes_between(
            coalesce(met_parcels.picked_up_at, met_parcels.shipped_at), met_parcels.met_at
        ) / 60.0 as transit_hours,
        coalesce(route.median_transit_hours, courier.median_transit_hours) as usual_hours
    from met_parcels
    left join routes as route
        on
            met_parcels.parcel_courier_code = route.courier_code
            and route.scope = 'route'
            and met_parcels.province = route.province
            and route.parcels >= $min_route_parcels
    left join routes as courier
        on
            met_parcels.parcel_courier_code = courier.courier_code
            and courier.scope = 'courier'
            and courier.parcels >= $min_route_parcels
),

slow_transit as (
    select
        order_id,
        'logistics' as cause,
        'slow_transit' as signal,
        '运输 ' || cast(round(transit_hours) as integer) || ' 小时，是该快递'
        || coalesce('到' || province, '') || '常见时长（中位数 '
        || cast(round(usual_hours) as integer) || ' 小时）的 '
        || cast(round(transit_hours / nullif(usual_hours, 0), 1) as varchar) || ' 倍' as evidence_zh
    from transit_times
    where usual_hours > 0 and transit_hours > $slow_transit_ratio * usual_hours
),

tracking_problems as (
    select
        order_id,
        'logistics' as cause,
        'stuck_in_transit' as signal,
        '物流轨迹显示滞留或长时间未更新：' || coalesce(mask_personal(stuck_description), '')
            as evidence_zh
    from met_parcels
    where stuck_events > 0
    union all
    select
        order_id,
        'logistics' as cause,
        'damaged_in_transit' as signal,
        '物流轨迹显示包裹破损：' || coalesce(mask_personal(damage_description), '') as evidence_zh
    from met_parcels
    where damaged_events > 0
    union all
    select
        order_id,
        'logistics' as cause,
        'delayed_code' as signal,
        '快递公司标记配送延迟' as evidence_zh
    from met_parcels
    where delayed_code_events > 0
    union all
    select
        order_id,
        'logistics' as cause,
        'repeated_attempts' as signal,
        '派送持续 ' || attempt_days || ' 天（多次派送）' as evidence_zh
    from met_parcels
    where attempt_days >= $min_attempt_days
),

wording as (
    select
        order_id,
        'logistics' as cause,
        'logistics_wording' as signal,
        '拒收/售后原因说的是物流：「' || stated_reason || '」' as evidence_zh
    from met_parcels
    where regexp_matches(stated_reason, $logistics_text)
    union all
    select
        order_id,
        'product_quality' as cause,
        'quality_wording' as signal,
        '拒收/售后原因说的是商品：「' || stated_reason || '」' as evidence_zh
    from met_parcels
    where regexp_matches(stated_reason, $quality_text)
),

product_rate as (
    select
        met_parcels.order_id,
        'product_quality' as cause,
        'product_refusal_rate' as signal,
        '该商品拒收率 ' || cast(round(100 * products.refusal_rate) as integer) || '%（'
        || products.refused_parcels || '/' || products.shipped_parcels || ' 单），店铺平均 '
        || cast(round(100 * products.shop_refusal_rate, 1) as varchar) || '%' as evidence_zh
    from met_parcels
    inner join products
        on met_parcels.product_id = products.product_id
    where
        products.rate_ratio >= $min_product_rate_ratio
        and products.shipped_parcels >= $min_product_shipped
        and products.refused_parcels >= $min_product_refusals
),

reviews_by_moment as (
    -- low reviews that blame the goods point to the product, not to the store's standing:
    -- they are counted apart
    select
        product_id,
        reviewed_at,
        count(*) as reviews,
        count(*) filter (
            where score <= 2 and not regexp_matches(coalesce(review_text, ''), $quality_text)
        ) as low_reviews,
        count(*) filter (
            where score <= 2 and regexp_matches(coalesce(review_text, ''), $quality_text)
        ) as goods_complaints
    from reviews
    where product_id is not null
    group by product_id, reviewed_at
),

review_window_bounds as (
    select
        order_id,
        outcome,
        product_id,
        met_at,
        met_at - to_days(cast($review_window_days as integer)) as window_opens_at
    from met_parcels
    where product_id is not null
),

review_timeline as (
    -- each product's reviews and the moments its windows open and close, in one timeline: a
    -- review at the very moment of a bound comes after it (the bounds are exclusive)
    select
        product_id,
        reviewed_at as moment_at,
        1 as moment_order,
        null as order_id,
        null as is_window_opening,
        reviews,
        low_reviews,
        goods_complaints
    from reviews_by_moment
    union all
    select
        product_id,
        met_at as moment_at,
        0 as moment_order,
        order_id,
        false as is_window_opening,
        0 as reviews,
        0 as low_reviews,
        0 as goods_complaints
    from review_window_bounds
    union all
    select
        product_id,
        window_opens_at as moment_at,
        0 as moment_order,
        order_id,
        true as is_window_opening,
        0 as reviews,
        0 as low_reviews,
        0 as goods_complaints
    from review_window_bounds
),

totals_at_bounds as (
    -- the running totals at each bound: an as-of lookup that DuckDB and Spark compute alike (a
    -- bound adds nothing, so rows tied with it do not change its total)
    select
        order_id,
        is_window_opening,
        cast(sum(reviews) over timeline as bigint) as reviews_so_far,
        cast(sum(low_reviews) over timeline as bigint) as low_reviews_so_far,
        cast(sum(goods_complaints) over timeline as bigint) as goods_complaints_so_far
    from review_timeline
    window timeline as (
        partition by product_id
        order by moment_at asc, moment_order asc
        rows between unbounded preceding and current row
    )
),

review_windows as (
    -- counts in [window_opens_at, met_at) as the difference of two running totals (one lookup
    -- each, instead of joining every refusal to every review of its product)
    select
        bounds.order_id,
        bounds.outcome,
        bounds.product_id,
        bounds.met_at,
        bounds.window_opens_at,
        coalesce(at_meeting.reviews_so_far, 0)
        - coalesce(at_opening.reviews_so_far, 0) as reviews,
        coalesce(at_meeting.low_reviews_so_far, 0)
        - coalesce(at_opening.low_reviews_so_far, 0) as low_reviews,
        coalesce(at_meeting.goods_complaints_so_far, 0)
        - coalesce(at_opening.goods_complaints_so_far, 0) as goods_complaints,
        at_opening.low_reviews_so_far / nullif(at_opening.reviews_so_far, 0) as usual_low_share
    from review_window_bounds as bounds
    left join totals_at_bounds as at_meeting
        on bounds.order_id = at_meeting.order_id and not at_meeting.is_window_opening
    left join totals_at_bounds as at_opening
        on bounds.order_id = at_opening.order_id and at_opening.is_window_opening
),

review_bursts as (
    -- a burst: enough low reviews, a large share of the recent ones, and well above the
    -- product's earlier share (a product always reviewed badly is a quality matter)
    select *
    from review_windows
    where
        low_reviews >= $min_low_reviews
        and low_reviews / nullif(reviews, 0) >= $min_low_review_share
        and low_reviews / nullif(reviews, 0) >= $review_burst_ratio * coalesce(usual_low_share, 0)
),

low_review_texts as (
    -- what the low reviews of a product said on each day, for the evidence sentence
    select
        product_id,
        cast(reviewed_at as date) as reviewed_on,
        regexp_matches(review_text, $quality_text) as blames_goods,
        list_sort(list(distinct mask_personal(review_text))) as texts
    from reviews
    where
        score <= 2
        and (
            regexp_matches(review_text, $review_text)
            or regexp_matches(review_text, $quality_text)
        )
    group by product_id, cast(reviewed_at as date), regexp_matches(review_text, $quality_text)
),

window_texts as (
    select
        review_windows.order_id,
        low_review_texts.blames_goods,
        array_to_string(
            list_slice(list_sort(list_distinct(flatten(list(low_review_texts.texts)))), 1, 5),
            '」「'
        ) as texts
    from review_windows
    inner join low_review_texts
        on
            review_windows.product_id = low_review_texts.product_id
            and low_review_texts.reviewed_on
            between cast(review_windows.window_opens_at as date)
            and cast(review_windows.met_at as date)
    -- the words are only shown for refusals: no need to gather them for every parcel
    where
        review_windows.outcome = 'refused'
        and (review_windows.low_reviews > 0 or review_windows.goods_complaints > 0)
    group by review_windows.order_id, low_review_texts.blames_goods
),

review_signals as (
    select
        review_windows.order_id,
        'product_quality' as cause,
        'goods_complaints_in_reviews' as signal,
        '派送前 ' || $review_window_days || ' 天内有 ' || review_windows.goods_complaints
        || ' 条差评说商品本身有问题' || coalesce('：「' || window_texts.texts || '」', '')
            as evidence_zh
    from review_windows
    left join window_texts
        on review_windows.order_id = window_texts.order_id and window_texts.blames_goods
    where review_windows.goods_complaints >= $min_low_reviews
    union all
    select
        order_id,
        'reviews' as cause,
        'low_review_burst' as signal,
        '派送前 ' || $review_window_days || ' 天内该商品 ' || reviews || ' 条评价中 '
        || low_reviews || ' 条为 1–2 星'
        || coalesce('（此前 ' || cast(round(100 * usual_low_share) as integer) || '%）', '')
            as evidence_zh
    from review_bursts
    union all
    select
        review_bursts.order_id,
        'reviews' as cause,
        'review_wording' as signal,
        '近期差评写道：「' || window_texts.texts || '」' as evidence_zh
    from review_bursts
    inner join window_texts
        on review_bursts.order_id = window_texts.order_id and not window_texts.blames_goods
),

meeting_days as (
    select distinct cast(met_at as date) as met_on
    from met_parcels
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
        met_parcels.order_id,
        drops.score_before_meeting,
        drops.window_high
    from met_parcels
    inner join store_score_drops_by_day as drops
        on cast(met_parcels.met_at as date) = drops.met_on
),

store_score_signal as (
    select
        order_id,
        'reviews' as cause,
        'store_score_drop' as signal,
        '店铺评分 ' || $store_score_window_days || ' 天内从 ' || window_high || ' 降到 '
        || score_before_meeting as evidence_zh
    from store_score_drops
    where window_high - score_before_meeting >= $store_score_drop
),

cancel_before_delivery as (
    select
        order_id,
        'reviews' as cause,
        'cancel_before_delivery' as signal,
        '买家在派送前已申请退款，且不是商品原因：「' || mask_personal(after_sales_reasons) || '」'
            as evidence_zh
    from met_parcels
    where
        first_applied_at < met_at
        and regexp_matches(coalesce(after_sales_reasons, ''), $no_goods_reason)
        and not regexp_matches(coalesce(after_sales_reasons, ''), $quality_text)
),

violation_bills as (
    select *
    from penalties
    where regexp_matches(penalty_type, $penalty_types)
),

billed_parcels as (
    -- a bill names the order or its tracking number: two equality joins, not one join on
    -- "either", which cannot be hashed and grew with parcels × bills
    select
        met_parcels.order_id,
        violation_bills.penalty_type
    from met_parcels
    inner join violation_bills
        on met_parcels.order_id = violation_bills.order_id
    union
    select
        met_parcels.order_id,
        violation_bills.penalty_type
    from met_parcels
    inner join violation_bills
        on met_parcels.tracking_no = violation_bills.tracking_no
),

order_penalties as (
    select
        order_id,
        string_agg(distinct penalty_type, '、' order by penalty_type) as penalty_types
    from billed_parcels
    group by order_id
),

violations as (
    select
        order_id,
        'rule_violation' as cause,
        'boost_tag' as signal,
        '商家备注含刷单标记：「' || merchant_note || '」' as evidence_zh
    from met_parcels
    where regexp_matches(coalesce(merchant_note, ''), $boost_tag)
    union all
    select
        order_id,
        'rule_violation' as cause,
        'penalty_bill' as signal,
        '平台对该订单开出罚单：' || penalty_types as evidence_zh
    from order_penalties
    union all
    select
        order_id,
        'rule_violation' as cause,
        'no_pickup_event' as signal,
        '物流轨迹没有揽收记录（' || event_count || ' 条轨迹）' as evidence_zh
    from met_parcels
    where has_tracking and picked_up_at is null
    union all
    select
        met_parcels.order_id,
        'rule_violation' as cause,
        'shared_tracking_number' as signal,
        '同一快递单号用于 ' || tracking_sharing.orders_sharing || ' 个订单' as evidence_zh
    from met_parcels
    inner join tracking_sharing
        on met_parcels.tracking_no = tracking_sharing.tracking_no
    where tracking_sharing.orders_sharing > 1
    union all
    select
        order_id,
        'rule_violation' as cause,
        'trial_or_near_zero' as signal,
        case
            when is_trial_order then '抽奖/0元试用订单'
            else '实付仅 ¥' || buyer_paid_yuan
        end as evidence_zh
    from met_parcels
    where is_trial_order or buyer_paid_yuan <= $near_zero_yuan
),

fired as (
    select * from late_shipping
    union all
    select * from slow_transit
    union all
    select * from tracking_problems
    union all
    select * from wording
    union all
    select * from product_rate
    union all
    select * from review_signals
    union all
    select * from store_score_signal
    union all
    select * from cancel_before_delivery
    union all
    select * from violations
),

final as (
    select
        fired.order_id,
        met_parcels.outcome,
        fired.cause,
        fired.signal,
        fired.evidence_zh
    from fired
    inner join met_parcels
        on fired.order_id = met_parcels.order_id
)

select * from final
