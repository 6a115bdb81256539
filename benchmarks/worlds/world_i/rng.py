"""Named random streams: each stream is seeded from strings through SHA-256, never hash()."""

import hashlib
import random


def stream(seed: int, *names: str) -> random.Random:
    """Return a random generator that depends only on the seed and the stream's names."""
    key = "/".join([str(seed), *names]).encode("utf-8")
    digest = hashlib.sha256(key).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def digits(rand: random.Random, count: int) -> str:
    """Return `count` random decimal digits, the first one non-zero."""
    first = str(rand.randint(1, 9))
    return first + "".join(str(rand.randint(0, 9)) for _ in range(count - 1))
