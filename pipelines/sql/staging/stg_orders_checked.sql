-- Every raw order line, typed, with the reason it cannot be used (null when it can).
-- Timestamps are naive China time.
create or replace table staging.stg_orders_checked as
with

raw_orders as (
    select * from raw.orders
),

order_statuses as (
    select
        compact_status,
        order_status,
        cast(status_rank as integer) as status_rank
    from seeds.order_statuses
),

couriers as (
    select
        lower(alias) as alias,
        courier_code
    from seeds.couriers
),

typed as (
    select
        raw_orders.file_sha256,
        raw_orders.source_file,
        raw_orders.source_row,
        raw_orders.order_id,
        -- Some files drop or half-width the comma of 已发货，待签收: compare without it.
        coalesce(order_statuses.order_status, raw_orders.order_status) as order_status,
        order_statuses.status_rank,
        raw_orders.after_sales_status,
        raw_orders.product_title,
        repair_excel_id(raw_orders.product_id) as product_id,
        raw_orders.sku_spec,
        repair_excel_id(raw_orders.style_id) as style_id,
        raw_orders.merchant_sku_code,
        raw_orders.merchant_product_code,
        try_cast(raw_orders.quantity as integer) as quantity,
        parse_yuan(raw_orders.goods_total_yuan) as goods_total_yuan,
        parse_yuan(raw_orders.shipping_fee_yuan) as shipping_fee_yuan,
        parse_yuan(raw_orders.shop_discount_yuan) as shop_discount_yuan,
        parse_yuan(raw_orders.platform_discount_yuan) as platform_discount_yuan,
        parse_yuan(raw_orders.buyer_paid_yuan) as buyer_paid_yuan,
        parse_yuan(raw_orders.merchant_received_yuan) as merchant_received_yuan,
        parse_china_time(raw_orders.ordered_at) as ordered_at,
        parse_china_time(raw_orders.paid_at) as paid_at,
        parse_china_time(raw_orders.promised_ship_by_at) as promised_ship_by_at,
        parse_china_time(raw_orders.promised_delivery_at) as promised_delivery_at,
        parse_china_time(raw_orders.shipped_at) as shipped_at,
        parse_china_time(raw_orders.receipt_confirmed_at) as receipt_confirmed_at,
        repair_excel_id(raw_orders.tracking_no) as tracking_no,
        couriers.courier_code,
        raw_orders.courier_name,
        raw_orders.merchant_note,
        raw_orders.buyer_message,
        raw_orders.province,
        raw_orders.city,
        raw_orders.district,
        raw_orders.street,
        coalesce(raw_orders.trial_flag in ('是', '1', 'true', 'TRUE'), false) as is_trial_order,
        case
            when raw_orders.order_id is null then '订单号 is empty'
            when not regexp_full_match(raw_orders.order_id, '\d{6}-\d{15}')
                then '订单号 "' || raw_orders.order_id || '" is not YYMMDD- and 15 digits'
            when raw_orders.order_status is null then '订单状态 is empty'
            when is_excel_damaged(raw_orders.tracking_no)
                then '快递单号 "' || raw_orders.tracking_no || '" lost digits in Excel (E-notation)'
            when is_excel_damaged(raw_orders.product_id)
                then '商品id "' || raw_orders.product_id || '" lost digits in Excel (E-notation)'
            when is_excel_damaged(raw_orders.style_id)
                then '样式ID "' || raw_orders.style_id || '" lost digits in Excel (E-notation)'
            when
                raw_orders.ordered_at is not null
                and parse_china_time(raw_orders.ordered_at) is null
                then '订单成交时间 "' || raw_orders.ordered_at || '" is not a date-time'
            when raw_orders.paid_at is not null and parse_china_time(raw_orders.paid_at) is null
                then '支付时间 "' || raw_orders.paid_at || '" is not a date-time'
            when
                raw_orders.promised_ship_by_at is not null
                and parse_china_time(raw_orders.promised_ship_by_at) is null
                then '承诺发货时间 "' || raw_orders.promised_ship_by_at || '" is not a date-time'
            when
                raw_orders.promised_delivery_at is not null
                and parse_china_time(raw_orders.promised_delivery_at) is null
                then '承诺送达时间 "' || raw_orders.promised_delivery_at || '" is not a date-time'
            when
                raw_orders.shipped_at is not null
                and parse_china_time(raw_orders.shipped_at) is null
                then '发货时间 "' || raw_orders.shipped_at || '" is not a date-time'
            when
                raw_orders.receipt_confirmed_at is not null
                and parse_china_time(raw_orders.receipt_confirmed_at) is null
                then '确认收货时间 "' || raw_orders.receipt_confirmed_at || '" is not a date-time'
            when
                raw_orders.goods_total_yuan is not null
                and parse_yuan(raw_orders.goods_total_yuan) is null
                then '商品总价(元) "' || raw_orders.goods_total_yuan || '" is not an amount'
            when
                raw_orders.buyer_paid_yuan is not null
                and parse_yuan(raw_orders.buyer_paid_yuan) is null
                then '用户实付金额(元) "' || raw_orders.buyer_paid_yuan || '" is not an amount'
            when
                raw_orders.quantity is not null and try_cast(raw_orders.quantity as integer) is null
                then '商品数量(件) "' || raw_orders.quantity || '" is not a whole number'
        end as quarantine_reason
    from raw_orders
    left join order_statuses
        on
            regexp_replace(raw_orders.order_status, '[,，\s]', '', 'g')
            = order_statuses.compact_status
    left join couriers
        on lower(regexp_replace(raw_orders.courier_name, '\s', '', 'g')) = couriers.alias
),

final as (
    select
        * exclude (ordered_at, promised_ship_by_at),
        -- The order id's prefix is the order date: the fallback when 订单成交时间 is empty.
        coalesce(ordered_at, try_strptime(left(order_id, 6), '%y%m%d')) as ordered_at,
        promised_ship_by_at is not null as has_promised_ship_by_at,
        -- The contract's default when the layout has no 承诺发货时间: order time + 48 h.
        coalesce(
            promised_ship_by_at,
            coalesce(ordered_at, try_strptime(left(order_id, 6), '%y%m%d')) + interval 48 hour
        ) as promised_ship_by_at,
        max(greatest(ordered_at, paid_at, shipped_at, receipt_confirmed_at))
            over (partition by file_sha256) as file_as_of
    from typed
)

select * from final
