"""World D: an independent generator of Pinduoduo exports for a phone-accessories shop."""
