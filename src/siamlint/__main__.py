import os
import sys

# `python -m siamlint` puts the working folder first on sys.path: a linted project's own
# rich.py or tomllib.py would be imported (and run) in place of siamlint's dependency.
if sys.path and not sys.flags.safe_path and os.path.abspath(sys.path[0] or ".") == os.getcwd():
    del sys.path[0]

from siamlint.cli import main  # noqa: E402

main()
