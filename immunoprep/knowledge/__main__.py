"""`python -m immunoprep.knowledge validate`: check the files and print coverage."""

import sys

from immunoprep.knowledge.coverage import main

sys.exit(main(sys.argv[1:]))
