// sysabi/host/private_dir.hpp - a directory only this user can change (the
// `vm --debian` kernel cache): what it holds is booted, so another local
// user must not be able to plant a kernel or a symbolic link in it.
#pragma once

#include <filesystem>

namespace sysabi::host {

// Creates `dir` with mode 0700 if it is missing (its parents as needed),
// then checks it before any use: a real directory (not a symbolic link),
// owned by the effective user, writable by no group or other user.  A
// directory that passes but is readable by others is narrowed to 0700.
// Throws usage_error naming the path and what is wrong otherwise.
void open_private_dir(const std::filesystem::path& dir);

}  // namespace sysabi::host
