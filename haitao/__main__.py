"""`python -m haitao` is the `haitao` command."""

from haitao.cli import main

main()
