"""``python -m sim run`` does what ``cocreatie run`` does."""

import sys

from sim.cli import main

sys.exit(main())
