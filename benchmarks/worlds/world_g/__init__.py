"""world_g: a 顺德 (佛山) small-appliance and bulky-goods shop, July–November 2026.

Air fryers, kettles, rice cookers and fans go by ordinary couriers; a folding bed, a shoe cabinet
and a new standing desk go by heavy-goods couriers that book a delivery slot. A typhoon, a
Golden Week backlog, a leaking kettle batch, a review storm on the fan, a customer-service
meltdown, boosted desk orders, fake shipping and a reused tracking number all push buyers to
refuse at the door. See README.md.
"""
