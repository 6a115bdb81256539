-- How well the inputs fit together: shipped orders with tracking, refusals with after-sales
-- records (null when no after-sales export was loaded).
create or replace table validation.join_coverage as
with

parcels as (
    select * from intermediate.int_parcels_classified
),

files as (
    select * from meta.loaded_files
),

final as (
    select
        (
            select string_agg(file_name, ', ' order by file_name) from files
            where kind = 'orders'
        ) as source_file,
        0 as source_row,
        count(*) filter (where shipped_at is not null) as shipped_orders,
        count(*) filter (where shipped_at is not null and event_count > 0)
        / nullif(count(*) filter (where shipped_at is not null), 0) as tracking_coverage,
        case
            when
                exists (
                    select 1 from files
                    where kind = 'after_sales'
                )
                then
                    count(*) filter (where outcome = 'refused' and has_after_sales)
                    / nullif(count(*) filter (where outcome = 'refused'), 0)
        end as after_sales_coverage
    from parcels
)

select * from final
