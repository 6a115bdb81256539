-- Every tracking event of a refused order's parcel, with names and phone numbers in the courier's
-- text masked: the explore notebook's drill-down into one order. A view: the notebook reads one
-- order at a time, and a copy of every refused parcel's events would lengthen every build.
create or replace view marts.fct_refusal_events as
with

refusals as (
    select * from marts.fct_refusals
),

events as (
    select * from {{ as_of("staging.stg_tracking_events") }}
),

final as (
    select
        refusals.order_id,
        events.event_at,
        events.state_code,
        events.sub_state_code,
        mask_personal(events.description) as description
    from refusals
    inner join events
        on refusals.tracking_no = events.tracking_no
)

select * from final
