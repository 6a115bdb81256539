"""`python -m pipelines.sample`: the generator without the `refusals` command line."""

import sys

from pipelines.sample import main

if __name__ == "__main__":
    sys.exit(main())
