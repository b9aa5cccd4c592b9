"""exit_status.py WANT CMD... - run CMD, succeed only if it exits with status WANT.

lit's `not` only knows "nonzero"; sysabi's contract is precise (2 = bad usage
or input, 1 = a check failed), so the tests check the exact status.
"""
import subprocess
import sys

want = int(sys.argv[1])
cmd = " ".join(sys.argv[2:])
got = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
if got != want:
    print(f"exit_status.py: '{cmd}' exited {got}, expected {want}", file=sys.stderr)
    sys.exit(1)
