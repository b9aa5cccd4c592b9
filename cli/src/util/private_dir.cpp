// cli/src/util/private_dir.cpp - create or check a directory private to the
// effective user (sysabi/host/private_dir.hpp).  The check is made on the
// opened directory (O_NOFOLLOW, fstat), not on the name.
#include "sysabi/host/private_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "sysabi/host/usage_error.hpp"

namespace sysabi::host {

namespace fs = std::filesystem;

void open_private_dir(const fs::path& dir) {
  if (dir.empty()) throw usage_error("empty directory path");
  std::error_code ec;
  if (fs::path parent = dir.parent_path(); !parent.empty()) fs::create_directories(parent, ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw usage_error(fmt::format("cannot make {}: {}", dir.string(), std::strerror(errno)));
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP || errno == ENOTDIR)
      throw usage_error(fmt::format("{} is not private: it is not a directory (a symbolic link?)",
                                    dir.string()));
    throw usage_error(fmt::format("cannot open {}: {}", dir.string(), std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    throw usage_error(fmt::format("cannot stat {}: {}", dir.string(), std::strerror(e)));
  }
  std::string wrong;
  if (st.st_uid != ::geteuid())
    wrong = fmt::format("it belongs to uid {}, not {}", st.st_uid, ::geteuid());
  else if (st.st_mode & 022)
    wrong = fmt::format("others may write to it (mode {:04o})", st.st_mode & 07777);
  else if ((st.st_mode & 077) && ::fchmod(fd, 0700) != 0)
    wrong = fmt::format("cannot make it 0700: {}", std::strerror(errno));
  ::close(fd);
  if (!wrong.empty())
    throw usage_error(fmt::format("{} is not private: {}", dir.string(), wrong));
}

}  // namespace sysabi::host
