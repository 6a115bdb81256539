"""refusals: why buyers refuse Pinduoduo parcels at the door (拒收), and what to do about it."""

__version__ = "0.1.0"
