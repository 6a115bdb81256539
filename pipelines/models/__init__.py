"""Models: the SQL that turns landed rows into staging, intermediate and mart tables.

``sql/<layer>/<name>.sql`` creates ``<layer>.<name>``; ``seeds/`` holds reference tables;
``rules.toml`` the attribution's thresholds, patterns and weights (read by ``rules``); ``runner``
orders and builds the models for both engines.
"""
