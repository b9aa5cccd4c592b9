// abi_checks/errno.cpp - how the kernel reports failure.
//
// Every arch returns -errno in the return register, in [-4095, -1]; libc
// turns that into -1 plus errno, the raw layer keeps it as the value.
//
//   read.bad_fd, read.bad_fd.raw  read(-1): EBADF, returned as -EBADF
//   read.bad_pointer              read into an unwritable address: EFAULT,
//                                 not a fault in the process
//   openat.missing_path           ENOENT
//   unknown_number                system call 4000: ENOSYS, not a signal
//   negative_number               system call -1: ENOSYS (on arm how it ended,
//                                 an arch fact: -1 is in arm's private range)
//   error_range                   every error above came back in [-4095, -1]
//   getpid.positive               a success value is never in that range
#include <asm/errno.h>
#include <linux/fcntl.h>

#include "harness/child.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"

using namespace sysabi;

SYSABI_PROBE(errno) {
  char byte = 0;

  // A descriptor that was never opened.
  auto bad_fd = raw::read(-1, &byte, 1);
  ctx.check_errno("read.bad_fd", bad_fd, EBADF);
  ctx.check("read.bad_fd.raw", bad_fd.raw(), -EBADF);

  // A pointer the kernel cannot write through: the kernel reports EFAULT
  // instead of letting the process fault.
  harness::scoped_pipe p;
  raw::write(p.w, "x", 1);
  auto fault = raw::read(p.r, reinterpret_cast<void*>(1), 1);
  ctx.check_errno("read.bad_pointer", fault, EFAULT);

  // A path that does not exist.
  auto missing = raw::openat(AT_FDCWD, "/nonexistent/sysabi", O_RDONLY);
  ctx.check_errno("openat.missing_path", missing, ENOENT);

  // A system-call number past every arch's table (all are below 1000 here):
  // ENOSYS, not a signal.
  auto unknown = raw::result<long>(raw::call(4000));
  ctx.check_errno("unknown_number", unknown, ENOSYS);
  // A negative number (-1) is how seccomp and ptrace say "skip this call":
  // with no tracer it must still be ENOSYS.
#if defined(__arm__)
  // Not on 32-bit arm: there -1 is 0xffffffff, above __ARM_NR_BASE (0xf0000),
  // the range of arm's private calls, and an unknown one is "bad syscall":
  // SIGILL from a native arm kernel (and qemu-arm), ENOSYS from an arm64
  // kernel running arm code.  Recorded, from a child, as an arch fact.
  auto negative = harness::in_child([] { return static_cast<int>(-raw::call(-1)); }, 5000);
  char negative_ended[96];
  ctx.record("negative_number",
             harness::describe(negative, 5000, negative_ended, sizeof negative_ended),
             harness::scope::arch);
#else
  ctx.check_errno("negative_number", raw::result<long>(raw::call(-1)), ENOSYS);
#endif

  // The encoding itself: every error above came back in [-4095, -1].
  const reg errors[] = {bad_fd.raw(), fault.raw(), missing.raw(), unknown.raw()};
  bool in_range = true;
  for (reg r : errors) in_range = in_range && r >= -raw::max_errno && r <= -1;
  ctx.check("error_range", in_range, true);

  // Success values are never in that range: getpid is positive.
  ctx.check("getpid.positive", raw::getpid().raw() > 0, true);
}
