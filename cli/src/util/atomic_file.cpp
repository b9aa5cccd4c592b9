// cli/src/util/atomic_file.cpp - the one way sysabi writes an output file
// (sysabi/host/atomic_file.hpp): classify the path once, up front; replace
// regular files by temp file + fsync + rename in the target's own directory
// (rename is only atomic within one file system); write devices, FIFOs and
// symbolic links in place; never rename over anything that is not a regular
// file.
#include "sysabi/host/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "sysabi/host/process.hpp"
#include "sysabi/host/usage_error.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void refuse(const fs::path& target, std::string_view why) {
  throw usage_error(fmt::format("cannot write {}: {}", target.string(), why));
}

const char* kind_name(mode_t mode) {
  if (S_ISDIR(mode)) return "it is a directory";
  if (S_ISBLK(mode)) return "it is a block device";
  if (S_ISSOCK(mode)) return "it is a socket";
  return "it is not a regular file, character device or FIFO";
}

bool writable(const fs::path& p) { return ::faccessat(AT_FDCWD, p.c_str(), W_OK, AT_EACCESS) == 0; }

// Writes all of `content` to `fd`; false (errno set) on failure.
bool write_all(int fd, std::string_view content) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) {
      errno = EIO;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

atomic_file::atomic_file(fs::path target) : target_(std::move(target)) {
  if (target_.empty()) throw usage_error("empty output path");
  if (target_ == "-") {
    how_ = how::to_stdout;
    return;
  }
  struct stat st {};
  if (::lstat(target_.c_str(), &st) != 0) {
    if (errno != ENOENT) refuse(target_, std::strerror(errno));
    // A new name: its directory must exist (a missing one is not created).
    fs::path dir = target_.parent_path();
    if (dir.empty()) dir = ".";
    struct stat dst {};
    if (::stat(dir.c_str(), &dst) != 0) refuse(target_, std::strerror(errno));
    if (!S_ISDIR(dst.st_mode)) refuse(target_, std::strerror(ENOTDIR));
    st.st_mode = 0;
  } else if (S_ISLNK(st.st_mode) || S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
    // Written in place, through the link: the link and the node stay.
    if (::stat(target_.c_str(), &st) != 0) {
      if (errno == ENOENT) refuse(target_, "it is a symbolic link to a missing file");
      refuse(target_, std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode))
      refuse(target_, kind_name(st.st_mode));
    if (!writable(target_)) refuse(target_, std::strerror(errno));
    how_ = how::in_place;
    exists_ = true;
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    mode_ = st.st_mode;
    return;
  } else if (!S_ISREG(st.st_mode)) {
    refuse(target_, kind_name(st.st_mode));
  } else {
    exists_ = true;
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    mode_ = st.st_mode;
  }

  fs::path dir = target_.parent_path();
  if (dir.empty()) dir = ".";
  // A hidden name next to the target: ".r.json.XXXXXX".
  std::string name = ".";
  name.append(target_.filename().string()).append(".XXXXXX");
  std::string tmpl = (dir / name).string();
  fd_ = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd_ < 0) refuse(target_, std::strerror(errno));
  temp_ = tmpl;
  if (exists_) {
    // The replacement keeps the old file's permissions (and, for root, its owner).
    ::fchmod(fd_, mode_ & 07777);
    if (::geteuid() == 0 && ::fchown(fd_, st.st_uid, st.st_gid) != 0) {
      // Not fatal: the content is what matters.
    }
  } else {
    // mkstemp makes it 0600; give it what a plain new file would get.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
  }
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
  auto fail = [&](const char* what, int e) {
    discard();
    throw_if_interrupted();  // an open or write cut short by a signal
    throw std::runtime_error(
        fmt::format("cannot write {}: {}: {}", target_.string(), what, std::strerror(e)));
  };
  if (how_ == how::to_stdout) {
    if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size() ||
        std::fflush(stdout) != 0)
      fail("write", errno);
    return;
  }
  if (how_ == how::in_place) {
    // Opened only now: a FIFO's open waits for its reader.
    int flags = O_WRONLY | O_NOCTTY | O_CLOEXEC | (S_ISREG(mode_) ? O_TRUNC : 0);
    int fd = ::open(target_.c_str(), flags);
    if (fd < 0) fail("open", errno);
    if (!write_all(fd, content)) {
      int e = errno;
      ::close(fd);
      fail("write", e);
    }
    if (::close(fd) != 0) fail("close", errno);
    throw_if_interrupted();
    return;
  }
  if (fd_ < 0) throw std::runtime_error("atomic_file: already committed or discarded");
  if (!write_all(fd_, content)) fail("write", errno);
  if (::fsync(fd_) != 0) fail("fsync", errno);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    int e = errno;
    ::unlink(temp_.c_str());
    fail("close", e);
  }
  // The target must still be what it was when classified (or still absent):
  // never rename over something that became a device or directory meanwhile.
  struct stat now {};
  bool present = ::lstat(target_.c_str(), &now) == 0;
  if (present && !S_ISREG(now.st_mode)) {
    ::unlink(temp_.c_str());
    throw std::runtime_error(
        fmt::format("cannot write {}: it is no longer a regular file", target_.string()));
  }
  if (interrupt_requested.load()) {
    ::unlink(temp_.c_str());  // the old target stays
    throw interrupted();
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    int e = errno;
    ::unlink(temp_.c_str());
    throw std::runtime_error(
        fmt::format("cannot write {}: rename: {}", target_.string(), std::strerror(e)));
  }
}

void refuse_same_file(const std::vector<const atomic_file*>& outputs,
                      const std::vector<fs::path>& inputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const atomic_file* o = outputs[i];
    if (!o) continue;
    for (const auto& in : inputs) {
      struct stat st {};
      if (o->exists_ && ::stat(in.c_str(), &st) == 0 && st.st_dev == o->dev_ && st.st_ino == o->ino_ &&
          !S_ISCHR(st.st_mode))
        refuse(o->target_, fmt::format("it is the same file as the input {}", in.string()));
    }
    for (std::size_t j = 0; j < i; ++j) {
      const atomic_file* p = outputs[j];
      if (!p) continue;
      if (o->is_stdout() && p->is_stdout())
        refuse(o->target_, "standard output is already another output");
      if (o->exists_ && p->exists_ && o->dev_ == p->dev_ && o->ino_ == p->ino_ && !S_ISCHR(o->mode_))
        refuse(o->target_, fmt::format("it is the same file as the output {}", p->target_.string()));
      if (!o->exists_ && !p->exists_ && o->how_ == atomic_file::how::replace &&
          p->how_ == atomic_file::how::replace &&
          fs::weakly_canonical(o->target_) == fs::weakly_canonical(p->target_))
        refuse(o->target_, fmt::format("it is the same file as the output {}", p->target_.string()));
    }
  }
}

void check_temp_dir() {
  if (const char* t = std::getenv("TMPDIR"); t && !*t)
    throw usage_error("TMPDIR is set but empty");
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) throw usage_error(fmt::format("no temporary directory: {}", ec.message()));
  std::string tmpl = (base / "sysabi-check.XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr)
    throw usage_error(fmt::format("cannot make a temporary directory in {}: {}", base.string(),
                                  std::strerror(errno)));
  ::rmdir(tmpl.c_str());
}

}  // namespace sysabi::host
