"""Run the command line with ``python -m signposting``."""

from signposting.cli.main import main

raise SystemExit(main())
