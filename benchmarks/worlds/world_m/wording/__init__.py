"""Chinese wording written for this world: refusal reasons, tracking texts, reviews, notes."""
