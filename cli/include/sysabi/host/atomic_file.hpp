// sysabi/host/atomic_file.hpp - every file sysabi writes (--json, -o, --html,
// --console, ...) goes through atomic_file, which decides once, before the
// work starts, how the path is written:
//   a regular file, or a missing name in an existing directory: a temporary
//     file in the same directory, renamed over the target, so readers see
//     either the old content or the whole new one (the old file's mode is
//     kept);
//   "-": standard output;
//   a character device or FIFO (/dev/null, /dev/full, a pipe, /dev/stdout),
//     or a symbolic link to one or to a regular file: written in place,
//     never renamed over (a rename over /dev/null would replace the device);
//   anything else (a directory, a block device, a socket, a dangling link,
//     a missing directory): refused with usage_error (exit 2).
// refuse_same_file() refuses an output that is also an input, and
// check_temp_dir() an unusable TMPDIR, before the work starts.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sysabi::host {

class atomic_file {
 public:
  // Classifies `target` and, for a replaced file, creates the temporary
  // file next to it; throws usage_error (with the path and the reason) if
  // the path cannot be written as described above.
  explicit atomic_file(std::filesystem::path target);
  ~atomic_file();  // removes the temporary file unless committed
  atomic_file(const atomic_file&) = delete;
  atomic_file& operator=(const atomic_file&) = delete;

  // Writes `content` (replaced files: flushed to disk and renamed over the
  // target); throws std::runtime_error on failure (a replaced target is
  // then untouched).
  void commit(std::string_view content);
  // Removes the temporary file now.
  void discard();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temp_path() const { return temp_; }
  bool is_stdout() const { return how_ == how::to_stdout; }

  enum class how { replace, in_place, to_stdout };

 private:
  friend void refuse_same_file(const std::vector<const atomic_file*>&,
                               const std::vector<std::filesystem::path>&);
  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  how how_ = how::replace;
  bool exists_ = false;  // dev_/ino_/mode_ describe the file now at target_
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  mode_t mode_ = 0;
};

// Throws usage_error if an output is the same file (st_dev and st_ino) as
// one of `inputs` or as another output (two outputs may share a character
// device such as /dev/null), or if two outputs are both standard output.
// Null outputs are skipped; inputs that cannot be stat'ed are left to the
// reader to report.
void refuse_same_file(const std::vector<const atomic_file*>& outputs,
                      const std::vector<std::filesystem::path>& inputs = {});

// Throws usage_error unless a directory can be made in the temporary
// directory (TMPDIR, else /tmp): an empty TMPDIR, a missing or unwritable
// one is found before the work starts.
void check_temp_dir();

}  // namespace sysabi::host
