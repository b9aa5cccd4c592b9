"""Run a command and show that it leaves nothing behind.

    leftovers.py [--signal SIG (--when-descendants N | --at POINT)] -- COMMAND [ARG...]

The command runs with TMPDIR set to a fresh, empty directory, and this
script makes itself a child subreaper (PR_SET_CHILD_SUBREAPER), so any
process the command starts and abandons is re-parented here instead of to
init, where it could not be seen.  After the command exits:

  * every process still descending from this script is named, then killed;
  * every file or FIFO left in TMPDIR is named;

and the script exits 1 if there was any, else with the command's own exit
status (so `%expect-exit N` can check it).  With --signal, the signal is
sent to the command once it has at least N live descendants (its probe
runners have started): how an interrupted run cleans up.  With --at POINT,
the signal is sent when sysabi reaches its hold point POINT
(SYSABI_TEST_HOLD, cli/include/sysabi/host/test_hold.hpp): sysabi says so on
a pipe and waits there for the signal, so it certainly arrives in that
phase; if the command ends without reaching POINT this script says so and
exits 1.

Prints two lines to stdout: "leftovers: none" or what was left, then
"exit status N", the command's own (128+N for a signal that ended it).
"""
import argparse
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PR_SET_CHILD_SUBREAPER = 36


def descendants(root):
    """Pids whose parent chain leads to root (root excluded)."""
    parent = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields follow the last ')'.
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] == "Z":  # a zombie is not a live process
            continue
        parent[int(entry)] = int(fields[1])
    found = []
    for pid in parent:
        p = parent.get(pid)
        while p is not None and p != root:
            p = parent.get(p)
        if p == root:
            found.append(pid)
    return sorted(found)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--signal", choices=["SIGINT", "SIGTERM", "SIGHUP"])
    ap.add_argument("--when-descendants", type=int, default=1)
    ap.add_argument("--at", metavar="POINT")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        print("leftovers.py: no command", file=sys.stderr)
        return 2

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("leftovers.py: prctl(PR_SET_CHILD_SUBREAPER) failed", file=sys.stderr)
        return 2

    tmp = tempfile.mkdtemp(prefix="leftovers.")
    env = dict(os.environ, TMPDIR=tmp)
    problems = []
    if args.at:
        told, tell = os.pipe()
        env["SYSABI_TEST_HOLD"] = "%s:%d" % (args.at, tell)
        proc = subprocess.Popen(command, env=env, pass_fds=(tell,))
        os.close(tell)
        with os.fdopen(told, "rb") as said:
            line = said.readline().decode(errors="replace").strip()  # EOF if it never got there
        if line == args.at and args.signal:
            proc.send_signal(getattr(signal, args.signal))
        elif line != args.at:
            problems.append("never reached hold point %s" % args.at)
    else:
        proc = subprocess.Popen(command, env=env)
    if args.signal and not args.at:
        # Wait (bounded) until the command's runners are up, then interrupt it.
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if len([p for p in descendants(os.getpid()) if p != proc.pid]) >= args.when_descendants:
                break
            time.sleep(0.01)  # polling /proc for a state, not synchronising on time
        if proc.poll() is None:
            proc.send_signal(getattr(signal, args.signal))
    status = proc.wait()

    # Orphans re-parented to us: give them no grace, they are the finding.
    left = descendants(os.getpid())
    for pid in left:
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            cmd = "?"
        problems.append("process %d (%s)" % (pid, cmd))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for dirpath, dirnames, filenames in os.walk(tmp):
        for name in dirnames + filenames:
            problems.append("file %s" % os.path.relpath(os.path.join(dirpath, name), tmp))
    # Reap whatever we killed.
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                break
        except ChildProcessError:
            break
    shutil.rmtree(tmp, ignore_errors=True)

    status = status if status >= 0 else 128 - status
    print("leftovers: " + ("; ".join(problems) if problems else "none"))
    print("exit status %d" % status)
    return 1 if problems else status


if __name__ == "__main__":
    sys.exit(main())
