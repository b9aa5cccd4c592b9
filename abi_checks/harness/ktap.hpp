// abi_checks/harness/ktap.hpp - KTAP version 1 from sysabi-probe, without
// libc: the probe > fact levels of docs/kernel-ci.md, for a kernel-CI engine
// reading a serial console or a pipe.
//
// KTAP wants a level's plan (`1..N`) before its first result, and a probe
// only knows how many facts it stated when it has ended.  So each probe's
// facts are captured first: fd 1 points at a scratch file (memfd) while the
// probe runs, in its forked child and in the harness's `<probe>.outcome`
// check alike; then the file's JSON lines are counted and written as one
// subtest block, followed by the probe's own result line:
//
//   ktap::stream out(1, 0);
//   out.begin(nchosen);
//   for (int k = 0; k < nchosen; ++k) {
//     ktap::capture cap;
//     int err = cap.begin();
//     if (err < 0) { out.not_captured(k + 1, chosen[k]->name, err); continue; }
//     run_probe(*chosen[k], timeout_ms);        // unchanged: writes JSON lines to fd 1
//     cap.end();
//     out.probe(k + 1, chosen[k]->name, cap.fd());
//   }
//   return out.exit_status();
//
// Output for one probe at depth 0:
//
//     KTAP version 1
//     1..2
//     ok 1 errno.read.bad_fd
//     # value: "EBADF"                       (an info fact's value)
//     ok 2 errno.write.info
//   ok 1 errno
//
// Names and escaping follow the host-side writer (sysabi/host/ktap.hpp):
// the fact's whole id, bytes outside [A-Za-z0-9_.-] (and the '_' of "_X")
// as "_X" + two hex digits; diagnostic text with \\, \n, \t and \xHH.
#pragma once

#include "sysabi/raw/types.hpp"

namespace sysabi::harness::ktap {

enum class result : u8 { ok, not_ok, skip };

struct tally {
  unsigned ok = 0, not_ok = 0, skip = 0;
};

// A scratch file (memfd_create, else an O_TMPFILE file in /tmp), close on
// exec: its fd, or -errno of the last attempt.
int open_scratch();

// A scratch file that fd 1 points at between begin() and end().
class capture {
 public:
  capture() = default;
  capture(const capture&) = delete;
  capture& operator=(const capture&) = delete;
  ~capture();

  // Opens a scratch file and points fd 1 at it.  0, or -errno.
  int begin();
  // Points fd 1 back where it was.
  void end();
  // The scratch file (readable, from offset 0), or -1.
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  int saved_stdout_ = -1;
};

// One KTAP document (or one nested level of one) written to an fd.
class stream {
 public:
  // depth: how many levels this document is nested in (two spaces each).
  stream(int fd, unsigned depth) : fd_(fd), depth_(depth) {}

  // "KTAP version 1" and the plan "1..plan".
  void begin(unsigned plan);
  // "# text" (escaped).
  void diagnostic(const char* text);

  // The probe's facts, read from [from, to) of file `fd` (to < 0: to its
  // end) as JSON lines of sysabi-probe, as a nested level; then the probe's
  // result line.  Lines that are not facts become diagnostics.
  result probe(unsigned number, const char* name, int fd, long from = 0, long to = -1);
  // A probe that could not be captured: `ok N name # SKIP <why>`.
  void not_captured(unsigned number, const char* name, int error);

  // Results of the facts written so far.
  const tally& facts() const { return facts_; }
  // kselftest's exit status over the results at this level: 1 if one was
  // not ok, 4 if all were skipped (or there were none), else 0.
  int exit_status() const;

 private:
  int fd_;
  unsigned depth_;
  tally facts_;
  unsigned results_ = 0, not_ok_ = 0, skipped_ = 0;
};

// Splits a sysabi-probe JSON stream (a file) into its probes: calls
// fn(name, from, to) for each run of consecutive fact lines whose ids share
// a probe prefix, in order.  Returns the number of runs.  The variant named
// by the header line is copied into variant (size bytes, "" if none).
unsigned each_probe(int fd, void (*fn)(void* arg, const char* probe, long from, long to),
                    void* arg, char* variant, usize size);

}  // namespace sysabi::harness::ktap
