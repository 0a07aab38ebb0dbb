"""`python -m studio.cli` is the `studio` command."""

from studio.cli import main

main()
