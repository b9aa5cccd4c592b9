// abi_checks/harness/scoped.cpp - see scoped.hpp.
#include "harness/scoped.hpp"

#include <asm/errno.h>
#include <linux/fcntl.h>

#include "harness/harness.hpp"
#include "sysabi/raw/calls.hpp"

namespace sysabi::harness {

void scoped_fd::reset(int fd) {
  if (fd_ >= 0) raw::close(fd_);
  fd_ = fd;
}

scoped_pipe::scoped_pipe(int flags) {
  int fds[2];
  if (raw::pipe2(fds, flags).ok()) r = fds[0], w = fds[1];
}

void scoped_pipe::close_r() {
  if (r >= 0) raw::close(r);
  r = -1;
}

void scoped_pipe::close_w() {
  if (w >= 0) raw::close(w);
  w = -1;
}

void scoped_mapping::reset(void* addr, usize len) {
  if (addr_ != nullptr) raw::munmap(addr_, len_);
  addr_ = addr;
  len_ = len;
}

scoped_mapping map(usize len, int prot, int flags, int fd, long offset, int* error) {
  auto m = raw::mmap(nullptr, len, prot, flags, fd, offset);
  if (error != nullptr) *error = m.ok() ? 0 : m.error();
  return m.ok() ? scoped_mapping(m.value(), len) : scoped_mapping();
}

scratch_dir::scratch_dir(const char* prefix) {
  static constexpr char letters[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const char* tmp = getenv("TMPDIR");
  if (tmp == nullptr || *tmp == 0) tmp = "/tmp";
  for (int attempt = 0; attempt < 100; ++attempt) {
    u8 random[6] = {};
    raw::getrandom(random, sizeof random, 0);
    path_.clear();
    path_.add(tmp).add('/').add(prefix);
    for (u8 r : random) path_.add(letters[r % (sizeof letters - 1)]);
    auto made = raw::mkdirat(AT_FDCWD, path_.c_str(), 0700);
    error_ = made.ok() ? 0 : made.error();
    if (error_ != EEXIST) break;
  }
  if (is_environment_errno(error_)) environment_problem("mkdir under TMPDIR", error_);
}

rt::sbuf<256> scratch_dir::path(const char* name) const {
  rt::sbuf<256> p(path_.c_str());
  p.add('/').add(name);
  return p;
}

scratch_dir::~scratch_dir() {
  if (error_ != 0) return;
  auto dir = raw::openat(AT_FDCWD, path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir.ok()) {
    alignas(8) char buf[4096];
    // Removing entries while reading goes on from the position after the
    // last entry returned.  A file is unlinked, a directory removed when it
    // is empty by then (the probes make no deeper trees).
    for (;;) {
      auto n = raw::getdents64(dir.value(), buf, sizeof buf);
      if (!n.ok() || n.value() <= 0) break;
      for (long at = 0; at < n.value();) {
        auto* e = reinterpret_cast<raw::kernel_dirent64*>(buf + at);
        at += e->d_reclen;
        if (rt::str_eq(e->d_name, ".") || rt::str_eq(e->d_name, "..")) continue;
        if (!raw::unlinkat(dir.value(), e->d_name, 0).ok())
          raw::unlinkat(dir.value(), e->d_name, AT_REMOVEDIR);
      }
    }
    raw::close(dir.value());
  }
  raw::unlinkat(AT_FDCWD, path_.c_str(), AT_REMOVEDIR);
}

}  // namespace sysabi::harness
