-- Every order with what became of its parcel. A refusal needs refusal evidence (tracking code,
-- refusal wording, or the platform's refusal-refund status) and no signature after it; a parcel
-- sent back for another reason (address, unreachable, intercepted, uncollected) is returned
-- undelivered, not refused.
-- A tracking number on several orders is one parcel (INPUTS.md). Orders shipped together with
-- the order it was first shipped for (PDD's 合并发货) share its fate; the number entered again
-- on a later order was reused (fake shipping): the parcel is not that order's, and nothing of it
-- was shipped.
-- Kept by key (models/runner.py): a week's build classifies again the orders whose order,
-- parcel or after-sales changed, with every order sharing a tracking number with one of them.
{% call keyed_by("order_id") %}
with

order_numbers as (
    -- each order's tracking number as last classified and as deduplicated now; mostly the same
    -- pair twice, which every reader below semi-joins or makes distinct anyway (made distinct
    -- here, 7.6M pairs at 200,000 orders a week were 1.5 s of CPU)
    select
        order_id,
        tracking_no
    from intermediate.int_parcels_classified
    union all
    select
        order_id,
        tracking_no
    from intermediate.int_orders_deduplicated
),

touched as (
    select order_id from {{ changed_keys("intermediate.int_orders_deduplicated") }}
    union
    select order_numbers.order_id
    from order_numbers
    semi join {{ changed_keys("intermediate.int_shipments_summarized") }} as shipments
        on order_numbers.tracking_no = shipments.tracking_no
    union
    -- after-sales is rebuilt whole: the orders whose summary differs from what their parcel
    -- was classified with
    select coalesce(after_sales.order_id, parcels.order_id)
    from intermediate.int_after_sales_summarized as after_sales
    full outer join (
        select * from intermediate.int_parcels_classified where has_after_sales
    ) as parcels
        on after_sales.order_id = parcels.order_id
    where
        after_sales.order_id is null
        or parcels.order_id is null
        or row(
            after_sales.first_applied_at,
            after_sales.reasons,
            after_sales.request_types,
            after_sales.latest_status,
            after_sales.has_refusal_refund_status,
            after_sales.refusal_refund_applied_at,
            after_sales.refund_yuan
        ) is distinct from row(
            parcels.first_applied_at,
            parcels.after_sales_reasons,
            parcels.after_sales_types,
            parcels.after_sales_latest_status,
            parcels.has_refusal_refund_status,
            parcels.refusal_refund_applied_at,
            parcels.refund_yuan
        )
),

touched_tracking_nos as (
    select order_numbers.tracking_no
    from order_numbers
    semi join touched on order_numbers.order_id = touched.order_id
)

select order_id from touched
union
select order_numbers.order_id
from order_numbers
semi join touched_tracking_nos on order_numbers.tracking_no = touched_tracking_nos.tracking_no
{% endcall %}
create or replace table intermediate.int_parcels_classified as
with

orders as (
    select * from intermediate.int_orders_deduplicated
    where {{ rebuilt_keys_only("order_id") }}
),

shipments as (
    select * from intermediate.int_shipments_summarized
),

after_sales as (
    select * from intermediate.int_after_sales_summarized
),

shared_tracking_nos as (
    select tracking_no
    from orders
    where tracking_no is not null
    group by tracking_no
    having count(*) > 1
),

sharing_orders as (
    select
        orders.order_id,
        orders.tracking_no,
        orders.ordered_at,
        orders.shipped_at,
        -- 发货时间 counts as the same to the minute
        date_trunc('minute', orders.shipped_at) as shipped_minute,
        orders.province,
        orders.city,
        orders.district,
        orders.street
    from orders
    semi join shared_tracking_nos
        on orders.tracking_no = shared_tracking_nos.tracking_no
),

first_shipped as (
    -- the order each shared number was first shipped for: the earliest 发货时间, then the
    -- earliest order, then the order id
    select *
    from sharing_orders
    qualify row_number() over (
        partition by tracking_no
        order by shipped_at asc nulls last, ordered_at asc nulls last, order_id asc
    ) = 1
),

shipped_together as (
    -- Shipped with the first order: the same minute, and no destination field that both orders
    -- know differs. A field missing on either side (the 2024 layout has no 省/市/区/街道 at all)
    -- tells nothing, so there the time alone decides: PDD stamps a 合并发货's orders with one
    -- 发货时间, while a number entered again is entered at another time.
    select
        sharing_orders.order_id,
        sharing_orders.tracking_no,
        first_shipped.order_id as first_order_id,
        first_shipped.shipped_at as first_shipped_at,
        coalesce(
            sharing_orders.shipped_minute = first_shipped.shipped_minute,
            sharing_orders.shipped_minute is null and first_shipped.shipped_minute is null
        )
        and coalesce(sharing_orders.province = first_shipped.province, true)
        and coalesce(sharing_orders.city = first_shipped.city, true)
        and coalesce(sharing_orders.district = first_shipped.district, true)
        and coalesce(sharing_orders.street = first_shipped.street, true)
            as is_in_first_shipment
    from sharing_orders
    inner join first_shipped
        on sharing_orders.tracking_no = first_shipped.tracking_no
),

tracking_no_sharing as (
    select
        tracking_no,
        count(*) as order_count,
        case when bool_and(is_in_first_shipment) then 'combined' else 'reused' end as sharing
    from shipped_together
    group by tracking_no
),

sharing as (
    select
        shipped_together.order_id,
        tracking_no_sharing.order_count as tracking_no_orders,
        tracking_no_sharing.sharing as tracking_no_sharing,
        shipped_together.first_order_id as tracking_no_first_order_id,
        shipped_together.first_shipped_at as tracking_no_first_shipped_at,
        not shipped_together.is_in_first_shipment as is_later_on_reused_tracking_no
    from shipped_together
    inner join tracking_no_sharing
        on shipped_together.tracking_no = tracking_no_sharing.tracking_no
),

orders_sharing as (
    select
        orders.*,
        case when orders.tracking_no is not null then coalesce(sharing.tracking_no_orders, 1) end
            as tracking_no_orders,
        sharing.tracking_no_sharing,
        case
            when orders.tracking_no is not null
                then coalesce(sharing.tracking_no_first_order_id, orders.order_id)
        end as tracking_no_first_order_id,
        case
            when orders.tracking_no is not null
                then coalesce(sharing.tracking_no_first_shipped_at, orders.shipped_at)
        end as tracking_no_first_shipped_at,
        coalesce(sharing.is_later_on_reused_tracking_no, false) as is_later_on_reused_tracking_no
    from orders
    left join sharing
        on orders.order_id = sharing.order_id
),

joined as (
    select
        orders_sharing.*,
        shipments.tracking_no is not null as has_tracking,
        coalesce(shipments.courier_code, orders_sharing.courier_code) as parcel_courier_code,
        shipments.event_count,
        shipments.picked_up_at,
        shipments.first_attempt_at,
        shipments.attempt_days,
        shipments.refused_at as tracking_refused_at,
        shipments.has_refusal_code,
        shipments.has_refusal_text,
        shipments.refusal_description,
        shipments.signed_at,
        shipments.returning_at,
        shipments.return_signed_at,
        shipments.stuck_events,
        shipments.damaged_events,
        shipments.delayed_events,
        shipments.delayed_code_events,
        shipments.damage_description,
        shipments.stuck_description,
        shipments.undelivered_reason,
        shipments.first_event_at,
        shipments.last_event_at,
        after_sales.order_id is not null as has_after_sales,
        after_sales.first_applied_at,
        after_sales.reasons as after_sales_reasons,
        after_sales.request_types as after_sales_types,
        after_sales.latest_status as after_sales_latest_status,
        coalesce(after_sales.has_refusal_refund_status, false) as has_refusal_refund_status,
        after_sales.refusal_refund_applied_at,
        after_sales.refund_yuan
    from orders_sharing
    -- a reused number's journey is the parcel of the order it was first shipped for
    left join shipments
        on
            orders_sharing.tracking_no = shipments.tracking_no
            and not orders_sharing.is_later_on_reused_tracking_no
    left join after_sales
        on orders_sharing.order_id = after_sales.order_id
),

with_refusal as (
    -- a parcel signed for after the "refusal" (and not on its way back) was accepted
    select
        *,
        not is_later_on_reused_tracking_no
        and (
            (
                tracking_refused_at is not null
                and not coalesce(signed_at > tracking_refused_at and returning_at is null, false)
            )
            or (
                has_refusal_refund_status
                and not coalesce(
                    signed_at > refusal_refund_applied_at and returning_at is null, false
                )
            )
        ) as is_refused
    from joined
),

final as (
    select
        *,
        case
            when is_refused then 'refused'
            -- the number carried another order's parcel: this order's goods were not shipped
            when is_later_on_reused_tracking_no then 'not_shipped'
            when returning_at is not null or (undelivered_reason is not null and signed_at is null)
                then 'returned_undelivered'
            when signed_at is not null or order_status = '已签收' then 'delivered'
            when shipped_at is not null or has_tracking then 'in_transit'
            when order_status in ('已取消', '未发货，退款成功') then 'cancelled'
            else 'not_shipped'
        end as outcome,
        case
            when is_refused then coalesce(tracking_refused_at, first_applied_at, last_event_at)
        end as refused_at,
        case
            when has_refusal_code then 'tracking_code'
            when has_refusal_text then 'tracking_text'
            when has_refusal_refund_status then 'after_sales_status'
        end as refusal_evidence_source
    from with_refusal
)

select * from final
