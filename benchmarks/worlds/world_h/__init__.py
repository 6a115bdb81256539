"""world_h: a 杭州 women's winter-wear shop on Pinduoduo, December 2025 – March 2026.

A dev world written from the contract (INPUTS.md), the source article and public wording only;
see README.md beside this file for its mechanisms, rates and what it does not imitate.
"""
