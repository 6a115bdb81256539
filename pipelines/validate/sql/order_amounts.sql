-- Per staged order line: what the buyer paid against goods plus postage. Paying more than both
-- together means the money columns were shifted or mis-typed.
create or replace table validation.order_amounts as
with

orders as (
    -- the files this run was given (an earlier run checked the others)
    select * from staging.stg_orders
    where file_sha256 in (select run_files.file_sha256 from validation.run_files)
),

final as (
    select
        source_file,
        source_row,
        buyer_paid_yuan,
        goods_total_yuan + coalesce(shipping_fee_yuan, 0) as goods_and_postage_yuan
    from orders
    where buyer_paid_yuan is not null and goods_total_yuan is not null
)

select * from final
