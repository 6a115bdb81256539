"""Models: the SQL that turns landed rows into staging, intermediate and mart tables.

``sql/<layer>/<name>.sql`` creates ``<layer>.<name>`` (``sql/intermediate/signals/<signal>.sql``
creates ``intermediate.signal_<signal>``); ``seeds/`` holds reference tables, among them
``signals.csv``, the signal registry (read by ``signals``); ``rules.toml`` the attribution's
thresholds and patterns (read by ``rules``); ``runner`` orders and builds the models for both
engines.
"""
