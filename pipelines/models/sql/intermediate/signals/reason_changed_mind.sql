-- The buyer's stated reason is a change of mind and nothing more (不想要了, 拍错了, 家里已经有了).
-- It is the article's 评价问题 when asked for before the delivery (cancel_before_delivery); said at
-- the door or picked in the refund form afterwards, it is also the quickest thing to say whatever
-- the reason, so its registry weight is medium, below a stated complaint.
create or replace table intermediate.signal_reason_changed_mind as
with

parcels_met as (
    select * from intermediate.int_parcels_met
),

final as (
    select
        order_id,
        '拒收/售后原因只说不想要了或拍错了：「' || mask_personal(stated_reason) || '」' as evidence_zh
    from parcels_met
    where says(stated_reason, $changed_mind_text, $changed_mind_negated)
)

select * from final
