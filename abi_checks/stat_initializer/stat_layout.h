/* abi_checks/stat_initializer/stat_layout.h - struct stat's size and the
 * offsets of its fields as one initializer, so that the C half (init.c) and
 * the C++ half (stat_initializer.cpp) compute it from the same text and the
 * probe can check both compilers see the same struct.  The fields are
 * POSIX's ten (stat/posix_fields.h), then the three timestamps. */
#ifndef SYSABI_STAT_INITIALIZER_STAT_LAYOUT_H
#define SYSABI_STAT_INITIALIZER_STAT_LAYOUT_H

#include "stat/posix_fields.h"

#define SYSABI_STAT_LAYOUT_ENTRIES 14
#define SYSABI_STAT_OFFSET(member, position) offsetof(struct stat, member),
#define SYSABI_STAT_LAYOUT                                                            \
  {                                                                                   \
    sizeof(struct stat), SYSABI_STAT_POSIX_FIELDS(SYSABI_STAT_OFFSET)                 \
        offsetof(struct stat, st_atim), offsetof(struct stat, st_mtim),               \
        offsetof(struct stat, st_ctim)                                                \
  }

#endif
