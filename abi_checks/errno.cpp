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
//   max_errno                     -4095, the largest error the kernel can
//                                 return (MAX_ERRNO), decoded as errno 4095:
//                                 made in a child whose seccomp filter answers
//                                 getppid with SECCOMP_RET_ERRNO | 4095 (a skip
//                                 under qemu-user, which does not hand seccomp
//                                 filters to the kernel)
#include <asm/errno.h>
#include <linux/fcntl.h>
#include <linux/filter.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>

#include "harness/child.hpp"
#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"

using namespace sysabi;

namespace {

// getppid fails with the largest errno the kernel has (include/linux/err.h
// MAX_ERRNO; seccomp caps SECCOMP_RET_DATA there); all else runs.
const sock_filter max_errno_filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),  // seccomp_data.nr
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 4095),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

// The child: installs the filter and calls getppid.  Exit status 0: decoded
// as errno 4095; 1: decoded as a success; 2: another errno; 3: the raw value
// is not -4095 (the filter did not answer); 128: no filter.
int max_errno_child() {
  sock_fprog prog = {sizeof max_errno_filter / sizeof max_errno_filter[0],
                     const_cast<sock_filter*>(max_errno_filter)};
  if (!raw::prctl(PR_SET_NO_NEW_PRIVS, 1).ok() ||
      !raw::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, reinterpret_cast<unsigned long>(&prog)).ok())
    return 128;
  auto r = raw::getppid();
  if (r.raw() != -4095) return 3;
  return r.ok() ? 1 : r.error() == 4095 ? 0 : 2;
}

void max_errno_fact(harness::context& ctx) {
  if (harness::under_qemu_user()) {
    ctx.skip("max_errno", "qemu-user does not hand seccomp filters to the kernel", "errno 4095");
    return;
  }
  auto ended = harness::in_child([] { return max_errno_child(); }, 5000);
  const char* const got[] = {"errno 4095", "a success", "another errno",
                             "not -4095: the filter did not answer"};
  if (ended.ended == harness::child_result::how::exited && ended.code <= 3) {
    ctx.check("max_errno", got[ended.code], "errno 4095");
    return;
  }
  char why[96];
  ctx.skip("max_errno",
           ended.exited_with(128) ? "no seccomp filter could be installed"
                                  : harness::describe(ended, 5000, why, sizeof why),
           "errno 4095");
}

}  // namespace

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

  max_errno_fact(ctx);
}
