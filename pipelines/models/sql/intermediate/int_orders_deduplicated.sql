-- One row per order in its latest known state. Weekly exports overlap: each order line keeps its
-- version from the newest export (then the most advanced status), and an order's lines are summed.
-- Most orders have one line (93% of the 1M-order benchmark's): they need no summing, and the
-- aggregate is what costs (5.3 s of a 1M-order build, 2.5 s with one-line orders taken apart,
-- issue #15). `one_line_orders` gives each column what the aggregate gives one line;
-- tests/test_load.py checks the two against each other.
-- Kept by key (models/runner.py): a week's build rebuilds the orders with a row that came or
-- went with the week (its exports, the window's ends), not every order of the window.
{% from "_text.jinja" import sorted_distinct %}
{#- a value of an order line's newest version that has it: by its export's time, then file and
    line (ties broken alike on both engines) -#}
{% macro newest(value, present) -%}
arg_max(
            {{ value }},
            { 'at': file_as_of, 'sha256': file_sha256, 'row': source_row }
        ) filter (where {{ present }})
{%- endmacro %}
{% call keyed_by("order_id") %}
{{ rows_changed("staging.stg_orders", "order_id") }}
{% endcall %}
create or replace table intermediate.int_orders_deduplicated as
with

order_lines as not materialized (
    select
        *,
        -- what tells an order's lines apart
        coalesce(style_id, product_id, sku_spec, product_title, '') as line_key
    from {{ as_of("staging.stg_orders") }}
    where {{ rebuilt_keys_only("order_id") }}
),

latest_versions as (
    -- the window sorts only what it needs; the lines themselves are fetched after
    select
        file_sha256,
        source_row
    from order_lines
    qualify row_number() over (
        partition by order_id, line_key
        order by file_as_of desc, status_rank desc nulls last, source_file desc, source_row desc
    ) = 1
),

placed_with as (
    -- what each order line was placed with, from the newest export that carried it: the 2024+
    -- short layout has no address, buyer's message, payment or promised times (INPUTS.md), so
    -- an export in it says nothing of them, and the line keeps what an earlier export in the
    -- full layout said. None of them changes once the order ships; a 0-yuan trial stays one.
    -- Each from the newest version that has it (the macro newest, above).
    select
        order_id,
        line_key,
        {{ newest("paid_at", "paid_at is not null") }} as paid_at,
        {{ newest("promised_ship_by_at", "has_promised_ship_by_at") }} as promised_ship_by_at,
        {{ newest("promised_delivery_at", "promised_delivery_at is not null") }}
            as promised_delivery_at,
        {{ newest("buyer_message", "buyer_message is not null") }} as buyer_message,
        {{ newest(
            "{ 'province': province, 'city': city, 'district': district, 'street': street }",
            "coalesce(province, city, district, street) is not null"
        ) }} as address,
        bool_or(is_trial_order) as is_trial_order
    from order_lines
    group by order_id, line_key
),

latest_lines as (
    select
        order_lines.* exclude (
            paid_at,
            promised_ship_by_at,
            has_promised_ship_by_at,
            promised_delivery_at,
            buyer_message,
            province,
            city,
            district,
            street,
            is_trial_order
        ),
        placed_with.paid_at,
        -- the export's own default (48 hours after the order) when none carried the time
        coalesce(placed_with.promised_ship_by_at, order_lines.promised_ship_by_at)
            as promised_ship_by_at,
        placed_with.promised_ship_by_at is not null as has_promised_ship_by_at,
        placed_with.promised_delivery_at,
        placed_with.buyer_message,
        placed_with.address.province,
        placed_with.address.city,
        placed_with.address.district,
        placed_with.address.street,
        placed_with.is_trial_order
    from order_lines
    inner join latest_versions
        on
            order_lines.file_sha256 = latest_versions.file_sha256
            and order_lines.source_row = latest_versions.source_row
    inner join placed_with
        on
            order_lines.order_id = placed_with.order_id
            and order_lines.line_key = placed_with.line_key
),

orders_of_several_lines as (
    select order_id
    from latest_lines
    group by order_id
    having count(*) > 1
),

several_line_orders as (
    select
        order_id,
        arg_max(
            { 'order_status': order_status, 'after_sales_status': after_sales_status },
            { 'as_of': file_as_of, 'line': line_key }
        ) filter (where file_as_of is not null) as latest_state,
        min(ordered_at) as ordered_at,
        min(paid_at) as paid_at,
        min(promised_ship_by_at) as promised_ship_by_at,
        bool_or(has_promised_ship_by_at) as has_promised_ship_by_at,
        min(promised_delivery_at) as promised_delivery_at,
        min(shipped_at) as shipped_at,
        max(receipt_confirmed_at) as receipt_confirmed_at,
        -- The order's main line (the dearest; of equally dear lines, the first by line key)
        -- stands for it in product-level evidence.
        arg_max(
            {
                'product_id': product_id,
                'product_title': product_title,
                'style_id': style_id,
                'sku_spec': sku_spec
            },
            { 'total': goods_total_yuan, 'line': line_key }
        ) filter (where goods_total_yuan is not null) as main_line,
        count(*) as line_count,
        sum(quantity) as quantity,
        sum(goods_total_yuan) as goods_total_yuan,
        max(shipping_fee_yuan) as shipping_fee_yuan,
        sum(buyer_paid_yuan) as buyer_paid_yuan,
        sum(merchant_received_yuan) as merchant_received_yuan,
        max(tracking_no) as tracking_no,
        max(courier_code) as courier_code,
        max(courier_name) as courier_name,
        {{ sorted_distinct('merchant_note', ' / ') }} as merchant_note,
        {{ sorted_distinct('buyer_message', ' / ') }} as buyer_message,
        max(province) as province,
        max(city) as city,
        max(district) as district,
        max(street) as street,
        bool_or(is_trial_order) as is_trial_order,
        max(file_as_of) as known_as_of
    from latest_lines
    where order_id in (select orders_of_several_lines.order_id from orders_of_several_lines)
    group by order_id
),

one_line_orders as (
    -- each aggregate above, of one line
    select
        order_id,
        case
            when file_as_of is not null
                then { 'order_status': order_status, 'after_sales_status': after_sales_status }
        end as latest_state,
        ordered_at,
        paid_at,
        promised_ship_by_at,
        has_promised_ship_by_at,
        promised_delivery_at,
        shipped_at,
        receipt_confirmed_at,
        case
            when goods_total_yuan is not null
                then {
                    'product_id': product_id,
                    'product_title': product_title,
                    'style_id': style_id,
                    'sku_spec': sku_spec
                }
        end as main_line,
        1 as line_count,
        quantity,
        goods_total_yuan,
        shipping_fee_yuan,
        buyer_paid_yuan,
        merchant_received_yuan,
        tracking_no,
        courier_code,
        courier_name,
        nullif(merchant_note, '') as merchant_note,
        nullif(buyer_message, '') as buyer_message,
        province,
        city,
        district,
        street,
        is_trial_order,
        file_as_of as known_as_of
    from latest_lines
    where order_id not in (select orders_of_several_lines.order_id from orders_of_several_lines)
),

final as (
    select * from several_line_orders
    union all
    select * from one_line_orders
)

select
    final.order_id,
    final.latest_state.order_status,
    final.latest_state.after_sales_status,
    final.ordered_at,
    final.paid_at,
    final.promised_ship_by_at,
    final.has_promised_ship_by_at,
    final.promised_delivery_at,
    final.shipped_at,
    final.receipt_confirmed_at,
    final.main_line.product_id,
    final.main_line.product_title,
    final.main_line.style_id,
    final.main_line.sku_spec,
    -- the main line's SKU as the goods' signals compare it: its 样式ID, else its 商品规格
    coalesce(final.main_line.style_id, final.main_line.sku_spec) as sku_key,
    final.line_count,
    final.quantity,
    final.goods_total_yuan,
    final.shipping_fee_yuan,
    final.buyer_paid_yuan,
    final.merchant_received_yuan,
    final.tracking_no,
    final.courier_code,
    final.courier_name,
    final.merchant_note,
    final.buyer_message,
    final.province,
    final.city,
    final.district,
    final.street,
    final.is_trial_order,
    final.known_as_of
from final
