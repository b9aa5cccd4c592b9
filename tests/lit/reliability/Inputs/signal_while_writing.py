"""signal_while_writing.py FIFO SIGNAL -- CMD... - run CMD, which writes an
output bigger than a pipe buffer into the named pipe FIFO; as soon as CMD
has opened the FIFO (our blocking open returns only then), send it SIGNAL,
and only then read the FIFO, so CMD is certainly inside that write when the
signal arrives (no sleeps).  Prints CMD's exit status."""
import os
import signal
import subprocess
import sys
import threading

fifo, signame = sys.argv[1], sys.argv[2]
cmd = sys.argv[sys.argv.index("--") + 1:]
proc = subprocess.Popen(cmd)


def unblock_if_gone():
    # If CMD ends without opening the FIFO, open its write end ourselves so
    # the reader's open below returns.
    proc.wait()
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


threading.Thread(target=unblock_if_gone, daemon=True).start()
fd = os.open(fifo, os.O_RDONLY)
if proc.poll() is None:
    proc.send_signal(getattr(signal, signame))
while os.read(fd, 65536):
    pass
os.close(fd)
print("exit", proc.wait())
