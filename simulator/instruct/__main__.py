"""``python -m simulator.instruct``: the instructor's hub (the same as ``deescalate instruct``)."""

import sys

from simulator.instruct.cli import main

sys.exit(main())
