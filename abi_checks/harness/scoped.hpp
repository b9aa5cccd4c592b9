// abi_checks/harness/scoped.hpp - owners that release what a probe made
// when they go out of scope: a scratch directory, a mapping, a descriptor.
// A probe that returns early (a skip, a failed setup) leaves nothing behind,
// and no probe writes its clean-up by hand.
#pragma once

#include "sysabi/raw/result.hpp"
#include "sysabi/raw/types.hpp"
#include "sysabi/rt/str.hpp"

namespace sysabi::harness {

// A descriptor that is closed at the end of its scope.  Holds -errno (or -1)
// when there is none: ok() says which, error() gives the errno.
class scoped_fd {
 public:
  scoped_fd() = default;
  // A descriptor, or -errno (what libc's open returns is taken as -1).
  explicit scoped_fd(int fd) : fd_(fd) {}
  // What a raw call returned: the descriptor, or its errno.
  explicit scoped_fd(raw::result<int> r) : fd_(r.ok() ? r.value() : -r.error()) {}
  scoped_fd(scoped_fd&& o) : fd_(o.release()) {}
  scoped_fd& operator=(scoped_fd&& o) {
    reset(o.release());
    return *this;
  }
  ~scoped_fd() { reset(); }

  bool ok() const { return fd_ >= 0; }
  int get() const { return fd_; }
  int error() const { return fd_ < 0 ? -fd_ : 0; }
  // Closes the one held (if any) and holds `fd`.
  void reset(int fd = -1);
  // Gives the descriptor up without closing it.
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// A pipe (pipe2 with `flags`) whose ends still open are closed at the end
// of its scope.  r and w are -1 when pipe2 failed (ok() false) or once the
// end is closed; a probe closes an end early (to make the reader see EOF)
// with close_r/close_w.
struct scoped_pipe {
  int r = -1, w = -1;
  explicit scoped_pipe(int flags = 0);
  scoped_pipe(const scoped_pipe&) = delete;
  scoped_pipe& operator=(const scoped_pipe&) = delete;
  ~scoped_pipe() {
    close_r();
    close_w();
  }
  bool ok() const { return r >= 0 && w >= 0; }
  void close_r();
  void close_w();
};

// A mapping that is unmapped at the end of its scope.
class scoped_mapping {
 public:
  scoped_mapping() = default;
  // Takes over `len` bytes at `addr` (nullptr: nothing).
  scoped_mapping(void* addr, usize len) : addr_(addr), len_(len) {}
  scoped_mapping(scoped_mapping&& o) : addr_(o.addr_), len_(o.len_) { o.addr_ = nullptr; }
  scoped_mapping& operator=(scoped_mapping&& o) {
    reset(o.addr_, o.len_);
    o.addr_ = nullptr;
    return *this;
  }
  ~scoped_mapping() { reset(); }

  bool ok() const { return addr_ != nullptr; }
  void* get() const { return addr_; }
  // The mapping as an array of T.
  template <class T = u8>
  T* as() const {
    return static_cast<T*>(addr_);
  }
  usize size() const { return len_; }
  // Unmaps the one held (if any) and holds `addr` and `len`.
  void reset(void* addr = nullptr, usize len = 0);
  // Holds only the first `len` bytes: the probe unmapped the rest itself.
  void keep_first(usize len) { len_ = len; }

 private:
  void* addr_ = nullptr;
  usize len_ = 0;
};

// mmap through the raw layer; a mapping that is not ok() on failure, with
// the errno in *error when error is not null.
scoped_mapping map(usize len, int prot, int flags, int fd = -1, long offset = 0,
                   int* error = nullptr);

// A new directory under $TMPDIR (or /tmp when unset or empty), made as
// mkdtemp(3) does: "<prefix>XXXXXX" with six random letters and digits,
// mode 0700, another name on EEXIST.  At the end of its scope it removes
// what is in it (files, and directories that are empty by then) and itself.
class scratch_dir {
 public:
  explicit scratch_dir(const char* prefix);
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  ~scratch_dir();

  // 0 when the directory was made, else the errno of the last attempt.
  int error() const { return error_; }
  bool ok() const { return error_ == 0; }
  const char* path() const { return path_.c_str(); }
  // "<dir>/<name>", for a file the probe makes in it.
  rt::sbuf<256> path(const char* name) const;

 private:
  rt::sbuf<256> path_;
  int error_ = 0;
};

}  // namespace sysabi::harness
