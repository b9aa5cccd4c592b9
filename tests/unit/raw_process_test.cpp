// Processes and signals through the raw layer: getpid(2), getppid(2),
// gettid(2), kill(2), tgkill(2), rt_sigprocmask(2), rt_sigaction(2),
// rt_sigtimedwait(2), clone(2) as fork, wait4(2), execve(2), prctl(2).
//
// Where libc has the same call, the raw answer must equal libc's.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sysabi/raw/calls.hpp"
#include "syscall_matchers.hpp"
#include "test_support.hpp"

namespace raw = sysabi::raw;
using namespace sysabi::testing;
using ::testing::Gt;

extern "C" char** environ;

namespace {

raw::kernel_sigset sigset_of(int sig) { return raw::kernel_sigset{}.add(sig); }

// --- identity -----------------------------------------------------------------

TEST(RawGetpid, EqualsLibcGetpid) {
  EXPECT_THAT(raw::getpid(), SyscallSucceedsWithValue(::getpid()));
}

TEST(RawGetppid, EqualsLibcGetppid) {
  EXPECT_THAT(raw::getppid(), SyscallSucceedsWithValue(::getppid()));
}

TEST(RawGettid, EqualsLibcGettid) {
  EXPECT_THAT(raw::gettid(), SyscallSucceedsWithValue(::gettid()));
}

// The main thread's id is the process id.
TEST(RawGettid, MainThreadIdIsThePid) {
  EXPECT_EQ(raw::gettid().value(), raw::getpid().value());
}

TEST(RawGetpid, ChildSeesANewPidAndItsParentAsPpid) {
  int parent = raw::getpid().value();
  int status = run_in_child([parent] {
    bool ok = raw::getpid().value() != parent && raw::getppid().value() == parent;
    ::_exit(ok ? 0 : 1);
  });
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
}

// --- signal masks and sending signals ------------------------------------------

TEST(RawRtSigprocmask, BlockedSignalIsVisibleToLibc) {
  scoped_signal_block restore(SIGUSR2);  // restores the mask afterwards
  raw::kernel_sigset unblock = sigset_of(SIGUSR2);
  ASSERT_THAT(raw::rt_sigprocmask(SIG_UNBLOCK, &unblock, nullptr), SyscallSucceeds());

  raw::kernel_sigset set = sigset_of(SIGUSR2);
  ASSERT_THAT(raw::rt_sigprocmask(SIG_BLOCK, &set, nullptr), SyscallSucceedsWithValue(0));
  sigset_t now;
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, nullptr, &now), 0);
  EXPECT_TRUE(sigismember(&now, SIGUSR2));
}

TEST(RawRtSigprocmask, OldMaskRoundTrips) {
  scoped_signal_block restore(SIGUSR2);
  raw::kernel_sigset empty{}, old{}, back{};
  ASSERT_THAT(raw::rt_sigprocmask(SIG_SETMASK, &empty, &old), SyscallSucceeds());
  EXPECT_TRUE(old.has(SIGUSR2));  // blocked by `restore`
  ASSERT_THAT(raw::rt_sigprocmask(SIG_SETMASK, &old, &back), SyscallSucceeds());
  EXPECT_EQ(back.sig[0], 0u);
  raw::kernel_sigset current{};
  ASSERT_THAT(raw::rt_sigprocmask(SIG_BLOCK, nullptr, &current), SyscallSucceeds());
  EXPECT_EQ(current.sig[0], old.sig[0]);
}

// SIGKILL and SIGSTOP cannot be blocked: the kernel silently drops them from
// the mask.
TEST(RawRtSigprocmask, SigkillAndSigstopCannotBeBlocked) {
  scoped_signal_block restore(SIGUSR2);
  raw::kernel_sigset set = raw::kernel_sigset{}.add(SIGKILL).add(SIGSTOP);
  raw::kernel_sigset current{};
  ASSERT_THAT(raw::rt_sigprocmask(SIG_BLOCK, &set, nullptr), SyscallSucceeds());
  ASSERT_THAT(raw::rt_sigprocmask(SIG_BLOCK, nullptr, &current), SyscallSucceeds());
  EXPECT_FALSE(current.has(SIGKILL));
  EXPECT_FALSE(current.has(SIGSTOP));
}

TEST(RawRtSigprocmask, UnknownHowFailsWithEINVAL) {
  raw::kernel_sigset set = sigset_of(SIGUSR2);
  EXPECT_THAT(raw::rt_sigprocmask(42, &set, nullptr), SyscallFailsWithErrno(EINVAL));
}

// The kernel's sigset is 8 bytes; glibc's sigset_t is 128.  Passing libc's
// size to the system call is refused.
TEST(RawRtSigprocmask, LibcSigsetSizeFailsWithEINVAL) {
  sigset_t set;
  sigemptyset(&set);
  auto r = raw::result<int>(raw::call(__NR_rt_sigprocmask, SIG_BLOCK, &set, nullptr, sizeof set));
  EXPECT_THAT(r, SyscallFailsWithErrno(EINVAL));
  EXPECT_EQ(raw::kernel_sigset_size, 8u);
}

TEST(RawKill, BlockedSignalStaysPendingUntilTaken) {
  scoped_signal_block block(SIGUSR1);
  ASSERT_THAT(raw::kill(raw::getpid().value(), SIGUSR1), SyscallSucceedsWithValue(0));
  sigset_t pending;
  ASSERT_EQ(::sigpending(&pending), 0);
  EXPECT_TRUE(sigismember(&pending, SIGUSR1));

  raw::kernel_sigset wanted = sigset_of(SIGUSR1);
  raw::kernel_old_timespec zero{0, 0};
  EXPECT_THAT(raw::rt_sigtimedwait(&wanted, nullptr, &zero), SyscallSucceedsWithValue(SIGUSR1));
  ASSERT_EQ(::sigpending(&pending), 0);
  EXPECT_FALSE(sigismember(&pending, SIGUSR1));
}

TEST(RawKill, SignalZeroChecksThatTheProcessExists) {
  EXPECT_THAT(raw::kill(raw::getpid().value(), 0), SyscallSucceeds());
}

TEST(RawKill, NonexistentProcessFailsWithESRCH) {
  // A pid above the kernel's PID_MAX_LIMIT (4194304) never exists.
  EXPECT_THAT(raw::kill(4194305 + 1000, 0), SyscallFailsWithErrno(ESRCH));
}

TEST(RawKill, InvalidSignalFailsWithEINVAL) {
  EXPECT_THAT(raw::kill(raw::getpid().value(), 65), SyscallFailsWithErrno(EINVAL));
}

TEST(RawTgkill, BlockedSignalToThisThreadIsPending) {
  scoped_signal_block block(SIGUSR1);
  ASSERT_THAT(raw::tgkill(raw::getpid().value(), raw::gettid().value(), SIGUSR1),
              SyscallSucceedsWithValue(0));
  sigset_t pending;
  ASSERT_EQ(::sigpending(&pending), 0);
  EXPECT_TRUE(sigismember(&pending, SIGUSR1));
}

TEST(RawTgkill, ThreadOfAnotherGroupFailsWithESRCH) {
  // Our tid exists, but not in a thread group whose id is past PID_MAX_LIMIT.
  EXPECT_THAT(raw::tgkill(4194305 + 1000, raw::gettid().value(), 0),
              SyscallFailsWithErrno(ESRCH));
}

TEST(RawRtSigtimedwait, NothingPendingTimesOutWithEAGAIN) {
  scoped_signal_block block(SIGUSR1);
  raw::kernel_sigset wanted = sigset_of(SIGUSR1);
  raw::kernel_old_timespec zero{0, 0};
  EXPECT_THAT(raw::rt_sigtimedwait(&wanted, nullptr, &zero), SyscallFailsWithErrno(EAGAIN));
}

// rt_sigaction reads the same disposition libc's sigaction installed.
TEST(RawRtSigaction, ReportsTheDispositionLibcInstalled) {
  struct sigaction ignore {}, old {};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGUSR2, &ignore, &old), 0);
  raw::kernel_sigaction seen{};
  EXPECT_THAT(raw::rt_sigaction(SIGUSR2, nullptr, &seen), SyscallSucceedsWithValue(0));
  EXPECT_EQ(reinterpret_cast<void*>(seen.sa_handler_fn), reinterpret_cast<void*>(SIG_IGN));
  ::sigaction(SIGUSR2, &old, nullptr);
}

TEST(RawRtSigaction, SigkillCannotBeCaughtFailsWithEINVAL) {
  raw::kernel_sigaction act{};
  act.sa_handler_fn = reinterpret_cast<void (*)(int)>(SIG_IGN);
  EXPECT_THAT(raw::rt_sigaction(SIGKILL, &act, nullptr), SyscallFailsWithErrno(EINVAL));
}

// --- clone(2) as fork, wait4(2), execve(2) --------------------------------------

// Forks with the raw clone and reaps with the raw wait4.  The child calls
// only raw functions (no libc after a raw fork).
int raw_fork_and_wait(int exit_code, raw::kernel_rusage* ru = nullptr) {
  auto pid = raw::clone_fork();
  if (pid.ok() && pid.value() == 0) raw::exit_group(exit_code);
  EXPECT_THAT(pid, SyscallSucceedsWithValue(Gt(0)));
  int status = -1;
  EXPECT_THAT(raw::wait4(pid.value(), &status, 0, ru), SyscallSucceedsWithValue(pid.value()));
  return status;
}

TEST(RawCloneFork, ChildExitStatusReachesWait4) {
  int status = raw_fork_and_wait(42);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 42);
}

TEST(RawCloneFork, ExitStatusIsTruncatedToEightBits) {
  int status = raw_fork_and_wait(256 + 7);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

TEST(RawCloneFork, ChildKilledBySignalIsReportedAsSignaled) {
  auto pid = raw::clone_fork();
  if (pid.ok() && pid.value() == 0) {
    raw::kill(raw::getpid().value(), SIGKILL);
    raw::exit_group(0);
  }
  ASSERT_THAT(pid, SyscallSucceeds());
  int status = 0;
  ASSERT_THAT(raw::wait4(pid.value(), &status, 0, nullptr), SyscallSucceeds());
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST(RawWait4, FillsInTheChildsRusage) {
  raw::kernel_rusage ru{};
  ru.ru_maxrss = -1;
  raw_fork_and_wait(0, &ru);
  EXPECT_GE(ru.ru_maxrss, 0);
}

TEST(RawWait4, WithNoChildrenFailsWithECHILD) {
  int status;
  EXPECT_THAT(raw::wait4(-1, &status, 0, nullptr), SyscallFailsWithErrno(ECHILD));
}

TEST(RawWait4, WnohangWithARunningChildReturnsZero) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  auto pid = raw::clone_fork();
  if (pid.ok() && pid.value() == 0) {
    char c;
    raw::read(fds[0], &c, 1);  // until the parent says go
    raw::exit_group(0);
  }
  ASSERT_THAT(pid, SyscallSucceeds());
  int status = 0;
  EXPECT_THAT(raw::wait4(pid.value(), &status, WNOHANG, nullptr), SyscallSucceedsWithValue(0));
  ::write(fds[1], "g", 1);
  EXPECT_THAT(raw::wait4(pid.value(), &status, 0, nullptr), SyscallSucceedsWithValue(pid.value()));
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(RawExecve, RunsBinTrueInAChild) {
  auto pid = raw::clone_fork();
  if (pid.ok() && pid.value() == 0) {
    char arg0[] = "true";
    char* argv[] = {arg0, nullptr};
    raw::execve("/bin/true", argv, environ);
    raw::exit_group(127);  // only reached when execve failed
  }
  ASSERT_THAT(pid, SyscallSucceeds());
  int status = -1;
  ASSERT_THAT(raw::wait4(pid.value(), &status, 0, nullptr), SyscallSucceeds());
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(RawExecve, ExitStatusOfTheNewProgramIsTheChilds) {
  auto pid = raw::clone_fork();
  if (pid.ok() && pid.value() == 0) {
    char arg0[] = "false";
    char* argv[] = {arg0, nullptr};
    raw::execve("/bin/false", argv, environ);
    raw::exit_group(127);
  }
  ASSERT_THAT(pid, SyscallSucceeds());
  int status = -1;
  ASSERT_THAT(raw::wait4(pid.value(), &status, 0, nullptr), SyscallSucceeds());
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

// A failed execve returns to the caller: no child is needed to see it.
TEST(RawExecve, MissingFileFailsWithENOENT) {
  char arg0[] = "missing";
  char* argv[] = {arg0, nullptr};
  EXPECT_THAT(raw::execve("/nonexistent/sysabi", argv, environ), SyscallFailsWithErrno(ENOENT));
}

TEST(RawExecve, NonExecutableFileFailsWithEACCES) {
  temp_dir dir;
  unique_fd(::openat(dir.fd(), "script", O_CREAT | O_WRONLY, 0600)).reset();  // mode 0600: no x bit
  char arg0[] = "script";
  char* argv[] = {arg0, nullptr};
  EXPECT_THAT(raw::execve((dir / "script").c_str(), argv, environ), SyscallFailsWithErrno(EACCES));
}

// --- prctl(2) -----------------------------------------------------------------

class RawPrctlName : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::prctl(PR_GET_NAME, saved_), 0); }
  void TearDown() override { ::prctl(PR_SET_NAME, saved_); }
  char saved_[16] = {};
};

TEST_F(RawPrctlName, SetNameThenGetNameRoundTrips) {
  ASSERT_THAT(raw::prctl(PR_SET_NAME, reinterpret_cast<unsigned long>("sysabi-unit")),
              SyscallSucceedsWithValue(0));
  char name[16] = {};
  ASSERT_THAT(raw::prctl(PR_GET_NAME, reinterpret_cast<unsigned long>(name)), SyscallSucceeds());
  EXPECT_STREQ(name, "sysabi-unit");
}

// The name is the thread's `comm`: 16 bytes with the terminating NUL.
TEST_F(RawPrctlName, LongNamesAreTruncatedToFifteenBytes) {
  ASSERT_THAT(raw::prctl(PR_SET_NAME, reinterpret_cast<unsigned long>("0123456789abcdefXYZ")),
              SyscallSucceeds());
  char name[16] = {};
  ASSERT_THAT(raw::prctl(PR_GET_NAME, reinterpret_cast<unsigned long>(name)), SyscallSucceeds());
  EXPECT_STREQ(name, "0123456789abcde");
}

TEST_F(RawPrctlName, NameShowsInProcComm) {
  ASSERT_THAT(raw::prctl(PR_SET_NAME, reinterpret_cast<unsigned long>("sysabi-comm")),
              SyscallSucceeds());
  std::ifstream comm("/proc/thread-self/comm");
  std::string line;
  std::getline(comm, line);
  EXPECT_EQ(line, "sysabi-comm");
}

TEST(RawPrctl, UnknownOptionFailsWithEINVAL) {
  EXPECT_THAT(raw::prctl(0x7fffffff), SyscallFailsWithErrno(EINVAL));
}

}  // namespace
