// tests/unit/test_support.hpp - cleanup objects and helpers for the unit
// tests, after gVisor's test/util: a descriptor that closes itself, a
// temporary directory that removes itself, a signal mask that restores
// itself, and a way to run code in a child process and get its wait status.
//
// The helpers use libc (glibc here) on purpose: they set the scene, and the
// raw layer is what the tests look at.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace sysabi::testing {

// A file descriptor closed when it goes out of scope.
class unique_fd {
 public:
  unique_fd() = default;
  explicit unique_fd(int fd) : fd_(fd) {}
  unique_fd(unique_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  unique_fd& operator=(unique_fd&& o) noexcept {
    reset(std::exchange(o.fd_, -1));
    return *this;
  }
  ~unique_fd() { reset(); }

  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// Both ends of a pipe, closed when they go out of scope.
struct pipe_fds {
  unique_fd read_end;
  unique_fd write_end;
};

// A pipe made by libc's pipe2, for tests that look at something else.
inline pipe_fds make_pipe(int flags = 0) {
  int fds[2] = {-1, -1};
  EXPECT_EQ(::pipe2(fds, flags), 0) << "pipe2: " << ::strerrorname_np(errno);
  return {unique_fd(fds[0]), unique_fd(fds[1])};
}

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it
// when it goes out of scope.  fd() is an O_PATH-free directory descriptor
// for the *at() calls.
class temp_dir {
 public:
  temp_dir() {
    const char* base = ::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/sysabi-unit-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp(" << tmpl << "): " << ::strerrorname_np(errno);
      return;
    }
    path_ = tmpl;
    fd_.reset(::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  ~temp_dir() {
    fd_.reset();
    if (!path_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::string& path() const { return path_; }
  int fd() const { return fd_.get(); }
  // The absolute path of `name` inside this directory.
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
  unique_fd fd_;
};

// Blocks a signal for the lifetime of the object (in this thread), then
// discards any instance of it left pending and restores the old mask.
class scoped_signal_block {
 public:
  explicit scoped_signal_block(int sig) : sig_(sig) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~scoped_signal_block() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig_);
    const struct timespec zero = {0, 0};
    while (::sigtimedwait(&set, nullptr, &zero) == sig_) {
    }
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  scoped_signal_block(const scoped_signal_block&) = delete;
  scoped_signal_block& operator=(const scoped_signal_block&) = delete;

 private:
  int sig_;
  sigset_t old_;
};

// Runs fn() in a forked child, which exits 0 when fn returns (fn may also
// _exit or die by a signal), and returns the child's wait status.  The child
// must not use gtest assertions: report through the exit status instead.
template <class F>
int run_in_child(F&& fn) {
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << ::strerrorname_np(errno);
    return -1;
  }
  if (pid == 0) {
    fn();
    ::_exit(0);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace sysabi::testing
