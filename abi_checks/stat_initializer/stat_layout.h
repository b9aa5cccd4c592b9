/* abi_checks/stat_initializer/stat_layout.h - struct stat's size and the
 * offsets of its fields as one initializer, so that the C half (init.c) and
 * the C++ half (stat_initializer.cpp) compute it from the same text and the
 * probe can check both compilers see the same struct. */
#ifndef SYSABI_STAT_INITIALIZER_STAT_LAYOUT_H
#define SYSABI_STAT_INITIALIZER_STAT_LAYOUT_H

#define SYSABI_STAT_LAYOUT_ENTRIES 14
#define SYSABI_STAT_LAYOUT                                                                   \
  {                                                                                          \
    sizeof(struct stat), offsetof(struct stat, st_dev), offsetof(struct stat, st_ino),       \
        offsetof(struct stat, st_mode), offsetof(struct stat, st_nlink),                     \
        offsetof(struct stat, st_uid), offsetof(struct stat, st_gid),                        \
        offsetof(struct stat, st_rdev), offsetof(struct stat, st_size),                      \
        offsetof(struct stat, st_blksize), offsetof(struct stat, st_blocks),                 \
        offsetof(struct stat, st_atim), offsetof(struct stat, st_mtim),                      \
        offsetof(struct stat, st_ctim)                                                       \
  }

#endif
