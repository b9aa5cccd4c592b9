// struct_layout/sources/members.h - member lists that every source spells
// the same way (the types behind them differ per source and arch).  Each
// source defines M(m) and T before using one.
#pragma once

#define SYSABI_STATX_MEMBERS                                                                    \
  M(stx_mask), M(stx_blksize), M(stx_attributes), M(stx_nlink), M(stx_uid), M(stx_gid),         \
      M(stx_mode), M(stx_ino), M(stx_size), M(stx_blocks), M(stx_attributes_mask), M(stx_atime), \
      M(stx_btime), M(stx_ctime), M(stx_mtime), M(stx_rdev_major), M(stx_rdev_minor),          \
      M(stx_dev_major), M(stx_dev_minor), M(stx_mnt_id), M(stx_dio_mem_align),                  \
      M(stx_dio_offset_align)

#define SYSABI_RUSAGE_MEMBERS                                                                   \
  M(ru_utime), M(ru_stime), M(ru_maxrss), M(ru_ixrss), M(ru_idrss), M(ru_isrss), M(ru_minflt),  \
      M(ru_majflt), M(ru_nswap), M(ru_inblock), M(ru_oublock), M(ru_msgsnd), M(ru_msgrcv),     \
      M(ru_nsignals), M(ru_nvcsw), M(ru_nivcsw)

#define SYSABI_UTSNAME_MEMBERS \
  M(sysname), M(nodename), M(release), M(version), M(machine), M(domainname)

// The fields struct stat has in every source, before the timestamps.
#define SYSABI_STAT_FIELDS                                                                      \
  M(st_dev), M(st_ino), M(st_mode), M(st_nlink), M(st_uid), M(st_gid), M(st_rdev), M(st_size), \
      M(st_blksize), M(st_blocks)

#define SYSABI_DIRENT64_MEMBERS M(d_ino), M(d_off), M(d_reclen), M(d_type), M(d_name)
