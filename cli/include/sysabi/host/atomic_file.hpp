// sysabi/host/atomic_file.hpp - write a file so that readers see either the
// old content or the whole new one: a temporary file in the same directory,
// renamed over the target.  Opened before the work starts, so an unwritable
// path is found out before anything runs.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace sysabi::host {

class atomic_file {
 public:
  // Creates the temporary file next to `target`; throws usage_error (with
  // the path and the reason) if that is not possible, or if `target` is a
  // directory.
  explicit atomic_file(std::filesystem::path target);
  ~atomic_file();  // removes the temporary file unless committed
  atomic_file(const atomic_file&) = delete;
  atomic_file& operator=(const atomic_file&) = delete;

  // Writes `content`, flushes it to disk and renames it over the target;
  // throws std::runtime_error on failure (the target is then untouched).
  void commit(std::string_view content);
  // Removes the temporary file now.
  void discard();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temp_path() const { return temp_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
};

}  // namespace sysabi::host
