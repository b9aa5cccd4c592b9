// abi_checks/fifo.cpp - named pipes: how open(2) waits for the other end,
// and the data that is lost when nobody waits.
//
//   stat.type, stat.size              mknodat(S_IFIFO) makes a FIFO; its size is
//                                     always 0, even with data in it
//   open_rdonly.blocks_until_writer   open(O_RDONLY) sleeps until a writer opens
//   open_wronly.blocks_until_reader   open(O_WRONLY) sleeps until a reader opens
//   open_wronly_nonblock.no_reader    ENXIO
//   open_rdonly_nonblock.no_writer    succeeds at once
//   open_rdwr.no_peer                 succeeds at once: Linux never blocks O_RDWR
//   race.logger_wrote, race.reader_blocks, race.reader_reads
//                                     the logging race: a writer opens O_RDWR,
//                                     writes and exits before any reader opened;
//                                     the data went with the last open end, and the
//                                     reader that comes later blocks, then reads EOF
//   after_unlink.still_works          an open FIFO works after its name is gone
//   open_interrupted.no_restart       a signal whose handler lacks SA_RESTART
//                                     ends a blocked open with EINTR
//   open_interrupted.restart          with SA_RESTART the open goes back to waiting
//
// Blocking is watched, not assumed: the child's state in /proc is 'S' (see
// harness/process_state.hpp).  The FIFO lives in a scratch directory under
// $TMPDIR, removed at the end (harness/scoped.hpp).
#include <asm/errno.h>
#include <asm/signal.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/stat.h>

#include "harness/child.hpp"
#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/process_state.hpp"
#include "harness/scoped.hpp"
#include "sysabi/rt/str.hpp"

using namespace sysabi;
using harness::reap;
using harness::spawn;

namespace {

// How long a party may take to reach the state we wait for.  Generous:
// under qemu-user on a loaded machine a child can take seconds to be
// scheduled; a wait that succeeds returns at once.
constexpr unsigned limit_ms = 6000;
rt::sbuf<256> g_fifo;  // the FIFO's path, for the children too

// Child: open the FIFO with these flags; exit 0 on success, else the errno.
int open_fifo(void* flags) {
  auto fd = raw::openat(AT_FDCWD, g_fifo.c_str(), static_cast<int>(reinterpret_cast<long>(flags)));
  return fd.ok() ? 0 : fd.error();
}

void* as_arg(int flags) { return reinterpret_cast<void*>(static_cast<long>(flags)); }

// Child: open O_RDONLY, then read; exit 0 if the read saw EOF, 1 if data,
// 100 + errno if open failed.
int open_and_read(void*) {
  auto fd = raw::openat(AT_FDCWD, g_fifo.c_str(), O_RDONLY);
  if (!fd.ok()) return 100 + fd.error();
  char buf[64];
  auto n = raw::read(fd.value(), buf, sizeof buf);
  return n.ok() && n.value() == 0 ? 0 : 1;
}

// Child: the logger - open O_RDWR (never blocks), write a line, exit.
int log_and_exit(void*) {
  auto fd = raw::openat(AT_FDCWD, g_fifo.c_str(), O_RDWR);
  if (!fd.ok()) return 1;
  const char line[] = "started\n";
  return raw::write(fd.value(), line, sizeof line - 1).ok() ? 0 : 2;
}

volatile int* g_handled;  // a MAP_SHARED word: the child's handler ran

void on_signal(int, void*, void*) { *g_handled = 1; }

// Child: a SIGUSR1 handler with or without SA_RESTART, then a blocking
// open; exit 0 on success, else the errno.
int open_with_handler(void* restart) {
  raw::install_handler(SIGUSR1, on_signal, restart ? raw::kernel_sa_restart : 0);
  return open_fifo(as_arg(O_RDONLY));
}

// Opens the other end briefly (to release a blocked opener) and closes it.
void poke(int flags) {
  harness::scoped_fd fd(raw::openat(AT_FDCWD, g_fifo.c_str(), flags | O_NONBLOCK));
}

}  // namespace

SYSABI_PROBE(fifo) {
  harness::scratch_dir dir("sysabi-fifo.");
  g_fifo = dir.path("fifo");
  if (!dir.ok() || !raw::mknodat(AT_FDCWD, g_fifo.c_str(), S_IFIFO | 0600, 0).ok()) {
    ctx.skip("setup", "cannot make a FIFO under TMPDIR", true);
    return;
  }
  char wchan[64];
  auto shared = harness::map(4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS);
  if (!shared.ok()) {
    ctx.skip("setup", "cannot map a shared page", true);
    return;
  }
  g_handled = static_cast<volatile int*>(shared.get());

  // --- what it is --------------------------------------------------------------------
  {
    harness::scoped_fd fd(raw::openat(AT_FDCWD, g_fifo.c_str(), O_RDWR | O_NONBLOCK));
    raw::write(fd.get(), "data", 4);
    raw::kernel_stat st{};
    raw::fstat(fd.get(), &st);
    ctx.check("stat.type", (st.st_mode & S_IFMT) == S_IFIFO ? "fifo" : "not a fifo", "fifo");
    ctx.check("stat.size", static_cast<long>(st.st_size), 0L);
    fd.reset();  // the last open end: the data is discarded
  }

  // --- opening waits for the other end -------------------------------------------------
  {
    int pid = spawn(open_fifo, as_arg(O_RDONLY));
    if (pid < 0) return;  // no process (the environment): what follows would block
    bool blocked = harness::wait_until_blocked(pid, "", limit_ms, wchan, sizeof wchan);
    harness::scoped_fd w(raw::openat(AT_FDCWD, g_fifo.c_str(), O_WRONLY));  // the reader is there
    int st = reap(pid);
    w.reset();
    ctx.check("open_rdonly.blocks_until_writer",
              blocked && st == 0 ? "blocked until a writer opened" : "did not block",
              "blocked until a writer opened");
  }
  {
    int pid = spawn(open_fifo, as_arg(O_WRONLY));
    if (pid < 0) return;  // no process (the environment): what follows would block
    bool blocked = harness::wait_until_blocked(pid, "", limit_ms, wchan, sizeof wchan);
    harness::scoped_fd r(raw::openat(AT_FDCWD, g_fifo.c_str(), O_RDONLY | O_NONBLOCK));
    int st = reap(pid);
    r.reset();
    ctx.check("open_wronly.blocks_until_reader",
              blocked && st == 0 ? "blocked until a reader opened" : "did not block",
              "blocked until a reader opened");
  }
  {
    auto w = raw::openat(AT_FDCWD, g_fifo.c_str(), O_WRONLY | O_NONBLOCK);
    ctx.check_errno("open_wronly_nonblock.no_reader", w, ENXIO);
    harness::scoped_fd r(raw::openat(AT_FDCWD, g_fifo.c_str(), O_RDONLY | O_NONBLOCK));
    ctx.check("open_rdonly_nonblock.no_writer", r.ok() ? "ok" : harness::errno_name(r.error()),
              "ok");
    r.reset();
    harness::scoped_fd rw(raw::openat(AT_FDCWD, g_fifo.c_str(), O_RDWR));
    ctx.check("open_rdwr.no_peer", rw.ok() ? "ok" : harness::errno_name(rw.error()), "ok");
  }

  // --- the logging race -------------------------------------------------------------------
  {
    int logger = spawn(log_and_exit, nullptr);
    int logged = reap(logger);  // gone, and its line with it
    int reader = spawn(open_and_read, nullptr);
    if (reader < 0) return;  // no process (the environment): what follows would block
    bool blocked = harness::wait_until_blocked(reader, "", limit_ms, wchan, sizeof wchan);
    ctx.check("race.logger_wrote", logged == 0, true);
    ctx.check("race.reader_blocks", blocked, true);
    poke(O_WRONLY);  // a writer comes and goes: the reader's open returns, then EOF
    int st = reap(reader);
    ctx.check("race.reader_reads",
              st == 0   ? "EOF: the line is gone"
              : st == 1 ? "the line"
                        : "reader failed",
              "EOF: the line is gone");
  }

  // --- after unlink -------------------------------------------------------------------------
  {
    harness::scoped_fd fd(raw::openat(AT_FDCWD, g_fifo.c_str(), O_RDWR | O_NONBLOCK));
    raw::unlinkat(AT_FDCWD, g_fifo.c_str(), 0);
    char c = 0;
    bool works =
        fd.ok() && raw::write(fd.get(), "z", 1).ok() && raw::read(fd.get(), &c, 1).ok() && c == 'z';
    ctx.check("after_unlink.still_works", works, true);
    fd.reset();
    raw::mknodat(AT_FDCWD, g_fifo.c_str(), S_IFIFO | 0600, 0);  // for what follows
  }

  // --- signals during a blocked open -----------------------------------------------------------
  {
    int pid = spawn(open_with_handler, nullptr);
    if (pid < 0) return;  // no process (the environment): what follows would block
    bool blocked = harness::wait_until_blocked(pid, "", limit_ms, wchan, sizeof wchan);
    raw::kill(pid, SIGUSR1);
    int st = reap(pid);
    ctx.check("open_interrupted.no_restart",
              !blocked  ? "did not block"
              : st == 0 ? "ok"
                        : harness::errno_name(st),
              "EINTR");
  }
  {
    *g_handled = 0;
    int pid = spawn(open_with_handler, as_arg(1));
    if (pid < 0) return;  // no process (the environment): what follows would block
    bool blocked = harness::wait_until_blocked(pid, "", limit_ms, wchan, sizeof wchan);
    raw::kill(pid, SIGUSR1);
    // Once the handler has run, the restarted open is waiting for a writer again.
    harness::wait_for_flag(g_handled, limit_ms);
    bool blocked_again = blocked && *g_handled == 1 &&
                         harness::wait_until_blocked(pid, "", limit_ms, wchan, sizeof wchan);
    poke(O_WRONLY);
    int st = reap(pid);
    ctx.check("open_interrupted.restart",
              blocked_again && st == 0 ? "restarted, then opened" : "not restarted",
              "restarted, then opened");
  }
}
