"""`python -m kechuang ...` is the `kechuang` command."""

import sys

from kechuang.cli import main

sys.exit(main())
