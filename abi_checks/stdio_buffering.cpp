// abi_checks/stdio_buffering.cpp - libc's stdio buffer sits between a
// program's fprintf and the pipe (libc variants only).
//
//   unflushed.visible_to_reader      a writer's fprintf("42 ") without fflush: the
//                                    reader's non-blocking read finds nothing (EAGAIN)
//   newline.visible_to_reader        "42\n" neither: a FILE on a pipe is fully
//                                    buffered, not line-buffered (that is for ttys) -
//                                    the reader blocked in fscanf waits forever
//   after_fflush.reader_reads        after fflush the bytes arrive
//
// The writer is a forked child; it and the probe take turns through two
// handshake pipes, so "not yet visible" is observed at a known moment, never
// after a sleep.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/child.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"

using namespace sysabi;

namespace {

// Closed when the probe returns (harness/scoped.hpp).
struct channels {
  harness::scoped_pipe data{O_NONBLOCK};  // writer -> reader: what fprintf writes
  harness::scoped_pipe ready;             // writer -> probe: "I have called fprintf"
  harness::scoped_pipe go;                // probe -> writer: "now fflush"
};

int writer(void* p) {
  auto* c = static_cast<channels*>(p);
  FILE* f = fdopen(c->data.w, "w");
  if (f == nullptr) return 1;
  char token = 'r';
  fprintf(f, "42 ");  // step 1: no newline
  raw::write(c->ready.w, &token, 1);
  raw::read(c->go.r, &token, 1);
  fprintf(f, "43\n");  // step 2: a whole line
  raw::write(c->ready.w, &token, 1);
  raw::read(c->go.r, &token, 1);
  fflush(f);  // step 3
  return 0;
}

}  // namespace

SYSABI_PROBE(stdio_buffering) {
  channels c;
  if (!c.data.ok() || !c.ready.ok() || !c.go.ok()) {
    ctx.skip("setup", "pipe failed", true);
    return;
  }
  // The reader end is non-blocking, so "nothing there" is EAGAIN, not a hang.
  int pid = fork();
  if (pid == 0) _exit(writer(&c));
  if (pid < 0) {
    // No writer (RLIMIT_NPROC, memory): the reads below would wait forever.
    int err = errno;
    if (harness::is_environment_errno(err)) harness::environment_problem("fork", err);
    ctx.skip("setup", harness::environment_cause() ? harness::environment_cause() : "fork failed",
             true);
    return;
  }
  char token;
  char buf[16] = {};
  raw::read(c.ready.r, &token, 1);  // step 1 done
  auto after_text = raw::read(c.data.r, buf, sizeof buf - 1);
  ctx.check("unflushed.visible_to_reader",
            after_text.ok() ? "data" : harness::errno_name(after_text.error()), "EAGAIN");
  raw::write(c.go.w, "g", 1);
  raw::read(c.ready.r, &token, 1);  // step 2 done
  auto after_line = raw::read(c.data.r, buf, sizeof buf - 1);
  ctx.check("newline.visible_to_reader",
            after_line.ok() ? "data" : harness::errno_name(after_line.error()), "EAGAIN");
  raw::write(c.go.w, "g", 1);
  int status = 0;
  waitpid(pid, &status, 0);  // the writer has flushed and exited
  auto late = raw::read(c.data.r, buf, sizeof buf - 1);
  ctx.check("after_fflush.reader_reads", late.ok() ? buf : harness::errno_name(late.error()),
            "42 43\n");
}
