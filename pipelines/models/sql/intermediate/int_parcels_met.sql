-- The parcels that reached the buyer, refused or accepted: what the signals are computed on
-- (signals/*.sql). Delivered parcels are included so that a fact just as common among them
-- (int_signal_weights) can be counted for less.
-- A view, read where each signal uses it: copying every parcel once spilled 9 GB at 5M orders.
create or replace view intermediate.int_parcels_met as
with

parcels as (
    select * from intermediate.int_parcels_classified
),

final as (
    select
        *,
        -- the moment the buyer met the parcel: reviews and scores before it could sway them
        coalesce(first_attempt_at, refused_at, signed_at) as met_at,
        -- every text in which the buyer or the courier says why: the refusal in tracking, the
        -- after-sales reasons, the buyer's message on the order. Read as written (masking would
        -- take 拒收 out of 收件人：拒收); the signals that quote it mask it.
        concat_ws('；', refusal_description, after_sales_reasons, buyer_message) as stated_reason
    from parcels
    where outcome in ('refused', 'delivered')
)

select * from final
