import sys

from clekit.cli import main

sys.exit(main())
