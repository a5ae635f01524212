"""A stand-in for `signaldesk run` that the Run-now tests start as a real child process.

It echoes its arguments, writes a few log lines over a short time, and fails (exit 3) for the date
1999-12-31 so the failed state can be followed too.
"""

import sys
import time

args = sys.argv[1:]
print("fake run starting:", " ".join(args), flush=True)
time.sleep(0.3)
if "1999-12-31" in args:
    print("no source answered for 1999-12-31", file=sys.stderr, flush=True)
    sys.exit(3)
print("stored 3 documents, 2 stories", flush=True)
