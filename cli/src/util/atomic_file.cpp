// cli/src/util/atomic_file.cpp - temp file + fsync + rename, in the target's
// own directory (rename is only atomic within one file system).
#include "sysabi/host/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "sysabi/host/fact.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

atomic_file::atomic_file(fs::path target) : target_(std::move(target)) {
  if (target_.empty()) throw usage_error("empty output path");
  std::error_code ec;
  if (fs::is_directory(target_, ec))
    throw usage_error(fmt::format("cannot write {}: it is a directory", target_.string()));
  fs::path dir = target_.parent_path();
  if (dir.empty()) dir = ".";
  // A hidden name next to the target: ".r.json.XXXXXX".
  std::string name = ".";
  name.append(target_.filename().string()).append(".XXXXXX");
  std::string tmpl = (dir / name).string();
  fd_ = ::mkstemp(tmpl.data());
  if (fd_ < 0)
    throw usage_error(fmt::format("cannot write {}: {}", target_.string(), std::strerror(errno)));
  temp_ = tmpl;
  // mkstemp makes it 0600; give it what a plain new file would get.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
}

atomic_file::~atomic_file() { discard(); }

void atomic_file::discard() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
    ::unlink(temp_.c_str());
  }
}

void atomic_file::commit(std::string_view content) {
  if (fd_ < 0) throw std::runtime_error("atomic_file: already committed or discarded");
  auto fail = [&](const char* what) {
    int e = errno;
    discard();
    throw std::runtime_error(
        fmt::format("cannot write {}: {}: {}", target_.string(), what, std::strerror(e)));
  };
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write");
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd_) != 0) fail("fsync");
  if (::close(fd_) != 0) {
    fd_ = -1;
    int e = errno;
    ::unlink(temp_.c_str());
    errno = e;
    fail("close");
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    int e = errno;
    ::unlink(temp_.c_str());
    throw std::runtime_error(
        fmt::format("cannot write {}: rename: {}", target_.string(), std::strerror(e)));
  }
}

}  // namespace sysabi::host
