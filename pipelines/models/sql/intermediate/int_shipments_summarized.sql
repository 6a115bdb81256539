-- One row per tracking number: the parcel's journey, from its events. Aggregates only, no window
-- functions: this is the widest table of the pipeline (~8 events per parcel).
-- A refusal's code or words first seen when the sender signs for a parcel sent back for another
-- reason (no one to take it, no such address, a locker not emptied, the merchant's
-- interception: INPUTS.md's "returned undelivered") close the return; they are not the buyer's
-- refusal, which comes at the door, before the return (5 派件 → 203 拒收 → 6 退回 → 4/14).
-- Kept by key (models/runner.py): a week's build summarises again the parcels with an event
-- that came or went with the week, not every parcel of the window.
{% call keyed_by("tracking_no") %}
{{ rows_changed("intermediate.int_tracking_events_coded", "tracking_no") }}
{% endcall %}
create or replace table intermediate.int_shipments_summarized as
with

events as (
    select * from intermediate.int_tracking_events_classified
    where {{ rebuilt_keys_only("tracking_no") }}
),

summarized as (
    select
        tracking_no,
        -- one courier per parcel; where two exports disagree, max() at least answers the same
        -- way on every run
        max(courier_code) as courier_code,
        count(*) as event_count,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at,
        min(event_at) filter (where is_pickup) as picked_up_at,
        min(event_at) filter (where is_delivery_attempt) as first_attempt_at,
        -- days with a delivery attempt, counted without a distinct aggregate (which DuckDB runs as
        -- a second pass over every event)
        coalesce(
            array_length(
                list_distinct(list(cast(event_at as date)) filter (where is_delivery_attempt))
            ),
            0
        ) as attempt_days,
        min(event_at) filter (where is_refusal_code or is_refusal_text) as refused_at,
        bool_or(is_refusal_code) as has_refusal_code,
        bool_or(is_refusal_text) as has_refusal_text,
        arg_min(evidence_text, { 'at': event_at, 'text': coalesce(evidence_text, '') }) filter (
            where is_refusal_code or is_refusal_text
        )
            as refusal_description,
        max(event_at) filter (where is_signed) as signed_at,
        min(event_at) filter (where is_returning or is_return_signed) as returning_at,
        min(event_at) filter (where is_return_signed) as return_signed_at,
        count(*) filter (where is_stuck) as stuck_events,
        count(*) filter (where is_damaged) as damaged_events,
        count(*) filter (where is_delayed) as delayed_events,
        count(*) filter (where code_event_type = 'delayed') as delayed_code_events,
        arg_min(evidence_text, { 'at': event_at, 'text': coalesce(evidence_text, '') }) filter (
            where is_damaged
        ) as damage_description,
        arg_min(evidence_text, { 'at': event_at, 'text': coalesce(evidence_text, '') }) filter (
            where is_stuck
        ) as stuck_description,
        arg_min(undelivered_reason, { 'at': event_at, 'reason': undelivered_reason }) filter (
            where undelivered_reason is not null
        )
            as undelivered_reason,
        min(event_at) filter (where undelivered_reason is not null) as undelivered_at
    from events
    group by tracking_no
),

returns_checked as (
    select
        *,
        -- returned for another reason, and no sign of a refusal before the return was signed for
        coalesce(undelivered_at < refused_at and return_signed_at <= refused_at, false)
            as refused_only_on_return
    from summarized
),

final as (
    select
        * exclude (
            undelivered_at, refused_at, has_refusal_code, has_refusal_text, refusal_description
        ),
        case when not refused_only_on_return then refused_at end as refused_at,
        has_refusal_code and not refused_only_on_return as has_refusal_code,
        has_refusal_text and not refused_only_on_return as has_refusal_text,
        case when not refused_only_on_return then refusal_description end as refusal_description
    from returns_checked
)

select * from final
