-- One row per tracking number: when each thing first happened to the parcel, and the time of
-- every event, for the risk step (pipelines/risk/sql/risk_instances.sql). Every column is a first
-- time, the courier the first event naming one named, or the events' times, so the step reads
-- what was known at any earlier moment by comparing with it: the step reads these rows instead
-- of aggregating the window's events again every run.
-- Kept by key (models/runner.py): a week's build summarises again the parcels with an event
-- that came or went with the week, not every parcel of the window.
{% call keyed_by("tracking_no") %}
{{ rows_changed("intermediate.int_tracking_events_coded", "tracking_no") }}
{% endcall %}
create or replace table intermediate.int_parcel_timelines as
with

events as (
    select
        tracking_no,
        courier_code,
        event_at,
        is_pickup,
        is_delivery_attempt,
        is_refusal_code,
        is_refusal_text,
        is_signed,
        is_returning,
        is_return_signed,
        undelivered_reason,
        is_stuck,
        is_delayed,
        is_damaged
    from intermediate.int_tracking_events_classified
    where {{ rebuilt_keys_only("tracking_no") }}
),

attempt_days as (
    select
        tracking_no,
        cast(event_at as date) as attempt_day,
        min(event_at) as attempt_at
    from events
    where is_delivery_attempt
    group by tracking_no, cast(event_at as date)
),

second_attempt_days as (
    select
        tracking_no,
        attempt_at as second_attempt_day_at
    from attempt_days
    qualify row_number() over (partition by tracking_no order by attempt_day) = 2
),

moments as (
    select
        tracking_no,
        -- the courier the first event that names one names (of two at the same second, the
        -- first by code: the same on every run)
        arg_min(courier_code, { 'at': event_at, 'courier': courier_code }) filter (
            where courier_code is not null
        ) as first_courier_code,
        min(event_at) filter (where courier_code is not null) as courier_known_at,
        min(event_at) as first_event_at,
        min(event_at) filter (where is_pickup) as picked_up_at,
        min(event_at) filter (where is_delivery_attempt) as first_attempt_at,
        min(event_at) filter (where is_refusal_code or is_refusal_text) as refused_event_at,
        min(event_at) filter (where is_signed) as signed_at,
        min(event_at) filter (
            where is_returning or is_return_signed or undelivered_reason is not null
        ) as returned_at,
        min(event_at) filter (where is_stuck) as stuck_at,
        min(event_at) filter (where is_delayed) as delayed_at,
        min(event_at) filter (where is_damaged) as damaged_at,
        -- how long the parcel has been quiet at a moment: since its latest event at or before it
        list_sort(list(event_at)) as event_times
    from events
    group by tracking_no
),

final as (
    select
        moments.*,
        second_attempt_days.second_attempt_day_at
    from moments
    left join second_attempt_days
        on moments.tracking_no = second_attempt_days.tracking_no
)

select * from final
