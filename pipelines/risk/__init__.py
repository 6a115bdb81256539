"""Refusal risk for parcels still on their way (issue #17): every parcel in transit at an as-of
time, scored 0-1 for refusal from what was known then, with the likely cause, the reasons in
words and the playbook's action.

Runs on DuckDB only, on a warehouse the models were built in: :mod:`.instances` reads the
staging and intermediate tables filtered to the as-of time (``sql/risk_instances.sql``),
:mod:`.model` learns the weights from the shop's own earlier parcels (a logistic fit in numpy) and
explains each score, :mod:`.score` ranks and writes the list, :mod:`.replay` measures it on
history.
"""
