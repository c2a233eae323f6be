"""`python -m cli` is the `haitao` command (what tests and benchmarks run in a child process)."""

from cli import main

main()
