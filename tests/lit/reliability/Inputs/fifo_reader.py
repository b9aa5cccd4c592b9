"""fifo_reader.py FIFO OUT -- CMD... - run CMD while a thread copies what
arrives on the named pipe FIFO into OUT; exit with CMD's status.

The reader opens the FIFO itself, so a CMD that writes into it has a reader
(no sleep: open() of a FIFO waits for the other end)."""
import subprocess
import sys
import threading

fifo, out = sys.argv[1], sys.argv[2]
cmd = sys.argv[sys.argv.index("--") + 1:]


def copy():
    with open(fifo, "rb") as src, open(out, "wb") as dst:
        dst.write(src.read())


reader = threading.Thread(target=copy, daemon=True)
reader.start()
status = subprocess.run(cmd).returncode
if status == 0:
    reader.join(30)
sys.exit(status)
