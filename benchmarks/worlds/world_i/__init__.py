"""A dev world: a frozen-seafood and chilled-food Pinduoduo shop that writes weekly exports."""
