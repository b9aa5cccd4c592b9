/* abi_checks/stat/posix_fields.h - the one list of the ten struct stat
 * fields POSIX names before the timestamps, as an X-macro, for every probe
 * that walks them: stat/fields.hpp (the stat and raw_vs_libc probes'
 * kernel-against-libc comparison) and the stat_initializer probe (its C and
 * C++ halves).  C and C++ alike.
 *
 * SYSABI_STAT_POSIX_FIELDS(F) expands F(member, position) for each field in
 * POSIX's order (<sys/stat.h>), position counting from 1. */
#ifndef SYSABI_STAT_POSIX_FIELDS_H
#define SYSABI_STAT_POSIX_FIELDS_H

#define SYSABI_STAT_POSIX_FIELDS(F)                                                          \
  F(st_dev, 1) F(st_ino, 2) F(st_mode, 3) F(st_nlink, 4) F(st_uid, 5) F(st_gid, 6)           \
  F(st_rdev, 7) F(st_size, 8) F(st_blksize, 9) F(st_blocks, 10)

#endif
