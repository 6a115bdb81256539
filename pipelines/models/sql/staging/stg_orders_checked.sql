-- Every raw order line, typed, with the reason it cannot be used (null when it can).
-- Timestamps are naive China time.
-- Typed once per file: a build appends the rows of the files not typed yet (models/runner.py).
create or replace table staging.stg_orders_checked as
with

raw_orders as (
    select * from raw.orders
    where {{ new_files_only("staging.stg_orders_checked") }}
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
        parse_china_time(raw_orders.ordered_at) as ordered_at_parsed,
        parse_china_time(raw_orders.paid_at) as paid_at,
        parse_china_time(raw_orders.promised_ship_by_at) as promised_ship_by_at_parsed,
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
        -- the text as exported, for the quarantine reasons below
        raw_orders.order_status as order_status_text,
        raw_orders.tracking_no as tracking_no_text,
        raw_orders.product_id as product_id_text,
        raw_orders.style_id as style_id_text,
        raw_orders.ordered_at as ordered_at_text,
        raw_orders.paid_at as paid_at_text,
        raw_orders.promised_ship_by_at as promised_ship_by_at_text,
        raw_orders.promised_delivery_at as promised_delivery_at_text,
        raw_orders.shipped_at as shipped_at_text,
        raw_orders.receipt_confirmed_at as receipt_confirmed_at_text,
        raw_orders.goods_total_yuan as goods_total_yuan_text,
        raw_orders.buyer_paid_yuan as buyer_paid_yuan_text,
        raw_orders.quantity as quantity_text
    from raw_orders
    left join order_statuses
        on
            compact_status(raw_orders.order_status) = order_statuses.compact_status
    left join couriers
        on lower(replace(raw_orders.courier_name, ' ', '')) = couriers.alias
),

checked as (
    select
        *,
        case
            when order_id is null then '订单号 is empty'
            when not regexp_full_match(order_id, '\d{6}-\d{15}')
                then '订单号 "' || order_id || '" is not YYMMDD- and 15 digits'
            when order_status_text is null then '订单状态 is empty'
            when is_excel_damaged(tracking_no_text)
                then '快递单号 "' || tracking_no_text || '" lost digits in Excel (E-notation)'
            when is_excel_damaged(product_id_text)
                then '商品id "' || product_id_text || '" lost digits in Excel (E-notation)'
            when is_excel_damaged(style_id_text)
                then '样式ID "' || style_id_text || '" lost digits in Excel (E-notation)'
            when ordered_at_text is not null and ordered_at_parsed is null
                then '订单成交时间 "' || ordered_at_text || '" is not a date-time'
            when paid_at_text is not null and paid_at is null
                then '支付时间 "' || paid_at_text || '" is not a date-time'
            when promised_ship_by_at_text is not null and promised_ship_by_at_parsed is null
                then '承诺发货时间 "' || promised_ship_by_at_text || '" is not a date-time'
            when promised_delivery_at_text is not null and promised_delivery_at is null
                then '承诺送达时间 "' || promised_delivery_at_text || '" is not a date-time'
            when shipped_at_text is not null and shipped_at is null
                then '发货时间 "' || shipped_at_text || '" is not a date-time'
            when receipt_confirmed_at_text is not null and receipt_confirmed_at is null
                then '确认收货时间 "' || receipt_confirmed_at_text || '" is not a date-time'
            when goods_total_yuan_text is not null and goods_total_yuan is null
                then '商品总价(元) "' || goods_total_yuan_text || '" is not an amount'
            when buyer_paid_yuan_text is not null and buyer_paid_yuan is null
                then '用户实付金额(元) "' || buyer_paid_yuan_text || '" is not an amount'
            when quantity_text is not null and quantity is null
                then '商品数量(件) "' || quantity_text || '" is not a whole number'
        end as quarantine_reason,
        -- The order id's prefix is the order date: the fallback when 订单成交时间 is empty.
        coalesce(ordered_at_parsed, try_strptime(left(order_id, 6), '%y%m%d')) as ordered_at
    from typed
),

files as (
    -- from the raw rows, not from `typed`: a CTE read twice is materialised
    select
        file_sha256,
        max(greatest(
            parse_china_time(ordered_at), parse_china_time(paid_at),
            parse_china_time(shipped_at), parse_china_time(receipt_confirmed_at)
        )) as file_as_of
    from raw.orders
    where {{ new_files_only("staging.stg_orders_checked") }}
    group by file_sha256
),

final as (
    select
        checked.* exclude (
            ordered_at_parsed, promised_ship_by_at_parsed, order_status_text,
            tracking_no_text, product_id_text, style_id_text, ordered_at_text, paid_at_text,
            promised_ship_by_at_text, promised_delivery_at_text, shipped_at_text,
            receipt_confirmed_at_text, goods_total_yuan_text, buyer_paid_yuan_text, quantity_text
        ),
        checked.promised_ship_by_at_parsed is not null as has_promised_ship_by_at,
        -- The contract's default when the layout has no 承诺发货时间: order time + 48 h.
        coalesce(checked.promised_ship_by_at_parsed, checked.ordered_at + interval 48 hour)
            as promised_ship_by_at,
        files.file_as_of
    from checked
    inner join files
        on checked.file_sha256 = files.file_sha256
)

select * from final
