// abi_checks/stat/fields.hpp - one struct stat answer as the fields the
// kernel and libc both report, widened to 64 bits: the conversion from each
// side (designated initializers) and the field-by-field comparison, written
// once for the stat probe (verify.*) and raw_vs_libc (fstat.*).
//
// libc's struct stat is not the kernel's (32-bit glibc fills it from statx
// or fstat64, musl has its own layout), so answers are compared by value,
// never as bytes.  Both users are compiled with _FILE_OFFSET_BITS=64 and
// _TIME_BITS=64; the kernel side is the arch's large-file struct
// (raw::kernel_stat_lfs: fstat64's on i386 and arm, fstat's elsewhere).
#pragma once

#include <sys/stat.h>

#include "stat/posix_fields.h"
#include "sysabi/raw/calls.hpp"

namespace sysabi::stat_compare {

struct timestamp {
  i64 sec, nsec;
  bool operator==(const timestamp&) const = default;
};

// Member names as in struct stat, so that one X-macro fills both sides.
struct stat_fields {
  u64 st_dev, st_ino, st_mode, st_nlink, st_uid, st_gid, st_rdev;
  i64 st_size, st_blksize, st_blocks;
  timestamp st_atim, st_mtim, st_ctim;
};

// SYSABI_STAT_COMPARED(F): every compared field in order: POSIX's ten
// (stat/posix_fields.h) as F_POSIX(member, position), which the caller
// defines beside F, then the timestamps as F(member, id).  The id names the
// field in fact ids and messages (a timestamp as POSIX names its seconds,
// st_atime); POSIX's ten are named as their members.
#define SYSABI_STAT_COMPARED(F)       \
  SYSABI_STAT_POSIX_FIELDS(F##_POSIX) \
  F(st_atim, "st_atime") F(st_mtim, "st_mtime") F(st_ctim, "st_ctime")

// The ids of the compared fields, in order.
#define SYSABI_STAT_ID_POSIX(member, position) #member,
#define SYSABI_STAT_ID(member, id) id,
inline constexpr const char* stat_field_ids[] = {SYSABI_STAT_COMPARED(SYSABI_STAT_ID)};
#undef SYSABI_STAT_ID_POSIX
#undef SYSABI_STAT_ID
inline constexpr usize stat_field_count = sizeof stat_field_ids / sizeof stat_field_ids[0];

// `.st_dev = st.st_dev,` for each of POSIX's ten, widened.
#define SYSABI_STAT_TAKE(member, position) \
  .member = static_cast<decltype(stat_fields::member)>(st.member),

// clang-format off
// The kernel's answer (raw::kernel_stat_lfs names the timestamps' halves).
inline stat_fields from_kernel(const raw::kernel_stat_lfs& st) {
  return {SYSABI_STAT_POSIX_FIELDS(SYSABI_STAT_TAKE)
          .st_atim = {static_cast<i64>(st.st_atime_sec), static_cast<i64>(st.st_atime_nsec)},
          .st_mtim = {static_cast<i64>(st.st_mtime_sec), static_cast<i64>(st.st_mtime_nsec)},
          .st_ctim = {static_cast<i64>(st.st_ctime_sec), static_cast<i64>(st.st_ctime_nsec)}};
}

// The same answer from statx(2).  dev_t as the kernel encodes it for the
// stat calls (new_encode_dev: minor's low byte, then 12 bits of major, the
// rest of minor, the rest of major), which is also glibc's makedev.
inline u64 encode_dev(u32 major, u32 minor) {
  return (minor & 0xffu) | (static_cast<u64>(major & 0xfffu) << 8) |
         (static_cast<u64>(minor & ~0xffu) << 12) | (static_cast<u64>(major & ~0xfffu) << 32);
}
inline stat_fields from_statx(const raw::kernel_statx& x) {
  return {.st_dev = encode_dev(x.stx_dev_major, x.stx_dev_minor),
          .st_ino = x.stx_ino,
          .st_mode = x.stx_mode,
          .st_nlink = x.stx_nlink,
          .st_uid = x.stx_uid,
          .st_gid = x.stx_gid,
          .st_rdev = encode_dev(x.stx_rdev_major, x.stx_rdev_minor),
          .st_size = static_cast<i64>(x.stx_size),
          .st_blksize = x.stx_blksize,
          .st_blocks = static_cast<i64>(x.stx_blocks),
          .st_atim = {x.stx_atime.tv_sec, x.stx_atime.tv_nsec},
          .st_mtim = {x.stx_mtime.tv_sec, x.stx_mtime.tv_nsec},
          .st_ctim = {x.stx_ctime.tv_sec, x.stx_ctime.tv_nsec}};
}

// libc's answer (struct timespec timestamps).
inline stat_fields from_libc(const struct stat& st) {
  return {SYSABI_STAT_POSIX_FIELDS(SYSABI_STAT_TAKE)
          .st_atim = {st.st_atim.tv_sec, st.st_atim.tv_nsec},
          .st_mtim = {st.st_mtim.tv_sec, st.st_mtim.tv_nsec},
          .st_ctim = {st.st_ctim.tv_sec, st.st_ctim.tv_nsec}};
}
// clang-format on
#undef SYSABI_STAT_TAKE

// value(f, i): field i (stat_field_ids[i]) of an answer, a timestamp as
// its seconds (nsec: its nanoseconds; 0 for the other fields).
inline i64 field_value(const stat_fields& a, usize i, bool nsec = false) {
  usize k = 0;
  i64 v = 0;
#define SYSABI_STAT_VALUE_POSIX(member, position) \
  if (k++ == i) v = nsec ? 0 : static_cast<i64>(a.member);
#define SYSABI_STAT_VALUE(member, id) \
  if (k++ == i) v = nsec ? a.member.nsec : a.member.sec;
  SYSABI_STAT_COMPARED(SYSABI_STAT_VALUE)
#undef SYSABI_STAT_VALUE_POSIX
#undef SYSABI_STAT_VALUE
  return v;
}

// same[i]: field i (stat_field_ids[i]) is equal in both answers.
inline void compare(const stat_fields& a, const stat_fields& b, bool (&same)[stat_field_count]) {
  usize i = 0;
#define SYSABI_STAT_SAME_POSIX(member, position) same[i++] = a.member == b.member;
#define SYSABI_STAT_SAME(member, id) same[i++] = a.member == b.member;
  SYSABI_STAT_COMPARED(SYSABI_STAT_SAME)
#undef SYSABI_STAT_SAME_POSIX
#undef SYSABI_STAT_SAME
}

// The id of the first field in which two answers differ, or nullptr.
inline const char* first_difference(const stat_fields& a, const stat_fields& b) {
  bool same[stat_field_count];
  compare(a, b, same);
  for (usize i = 0; i < stat_field_count; ++i)
    if (!same[i]) return stat_field_ids[i];
  return nullptr;
}

// Whether two answers differ in nothing but the timestamps' nanoseconds
// (and do differ there): what a qemu-user that drops them shows
// (harness::qemu_stat_drops_nsec).
inline bool differ_only_in_nanoseconds(stat_fields a, stat_fields b) {
  if (!first_difference(a, b)) return false;
  a.st_atim.nsec = a.st_mtim.nsec = a.st_ctim.nsec = 0;
  b.st_atim.nsec = b.st_mtim.nsec = b.st_ctim.nsec = 0;
  return !first_difference(a, b);
}

// Whether field i (stat_field_ids[i]) is a timestamp whose seconds agree
// and whose nanoseconds do not.
inline bool nanoseconds_only(const stat_fields& a, const stat_fields& b, usize i) {
  const timestamp* ta[] = {&a.st_atim, &a.st_mtim, &a.st_ctim};
  const timestamp* tb[] = {&b.st_atim, &b.st_mtim, &b.st_ctim};
  if (i + 3 < stat_field_count) return false;  // the timestamps are the last three
  const usize t = i - (stat_field_count - 3);
  return ta[t]->sec == tb[t]->sec && ta[t]->nsec != tb[t]->nsec;
}

}  // namespace sysabi::stat_compare
