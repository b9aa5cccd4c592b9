// abi_checks/pipes.cpp - anonymous pipes: end of file, broken pipes,
// atomicity, capacity, and descriptors across execve.
//
//   eof.after_writers_closed        read returns 0 once every write end is closed
//   eof.blocks_while_writer_open    ... and blocks while one is open (watched in
//                                   /proc: the reader sleeps in the pipe read)
//   eof.forgotten_copy_blocks       a write end inherited by a forked child that never
//                                   closes it keeps the reader blocked: the classic hang
//   no_reader.default               write with no reader: killed by SIGPIPE
//   no_reader.sigpipe_ignored       EPIPE when SIGPIPE is ignored
//   no_reader.sigpipe_blocked       EPIPE when it is blocked (and it is left pending)
//   pipe_buf.constant               PIPE_BUF is 4096 (<linux/limits.h>)
//   pipe_buf.records_intact         8 writers x 128 records of PIPE_BUF bytes, read
//                                   back: every record whole, never interleaved
//   pipe_buf.large_records          records above PIPE_BUF may interleave: whether it
//                                   was seen goes to stderr, it is never asserted
//   capacity.default                F_GETPIPE_SZ of a new pipe
//   capacity.filled_nonblocking     bytes written with O_NONBLOCK until EAGAIN
//   capacity.set_rounds_to_pages    F_SETPIPE_SZ(5000) gives 8192: a power-of-two pages
//                                   (65536 with 64 KiB pages; every page figure here
//                                   follows the kernel's page, from F_SETPIPE_SZ(1))
//   capacity.shrink_below_contents  EBUSY
//   capacity.above_max_unprivileged above /proc/sys/fs/pipe-max-size: EPERM without
//                                   CAP_SYS_RESOURCE (checked as uid 65534)
//   nonblock.empty_read             EAGAIN
//   nonblock.small_write_when_full  a write of <= PIPE_BUF is all or nothing: EAGAIN
//   nonblock.write_that_fits        a write of exactly the free space succeeds whole
//   nonblock.large_write_partial    a larger one writes what fits
//   cloexec.*                       pipe2(O_CLOEXEC) ends are gone after execve,
//                                   ends without it survive (the probe re-executes
//                                   itself as a helper that tests the descriptor)
//   pipeline.output                 the `ls -1 | cut -d. -f1` shape: two exec'd
//                                   helpers joined by dup3, from any variant
#include <asm/errno.h>
#include <asm/signal.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/mman.h>

#include "harness/child.hpp"
#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/process_state.hpp"
#include "harness/scoped.hpp"
#include "sysabi/rt/str.hpp"

#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#endif

using namespace sysabi;
using harness::reap;
using harness::spawn;

namespace {

// How long a party may take to reach the state we wait for.  Generous:
// under qemu-user on a loaded machine a child can take seconds to be
// scheduled; a wait that succeeds returns at once.
constexpr unsigned limit_ms = 6000;

using pipe_fds = harness::scoped_pipe;  // harness/scoped.hpp

// A reader child: closes the descriptors it must not hold (a forked child
// gets copies of every write end its parent had), then blocks in read
// until EOF; exits 0 on EOF, 1 on data, 2 on error.
struct reader {
  int fd;
  int drop[2];
};

int read_until_eof(void* p) {
  auto* r = static_cast<reader*>(p);
  for (int fd : r->drop)
    if (fd >= 0) raw::close(fd);
  char c;
  auto n = raw::read(r->fd, &c, 1);
  return !n.ok() ? 2 : n.value() == 0 ? 0 : 1;
}

int write_one_byte(void* p) {
  int fd = *static_cast<int*>(p);
  auto n = raw::write(fd, "x", 1);
  return n.ok() ? 0 : n.error();
}

// --- PIPE_BUF atomicity -------------------------------------------------------------

constexpr int writers = 8;

struct record_job {
  int fd;
  int writer;
  usize size;
  int records;
};
char g_record[2 * 65536];

int write_records(void* p) {
  auto* j = static_cast<record_job*>(p);
  for (usize i = 0; i < j->size; ++i) g_record[i] = static_cast<char>('A' + j->writer);
  for (int k = 0; k < j->records; ++k) {
    for (usize done = 0; done < j->size;) {
      auto n = raw::write(j->fd, g_record + done, j->size - done);
      if (!n.ok()) return 1;
      done += static_cast<usize>(n.value());
    }
  }
  return 0;
}

// Runs `writers` children writing `records` records of `size` bytes each
// into one pipe and reads everything back; returns the number of records
// that were not one writer's bytes throughout (-1 on a setup failure).
long mixed_records(usize size, int records) {
  pipe_fds p;
  if (p.r < 0) return -1;
  int pids[writers];
  record_job jobs[writers];
  for (int i = 0; i < writers; ++i) {
    jobs[i] = {p.w, i, size, records};
    pids[i] = spawn(write_records, &jobs[i]);
  }
  p.close_w();
  static char rec[2 * 65536];
  usize have = 0;
  long mixed = 0, total = 0;
  for (;;) {
    auto n = raw::read(p.r, rec + have, size - have);
    if (!n.ok() || n.value() == 0) break;
    have += static_cast<usize>(n.value());
    if (have < size) continue;
    bool same = true;
    for (usize i = 1; i < size; ++i) same = same && rec[i] == rec[0];
    mixed += !same;
    ++total;
    have = 0;
  }
  for (int pid : pids) reap(pid);
  return total == writers * records ? mixed : -1;
}

// --- capacity -----------------------------------------------------------------------

long fill_nonblocking(int fd) {
  static char chunk[4096];
  long total = 0;
  for (;;) {
    auto n = raw::write(fd, chunk, sizeof chunk);
    if (!n.ok()) return n.error() == EAGAIN ? total : -n.error();
    total += n.value();
  }
}

long pipe_max_size() {
  char buf[32];
  if (harness::read_file("/proc/sys/fs/pipe-max-size", buf, sizeof buf) <= 0) return -1;
  u64 v = 0;
  for (char* p = buf; *p >= '0' && *p <= '9'; ++p) v = v * 10 + static_cast<u64>(*p - '0');
  return static_cast<long>(v);
}

// As uid/gid 65534: F_SETPIPE_SZ above pipe-max-size; returns the errno (0 = allowed).
int set_above_max_unprivileged(void* p) {
  long max = *static_cast<long*>(p);
#ifdef __NR_setresgid32
  raw::call(__NR_setresgid32, 65534, 65534, 65534);
  if (raw::call(__NR_setresuid32, 65534, 65534, 65534) != 0) return 100;
#else
  raw::call(__NR_setresgid, 65534, 65534, 65534);
  if (raw::call(__NR_setresuid, 65534, 65534, 65534) != 0) return 100;
#endif
  pipe_fds q;
  auto r = raw::fcntl(q.w, F_SETPIPE_SZ, max * 2);
  return r.ok() ? 0 : r.error();
}

// --- execve ----------------------------------------------------------------------------

int exec_fd_open(void* fd_text) {
  harness::exec_helper("fd_open", static_cast<const char*>(fd_text));
  return 127;
}

// 0 = open in the exec'd program, 1 = closed, 127 = exec failed.
int fd_survives_exec(int fd) {
  rt::sbuf<16> text;
  text.add(fd);
  auto r = harness::run_in_child(exec_fd_open, const_cast<char*>(text.c_str()), limit_ms);
  return r.ended == harness::child_result::how::exited ? r.code : 125;
}

struct stage {
  const char* helper;
  int in, out;           // become stdin and stdout
  int close_a, close_b;  // the pipe ends this stage must not keep
};

int run_stage(void* p) {
  auto* s = static_cast<stage*>(p);
  if (s->in >= 0) raw::dup3(s->in, 0, 0);
  if (s->out >= 0) raw::dup3(s->out, 1, 0);
  raw::close(s->close_a);
  raw::close(s->close_b);
  harness::exec_helper(s->helper);
  return 127;
}

}  // namespace

// Helpers (sysabi-probe --helper NAME): the programs the probe executes.

// fd_open N: exit 0 if descriptor N is open, 1 if not.
SYSABI_HELPER(fd_open) {
  u64 fd = 0;
  if (argc != 1 || !rt::parse_u64(argv[0], &fd)) return 2;
  return raw::fcntl(static_cast<int>(fd), F_GETFD).ok() ? 0 : 1;
}

// list_names: file names, one per line (the `ls -1` of the pipeline).
SYSABI_HELPER(list_names) {
  const char text[] = "alpha.txt\nbeta.tar.gz\ngamma\n";
  return raw::write(1, text, sizeof text - 1).ok() ? 0 : 1;
}

// cut_at_dot: each input line up to its first '.' (`cut -d. -f1`).
SYSABI_HELPER(cut_at_dot) {
  char in[4096], out[4096];
  usize o = 0;
  bool cutting = false;
  for (;;) {
    auto n = raw::read(0, in, sizeof in);
    if (!n.ok() || n.value() == 0) break;
    for (long i = 0; i < n.value() && o < sizeof out; ++i) {
      char c = in[i];
      if (c == '\n') {
        out[o++] = c;
        cutting = false;
      } else if (c == '.') {
        cutting = true;
      } else if (!cutting) {
        out[o++] = c;
      }
    }
  }
  return raw::write(1, out, o).ok() ? 0 : 1;
}

SYSABI_PROBE(pipes) {
  char wchan[64];

  // --- end of file ---------------------------------------------------------------
  {
    pipe_fds p;
    p.close_w();
    char c;
    auto n = raw::read(p.r, &c, 1);
    ctx.check("eof.after_writers_closed", n.ok() ? n.value() : -1L, 0L);
  }
  {
    pipe_fds p;
    reader job{p.r, {p.w, -1}};
    int pid = spawn(read_until_eof, &job);
    bool blocked = harness::wait_until_blocked(pid, "pipe_read", limit_ms, wchan, sizeof wchan);
    p.close_w();  // the last write end: the reader wakes with EOF
    int st = reap(pid);
    ctx.check("eof.blocks_while_writer_open",
              blocked && st == 0 ? "blocked, then EOF when the writer closed" : "did not block",
              "blocked, then EOF when the writer closed");
  }
  {
    // A child forked while the write end is open inherits a copy; if it
    // never closes it, closing ours is not enough.
    pipe_fds p;
    pipe_fds hold;  // the forgetful child waits here until told to exit
    reader forgetful_job{hold.r, {hold.w, -1}};  // keeps its copy of p.w: the mistake
    int forgetful = spawn(read_until_eof, &forgetful_job);
    reader reader_job{p.r, {p.w, hold.w}};
    int reader = spawn(read_until_eof, &reader_job);
    p.close_w();
    bool still_blocked =
        harness::wait_until_blocked(reader, "pipe_read", limit_ms, wchan, sizeof wchan);
    hold.close_w();  // the forgetful child exits, dropping its copy
    reap(forgetful);
    int st = reap(reader);
    ctx.check("eof.forgotten_copy_blocks",
              still_blocked && st == 0 ? "blocked until the inherited copy closed" : "no",
              "blocked until the inherited copy closed");
  }

  // --- no reader -------------------------------------------------------------------
  {
    pipe_fds p;
    p.close_r();
    auto r = harness::run_in_child(
        [](void* fd) -> int {
          raw::set_disposition(SIGPIPE, 0 /* SIG_DFL */);
          return write_one_byte(fd);
        },
        &p.w, limit_ms);
    char what[96];
    ctx.check("no_reader.default", harness::describe(r, limit_ms, what, sizeof what),
              "killed by SIGPIPE");
    r = harness::run_in_child(
        [](void* fd) -> int {
          raw::set_disposition(SIGPIPE, 1 /* SIG_IGN */);
          return write_one_byte(fd);
        },
        &p.w, limit_ms);
    ctx.check(
        "no_reader.sigpipe_ignored",
        r.ended == harness::child_result::how::exited ? harness::errno_name(r.code) : "killed",
        "EPIPE");
    r = harness::run_in_child(
        [](void* fd) -> int {
          raw::set_disposition(SIGPIPE, 0 /* SIG_DFL */);
          raw::kernel_sigset block{};
          block.sig[0] = 1ul << (SIGPIPE - 1);
          raw::rt_sigprocmask(raw::kernel_sig_block, &block, nullptr);
          int err = write_one_byte(fd);
          raw::kernel_sigset pending{};
          raw::call(__NR_rt_sigpending, &pending, raw::kernel_sigset_size);
          return (pending.sig[0] & (1ul << (SIGPIPE - 1))) ? err : 100;
        },
        &p.w, limit_ms);
    ctx.check("no_reader.sigpipe_blocked",
              r.ended == harness::child_result::how::exited
                  ? (r.code == 100 ? "EPIPE but no SIGPIPE pending" : harness::errno_name(r.code))
                  : "killed",
              "EPIPE");
  }

  // --- PIPE_BUF --------------------------------------------------------------------
  ctx.check("pipe_buf.constant", PIPE_BUF, 4096);
  long mixed = mixed_records(PIPE_BUF, 128);
  ctx.check("pipe_buf.records_intact", mixed == 0, true);
  long mixed_large = mixed_records(65536, 16);
  ctx.record("pipe_buf.large_records", "may interleave: observed, never asserted");
  rt::line note;
  note.add("sysabi-probe: pipes: records of 65536 bytes from 8 writers: ")
      .add(mixed_large)
      .add(" of 128 interleaved");
  note.emit(2);

  // --- capacity ----------------------------------------------------------------------
  // A pipe holds whole pages (16 by default): 64 KiB with 4 KiB pages, 1 MiB
  // with the 64 KiB pages of Debian's ppc64el kernel.
  // The page as the pipe's kernel counts it: F_SETPIPE_SZ rounds any size up
  // to whole pages, at least one.  (Not AT_PAGESZ: under qemu-user that is
  // the guest's page - 8 KiB on sparc64 - while the pipe is the host's.)
  long page = 4096;
  {
    pipe_fds p(O_NONBLOCK);
    auto one = raw::fcntl(p.w, F_SETPIPE_SZ, 1);
    if (one.ok() && one.value() > 0) page = one.value();
  }
  {
    pipe_fds p(O_NONBLOCK);
    auto sz = raw::fcntl(p.w, F_GETPIPE_SZ);
    ctx.check("capacity.default", sz.ok() ? sz.value() : -1L, 16 * page);
    ctx.check("capacity.filled_nonblocking", fill_nonblocking(p.w), 16 * page);
    // Shrinking below what the pipe holds is refused.
    ctx.check_errno("capacity.shrink_below_contents", raw::fcntl(p.w, F_SETPIPE_SZ, 4096), EBUSY);
  }
  {
    pipe_fds p(O_NONBLOCK);
    auto set = raw::fcntl(p.w, F_SETPIPE_SZ, 5000);
    // 5000 bytes: 2 pages of 4 KiB, or 1 of 64 KiB (a power of two of them).
    long pages = 1;
    while (pages * page < 5000) pages *= 2;
    ctx.check("capacity.set_rounds_to_pages", set.ok() ? set.value() : -1L, pages * page);
  }
  long max = pipe_max_size();
  if (max <= 0) {
    ctx.skip("capacity.above_max_unprivileged", "/proc/sys/fs/pipe-max-size is not readable",
             "EPERM");
  } else if (!harness::running_as_root()) {
    pipe_fds q;
    auto r = raw::fcntl(q.w, F_SETPIPE_SZ, max * 2);
    ctx.check_errno("capacity.above_max_unprivileged", r, EPERM);
  } else {
    auto r = harness::run_in_child(set_above_max_unprivileged, &max, limit_ms);
    ctx.check("capacity.above_max_unprivileged",
              r.ended != harness::child_result::how::exited ? "child failed"
              : r.code == 100                               ? "could not drop privileges"
              : r.code == 0                                 ? "ok"
                                                            : harness::errno_name(r.code),
              "EPERM");
  }

  // --- O_NONBLOCK ----------------------------------------------------------------------
  {
    pipe_fds p(O_NONBLOCK);
    char c;
    ctx.check_errno("nonblock.empty_read", raw::read(p.r, &c, 1), EAGAIN);
    // Two pages, mapped (64 KiB pages would make a static buffer 128 KiB of
    // .bss, which moves the x86_64 nolibc runner's data segment).
    const long chunk = page;
    auto big_map = harness::map(static_cast<usize>(2 * chunk), PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS);
    char* big = big_map.template as<char>();
    // Leave exactly one page free.
    for (long left = 15 * page; left > 0;) {
      auto n = raw::write(p.w, big, static_cast<usize>(left > chunk ? chunk : left));
      if (!n.ok()) break;
      left -= n.value();
    }
    auto whole = raw::write(p.w, big, static_cast<usize>(chunk));  // fits exactly: written whole
    ctx.check("nonblock.write_that_fits", whole.ok() ? whole.value() : -1L, chunk);
    ctx.check_errno("nonblock.small_write_when_full", raw::write(p.w, big, 100), EAGAIN);
    // Drain one page; a write larger than PIPE_BUF takes what fits.
    raw::read(p.r, big, static_cast<usize>(chunk));
    auto partial = raw::write(p.w, big, static_cast<usize>(2 * chunk));
    ctx.check("nonblock.large_write_partial", partial.ok() ? partial.value() : -1L, chunk);
  }

  // --- descriptors across execve ------------------------------------------------------
  if (!harness::can_exec_helper()) {
    const char* why = harness::self_path() == nullptr
                          ? "/proc/self/exe is not readable"
                          : "under qemu-user with no SYSABI_EMULATOR to re-execute the probe with";
    ctx.skip("cloexec.flag_set_closed_by_exec", why, "closed");
    ctx.skip("cloexec.flag_clear_survives_exec", why, "open");
    ctx.skip("pipeline.output", why, "alpha\nbeta\ngamma\n");
    return;
  }
  {
    pipe_fds with(O_CLOEXEC), without(0);
    int a = fd_survives_exec(with.r);
    int b = fd_survives_exec(without.r);
    auto text = [](int code) { return code == 0 ? "open" : code == 1 ? "closed" : "exec failed"; };
    ctx.check("cloexec.flag_set_closed_by_exec", text(a), "closed");
    ctx.check("cloexec.flag_clear_survives_exec", text(b), "open");
  }
  {
    pipe_fds middle, result;
    stage ls{"list_names", -1, middle.w, middle.r, result.r};
    stage cut{"cut_at_dot", middle.r, result.w, middle.w, result.r};
    int p1 = spawn(run_stage, &ls);
    int p2 = spawn(run_stage, &cut);
    // The parent keeps no end of the middle pipe, or cut never sees EOF.
    middle.close_r();
    middle.close_w();
    result.close_w();
    char out[256];
    usize have = 0;
    for (;;) {
      auto n = raw::read(result.r, out + have, sizeof out - 1 - have);
      if (!n.ok() || n.value() == 0) break;
      have += static_cast<usize>(n.value());
    }
    out[have] = 0;
    int s1 = reap(p1), s2 = reap(p2);
    ctx.check("pipeline.output", s1 == 0 && s2 == 0 ? out : "a stage failed",
              "alpha\nbeta\ngamma\n");
  }
}
