"""`python -m bot` does what the `harmonie` command does."""

import sys

from bot.cli import main

sys.exit(main())
