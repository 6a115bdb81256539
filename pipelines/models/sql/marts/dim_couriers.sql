-- One row per courier code with the name the report shows it by (the seed lists every alias a
-- courier appears under in the exports; the aliases of one code share one name).
create or replace table marts.dim_couriers as
with

couriers as (
    select * from seeds.couriers
),

final as (
    select
        courier_code,
        min(courier_name) as courier_name
    from couriers
    group by courier_code
)

select * from final
order by courier_code
