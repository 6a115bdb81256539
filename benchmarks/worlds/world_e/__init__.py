"""World E: a women's apparel shop on Pinduoduo shipping winter clothes from Hangzhou.

An independent test-data generator for the `refusals` project: it writes a merchant's weekly
export drops and the ground truth (labels.csv) for every order they mention. See README.md.
"""
