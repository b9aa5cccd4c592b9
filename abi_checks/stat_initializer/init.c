/* abi_checks/stat_initializer/init.c - struct stat initialised in C, by
 * position and by designators, for the stat_initializer probe
 * (abi_checks/stat_initializer.cpp).
 *
 * C, because C++ accepts designators only in declaration order, and the
 * order is what differs between libcs and arches.  The values 1..10 are
 * meant for POSIX's fields in the order POSIX lists them:
 *   st_dev st_ino st_mode st_nlink st_uid st_gid st_rdev st_size
 *   st_blksize st_blocks
 * Positionally they go to the first ten members as the header declares
 * them, pad members included; designated, each goes where it is named.
 * Compiled like the probe's C++ side: no _FILE_OFFSET_BITS, no _TIME_BITS. */
#include <stddef.h>
#include <sys/stat.h>

#include "stat_initializer/stat_layout.h"

void sysabi_stat_positional(struct stat* out) {
  struct stat s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  *out = s;
}

/* .st_dev = 1, .st_ino = 2, ... .st_blocks = 10 */
#define SYSABI_STAT_DESIGNATE(member, position) .member = position,
void sysabi_stat_designated(struct stat* out) {
  struct stat s = {SYSABI_STAT_POSIX_FIELDS(SYSABI_STAT_DESIGNATE)};
  *out = s;
}

/* struct stat as this C file sees it. */
const unsigned long sysabi_stat_c_layout[SYSABI_STAT_LAYOUT_ENTRIES] = SYSABI_STAT_LAYOUT;
