// cli/src/vm/debian_verify.hpp - a cached Debian kernel checked against
// Debian's own metadata before `sysabi vm --debian` boots it
// (debian_verify.cpp).  Private to cli/src/vm.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sysabi::host::vm {

// `dir` is one cache entry, cache/<image>/: the package's .deb as apt-get
// downloaded it and root/, where dpkg -x unpacked it.  Returns nullopt when
// there is no entry yet (nothing unpacked: fetch it), else the vmlinuz in it
// once everything below holds, else usage_error naming what does not:
//   - the .deb (one regular file) has the SHA256 that apt's package index
//     gives for its Package, Version and Architecture (`apt-cache show`:
//     the index apt checked against the archive's signed Release file);
//   - the .deb's own md5sums list boot/vmlinuz-*, and the file of that name
//     under root/ is a regular file reached through no symbolic link, owned
//     by the effective user, writable by nobody else, with that MD5.
// apt_cache: the apt-cache command and its -o options (the private apt
// configuration of --debian-release, or none).
std::optional<std::filesystem::path> verified_kernel(const std::filesystem::path& dir,
                                                     const std::vector<std::string>& apt_cache);

}  // namespace sysabi::host::vm
