"""File writers: CSV in the encodings merchants' tools produce, and a minimal .xlsx."""
