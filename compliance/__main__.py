"""`python -m compliance`."""

from .cli import main

raise SystemExit(main())
