"""`python -m bench.load`: the load test (see the package docstring)."""

import sys

from . import main

sys.exit(main())
