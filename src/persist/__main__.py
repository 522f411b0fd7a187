"""``python -m persist``: the command line, as the ``persist`` script runs it."""

from persist.cli import main

raise SystemExit(main())
