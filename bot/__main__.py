"""`python -m bot` does what the `harmonie` command does."""

import sys

from .cli import main

sys.exit(main())
