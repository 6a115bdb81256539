-- The evidence behind each refusal: one row per (refused order, signal that fired), each signal
-- one named fact pointing to one cause, with the words a merchant reads. Thresholds and patterns
-- are bound from pipelines/rules.toml.
create or replace table intermediate.int_refusal_signals as
with

parcels as (
    select * from intermediate.int_parcels_classified
),

refusals as (
    select
        *,
        -- the moment the buyer met the parcel: reviews and scores before it could sway them
        coalesce(first_attempt_at, refused_at) as met_at,
        mask_personal(concat_ws('；', refusal_description, after_sales_reasons)) as stated_reason
    from parcels
    where outcome = 'refused'
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
        || cast(round(date_diff('minute', promised_ship_by_at, shipped_at) / 60.0) as integer)
        || ' 小时' as evidence_zh
    from refusals
    where shipped_at > promised_ship_by_at
),

transit_times as (
    select
        refusals.order_id,
        refusals.province,
        refusals.parcel_courier_code,
        date_diff(
            'minute', coalesce(refusals.picked_up_at, refusals.shipped_at), refusals.met_at
        ) / 60.0 as transit_hours,
        coalesce(route.median_transit_hours, courier.median_transit_hours) as usual_hours
    from refusals
    left join routes as route
        on
            refusals.parcel_courier_code = route.courier_code
            and route.scope = 'route'
            and refusals.province = route.province
            and route.parcels >= $min_route_parcels
    left join routes as courier
        on
            refusals.parcel_courier_code = courier.courier_code
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
        || cast(round(transit_hours / usual_hours, 1) as varchar) || ' 倍' as evidence_zh
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
    from refusals
    where stuck_events > 0
    union all
    select
        order_id,
        'logistics' as cause,
        'damaged_in_transit' as signal,
        '物流轨迹显示包裹破损：' || coalesce(mask_personal(damage_description), '') as evidence_zh
    from refusals
    where damaged_events > 0
    union all
    select
        order_id,
        'logistics' as cause,
        'delayed_code' as signal,
        '快递公司标记配送延迟' as evidence_zh
    from refusals
    where delayed_code_events > 0
    union all
    select
        order_id,
        'logistics' as cause,
        'repeated_attempts' as signal,
        '派送持续 ' || attempt_days || ' 天（多次派送）' as evidence_zh
    from refusals
    where attempt_days >= $min_attempt_days
),

wording as (
    select
        order_id,
        'logistics' as cause,
        'logistics_wording' as signal,
        '拒收/售后原因说的是物流：「' || stated_reason || '」' as evidence_zh
    from refusals
    where regexp_matches(stated_reason, $logistics_text)
    union all
    select
        order_id,
        'product_quality' as cause,
        'quality_wording' as signal,
        '拒收/售后原因说的是商品：「' || stated_reason || '」' as evidence_zh
    from refusals
    where regexp_matches(stated_reason, $quality_text)
),

product_rate as (
    select
        refusals.order_id,
        'product_quality' as cause,
        'product_refusal_rate' as signal,
        '该商品拒收率 ' || cast(round(100 * products.refusal_rate) as integer) || '%（'
        || products.refused_parcels || '/' || products.shipped_parcels || ' 单），店铺平均 '
        || cast(round(100 * products.shop_refusal_rate, 1) as varchar) || '%' as evidence_zh
    from refusals
    inner join products
        on refusals.product_id = products.product_id
    where
        products.rate_ratio >= $min_product_rate_ratio
        and products.shipped_parcels >= $min_product_shipped
        and products.refused_parcels >= $min_product_refusals
),

reviews_daily as (
    select
        product_id,
        cast(reviewed_at as date) as reviewed_on,
        count(*) as reviews,
        count(*) filter (where score <= 2) as low_reviews
    from reviews
    group by product_id, cast(reviewed_at as date)
),

recent_reviews as (
    -- reviews of the refused product in the days before the buyer met the parcel
    select
        refusals.order_id,
        refusals.product_id,
        refusals.met_at,
        count(*) as reviews,
        -- low reviews that blame the goods point to the product, not to the store's standing
        count(*) filter (
            where reviews.score <= 2
            and not regexp_matches(coalesce(reviews.review_text, ''), $quality_text)
        ) as low_reviews,
        count(*) filter (
            where reviews.score <= 2
            and regexp_matches(coalesce(reviews.review_text, ''), $quality_text)
        ) as goods_complaints,
        string_agg(distinct mask_personal(reviews.review_text), '」「') filter (
            where reviews.score <= 2 and regexp_matches(reviews.review_text, $review_text)
            and not regexp_matches(reviews.review_text, $quality_text)
        ) as telling_texts,
        string_agg(distinct mask_personal(reviews.review_text), '」「') filter (
            where reviews.score <= 2 and regexp_matches(reviews.review_text, $quality_text)
        ) as goods_texts
    from refusals
    inner join reviews
        on
            refusals.product_id = reviews.product_id
            and refusals.met_at > reviews.reviewed_at
            and reviews.reviewed_at
            >= refusals.met_at - to_days(cast($review_window_days as integer))
    group by refusals.order_id, refusals.product_id, refusals.met_at
),

earlier_reviews as (
    -- the same product's reviews before that window: what "usual" looked like
    select
        recent_reviews.order_id,
        sum(reviews_daily.low_reviews) / sum(reviews_daily.reviews) as usual_low_share
    from recent_reviews
    inner join reviews_daily
        on
            recent_reviews.product_id = reviews_daily.product_id
            and reviews_daily.reviewed_on < cast(
                recent_reviews.met_at - to_days(cast($review_window_days as integer)) as date
            )
    group by recent_reviews.order_id
),

review_bursts as (
    -- a burst: enough low reviews, a large share of the recent ones, and well above the
    -- product's earlier share (a product always reviewed badly is a quality matter)
    select
        recent_reviews.*,
        earlier_reviews.usual_low_share
    from recent_reviews
    left join earlier_reviews
        on recent_reviews.order_id = earlier_reviews.order_id
    where
        recent_reviews.low_reviews >= $min_low_reviews
        and recent_reviews.low_reviews / recent_reviews.reviews >= $min_low_review_share
        and recent_reviews.low_reviews / recent_reviews.reviews
        >= $review_burst_ratio * coalesce(earlier_reviews.usual_low_share, 0)
),

review_signals as (
    select
        order_id,
        'product_quality' as cause,
        'goods_complaints_in_reviews' as signal,
        '派送前 ' || $review_window_days || ' 天内有 ' || goods_complaints
        || ' 条差评说商品本身有问题：「' || goods_texts || '」' as evidence_zh
    from recent_reviews
    where goods_complaints >= $min_low_reviews
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
        order_id,
        'reviews' as cause,
        'review_wording' as signal,
        '近期差评写道：「' || telling_texts || '」' as evidence_zh
    from review_bursts
    where telling_texts is not null
),

store_score_drops as (
    select
        refusals.order_id,
        arg_max(store_scores.store_score, store_scores.score_date) as score_before_meeting,
        max(store_scores.store_score) as window_high
    from refusals
    inner join store_scores
        on
            store_scores.score_date <= cast(refusals.met_at as date)
            and store_scores.score_date
            >= cast(refusals.met_at as date) - to_days(cast($store_score_window_days as integer))
    group by refusals.order_id
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
    from refusals
    where
        first_applied_at < met_at
        and regexp_matches(coalesce(after_sales_reasons, ''), $no_goods_reason)
        and not regexp_matches(coalesce(after_sales_reasons, ''), $quality_text)
),

order_penalties as (
    select
        refusals.order_id,
        string_agg(distinct penalties.penalty_type, '、') as penalty_types
    from refusals
    inner join penalties
        on
            refusals.order_id = penalties.order_id
            or (refusals.tracking_no = penalties.tracking_no and penalties.tracking_no is not null)
    where regexp_matches(penalties.penalty_type, $penalty_types)
    group by refusals.order_id
),

violations as (
    select
        order_id,
        'rule_violation' as cause,
        'boost_tag' as signal,
        '商家备注含刷单标记：「' || merchant_note || '」' as evidence_zh
    from refusals
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
    from refusals
    where has_tracking and picked_up_at is null
    union all
    select
        refusals.order_id,
        'rule_violation' as cause,
        'shared_tracking_number' as signal,
        '同一快递单号用于 ' || tracking_sharing.orders_sharing || ' 个订单' as evidence_zh
    from refusals
    inner join tracking_sharing
        on refusals.tracking_no = tracking_sharing.tracking_no
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
    from refusals
    where is_trial_order or buyer_paid_yuan <= $near_zero_yuan
),

final as (
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
)

select * from final
