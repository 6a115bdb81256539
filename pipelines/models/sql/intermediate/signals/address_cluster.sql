-- Several other orders of the shop went to the same address (省, 市, 区 and 街道/镇, all four
-- given) within days of this one: boosted orders come from a few buyer clusters (INPUTS.md). The
-- address is a region, not a household, so how common such a cluster is among delivered parcels,
-- and what it points at, are learned (int_signal_weights); the evidence does not name it.
-- Counted by a window frame over each address's orders in time, not by pairing orders.
create or replace table intermediate.signal_address_cluster as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

addressed_orders as (
    select
        order_id,
        province,
        city,
        district,
        street,
        epoch(ordered_at) as ordered_epoch
    from intermediate.int_orders_deduplicated
    where
        province is not null
        and city is not null
        and district is not null
        and street is not null
        and ordered_at is not null
),

counted as (
    select
        order_id,
        count(*) over (
            partition by province, city, district, street
            order by ordered_epoch
            range between $address_window_days * 86400 preceding and $address_window_days * 86400 following  -- noqa: PRS
        ) - 1 as other_orders
    from addressed_orders
),

final as (
    select
        parcels_met.order_id,
        '同一收货地址（省、市、区、街道均相同）前后 ' || $address_window_days || ' 天内另有 '
        || counted.other_orders || ' 单' as evidence_zh
    from parcels_met
    inner join counted
        on parcels_met.order_id = counted.order_id
    where counted.other_orders >= $min_address_orders
)

select * from final
