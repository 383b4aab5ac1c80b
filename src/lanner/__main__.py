"""`python -m lanner`: the `lanner` command."""

from lanner._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
