"""The simulation, one module per stage: demand, fulfilment, delivery, after-sales, reviews."""
