// abi_checks/harness/environment.hpp - what this probe runner is running on,
// detected by behaviour (never by version numbers): emulation, CPU features,
// privileges, and the files under /proc that probes read.
#pragma once

#include "sysabi/raw/types.hpp"

namespace sysabi::harness {

// True when this process runs under qemu-user, which emulates system calls,
// page protections and /proc/self: facts about the real kernel's entry path,
// its page tables or its memory accounting are then not observable.
// qemu-user answers /proc/self/exe by path name, so the same link read
// through a directory descriptor names the emulator; and its synthetic
// /proc/self/stat has a digit where the kernel puts a state letter.
bool under_qemu_user();

// True under a qemu-user whose fstat, stat and lstat leave st_atime_nsec,
// st_mtime_nsec and st_ctime_nsec 0: it converts its host's struct stat
// into the guest's and copies the nanoseconds only where its target
// definition says the struct has them (qemu 7.2: not for s390x, whose
// kernel struct stat does have them), while newfstatat/fstatat64 goes
// through a conversion that copies them.  Found out on this program's own
// executable: fstat against fstatat(fd, "", AT_EMPTY_PATH) of the same
// file, which a kernel answers from the same inode.  False when the file's
// timestamps have no nanoseconds to lose.
bool qemu_stat_drops_nsec();
// The reason facts give when that happens.
inline constexpr const char qemu_stat_nsec_reason[] =
    "qemu-user leaves st_*_nsec 0 in this target's fstat/stat/lstat struct stat";

// True when /proc/cpuinfo's "flags" line (x86) or "Features" line (arm)
// lists `flag` as a whole word.
bool cpu_has_flag(const char* flag);

// True when running with euid 0.
bool running_as_root();

// Reads a whole small file (up to size-1 bytes) into buf, NUL-terminated.
// Returns the length, or -errno.
long read_file(const char* path, char* buf, usize size);

// A new file with no name (O_TMPFILE) under $TMPDIR (or /tmp), read-write,
// holding `size` bytes of `fill`; its descriptor, or -errno.  Nothing to
// remove afterwards: closing it is enough.
int anonymous_file(usize size, char fill = 0);

// The value of a "Name:   value kB" line of /proc/self/status (VmRSS,
// VmPTE, ...), in kB; -1 if absent.
long proc_status_kb(const char* name);

// Resident memory counted page by page: the "Rss:" of /proc/self/smaps_rollup,
// in kB, which the kernel computes by walking the page tables (the shared
// zero page is not counted).  VmRSS in /proc/self/status is a counter that
// kernels before 6.2 update in per-thread batches, so it can lag by dozens
// of pages.  -1 if unreadable.
long resident_kb();

// bytes_equal / str_equal / str_find: byte-string helpers probes share.
bool bytes_equal(const void* a, const void* b, usize n);
bool str_equal(const char* a, const char* b);
// The first occurrence of `needle` in `hay`, or nullptr.
const char* str_find(const char* hay, const char* needle);

}  // namespace sysabi::harness
