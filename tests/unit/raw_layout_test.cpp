// The raw layer's kernel structs against glibc's, on the host.
//
// On x86_64 glibc's `struct stat` is the kernel's: glibc hands its buffer to
// newfstatat unchanged, so every field sits at the same offset and the bytes
// the kernel writes are the bytes glibc reads.  Here the same file is
// stat'ed both ways and compared field by field, and byte for byte.  The
// same holds for struct statx, struct utsname, struct rusage, struct
// timespec and glibc's sigset_t (whose first 8 bytes are the kernel's set).
//
// Other arches differ (i386 and arm have the old 32-bit stat; glibc's
// sigset_t is 128 bytes everywhere): the struct_layout part covers them.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sysabi/raw/calls.hpp"
#include "syscall_matchers.hpp"
#include "test_support.hpp"

namespace raw = sysabi::raw;
using namespace sysabi::testing;

namespace {

using glibc_stat = struct stat;
using glibc_statx = struct statx;
using glibc_rusage = struct rusage;
using glibc_timespec = struct timespec;
using glibc_dirent64 = struct dirent64;

// Same offset and same size: the member is laid out identically.
#define EXPECT_SAME_MEMBER(kernel_type, kernel_member, libc_type, libc_member)            \
  do {                                                                                  \
    EXPECT_EQ(offsetof(kernel_type, kernel_member), offsetof(libc_type, libc_member))   \
        << #kernel_member " vs " #libc_member;                                          \
    EXPECT_EQ(sizeof(static_cast<kernel_type*>(nullptr)->kernel_member),                \
              sizeof(static_cast<libc_type*>(nullptr)->libc_member))                    \
        << #kernel_member " vs " #libc_member;                                          \
  } while (0)

#if defined(__x86_64__)

class KernelStatLayout : public ::testing::Test {
 protected:
  void SetUp() override {
    fd_.reset(::openat(dir_.fd(), "file", O_CREAT | O_RDWR, 0640));
    ASSERT_GE(fd_.get(), 0);
    ASSERT_EQ(::write(fd_.get(), "some bytes", 10), 10);
  }
  temp_dir dir_;
  unique_fd fd_;
};

TEST_F(KernelStatLayout, SizeIs144LikeGlibcsStructStat) {
  EXPECT_EQ(sizeof(raw::kernel_stat), 144u);
  EXPECT_EQ(sizeof(raw::kernel_stat), sizeof(struct stat));
}

TEST_F(KernelStatLayout, EveryFieldIsAtGlibcsOffset) {
  using ks = raw::kernel_stat;
  EXPECT_SAME_MEMBER(ks, st_dev, glibc_stat, st_dev);
  EXPECT_SAME_MEMBER(ks, st_ino, glibc_stat, st_ino);
  EXPECT_SAME_MEMBER(ks, st_nlink, glibc_stat, st_nlink);
  EXPECT_SAME_MEMBER(ks, st_mode, glibc_stat, st_mode);
  EXPECT_SAME_MEMBER(ks, st_uid, glibc_stat, st_uid);
  EXPECT_SAME_MEMBER(ks, st_gid, glibc_stat, st_gid);
  EXPECT_SAME_MEMBER(ks, st_rdev, glibc_stat, st_rdev);
  EXPECT_SAME_MEMBER(ks, st_size, glibc_stat, st_size);
  EXPECT_SAME_MEMBER(ks, st_blksize, glibc_stat, st_blksize);
  EXPECT_SAME_MEMBER(ks, st_blocks, glibc_stat, st_blocks);
  EXPECT_SAME_MEMBER(ks, st_atime_sec, glibc_stat, st_atim.tv_sec);
  EXPECT_SAME_MEMBER(ks, st_atime_nsec, glibc_stat, st_atim.tv_nsec);
  EXPECT_SAME_MEMBER(ks, st_mtime_sec, glibc_stat, st_mtim.tv_sec);
  EXPECT_SAME_MEMBER(ks, st_mtime_nsec, glibc_stat, st_mtim.tv_nsec);
  EXPECT_SAME_MEMBER(ks, st_ctime_sec, glibc_stat, st_ctim.tv_sec);
  EXPECT_SAME_MEMBER(ks, st_ctime_nsec, glibc_stat, st_ctim.tv_nsec);
}

// The x86_64 order is not the generic one: st_nlink (8 bytes) comes before
// st_mode, and a 4-byte pad follows st_gid.
TEST_F(KernelStatLayout, NlinkPrecedesModeAndAPadFollowsGid) {
  EXPECT_EQ(offsetof(raw::kernel_stat, st_nlink), 16u);
  EXPECT_EQ(offsetof(raw::kernel_stat, st_mode), 24u);
  EXPECT_EQ(offsetof(raw::kernel_stat, st_gid), 32u);
  EXPECT_EQ(offsetof(raw::kernel_stat, st_rdev), 40u);
  EXPECT_EQ(offsetof(raw::kernel_stat, st_size), 48u);
}

TEST_F(KernelStatLayout, RawFstatFieldsEqualGlibcFstat) {
  raw::kernel_stat k{};
  struct stat g {};
  ASSERT_THAT(raw::fstat(fd_.get(), &k), SyscallSucceeds());
  ASSERT_EQ(::fstat(fd_.get(), &g), 0);
  EXPECT_EQ(k.st_dev, g.st_dev);
  EXPECT_EQ(k.st_ino, g.st_ino);
  EXPECT_EQ(k.st_nlink, g.st_nlink);
  EXPECT_EQ(k.st_mode, g.st_mode);
  EXPECT_EQ(k.st_uid, g.st_uid);
  EXPECT_EQ(k.st_gid, g.st_gid);
  EXPECT_EQ(k.st_rdev, g.st_rdev);
  EXPECT_EQ(k.st_size, g.st_size);
  EXPECT_EQ(k.st_blksize, g.st_blksize);
  EXPECT_EQ(k.st_blocks, g.st_blocks);
  EXPECT_EQ(k.st_atime_sec, static_cast<unsigned long>(g.st_atim.tv_sec));
  EXPECT_EQ(k.st_atime_nsec, static_cast<unsigned long>(g.st_atim.tv_nsec));
  EXPECT_EQ(k.st_mtime_sec, static_cast<unsigned long>(g.st_mtim.tv_sec));
  EXPECT_EQ(k.st_mtime_nsec, static_cast<unsigned long>(g.st_mtim.tv_nsec));
  EXPECT_EQ(k.st_ctime_sec, static_cast<unsigned long>(g.st_ctim.tv_sec));
  EXPECT_EQ(k.st_ctime_nsec, static_cast<unsigned long>(g.st_ctim.tv_nsec));
}

// What the kernel writes is what glibc reads: the whole 144 bytes agree,
// padding and spare words included.
TEST_F(KernelStatLayout, RawFstatBytesEqualGlibcFstatBytes) {
  raw::kernel_stat k;
  struct stat g;
  std::memset(&k, 0xaa, sizeof k);
  std::memset(&g, 0x55, sizeof g);
  ASSERT_THAT(raw::fstat(fd_.get(), &k), SyscallSucceeds());
  ASSERT_EQ(::fstat(fd_.get(), &g), 0);
  EXPECT_EQ(std::memcmp(&k, &g, sizeof k), 0);
}

TEST_F(KernelStatLayout, RawNewfstatatBytesEqualGlibcFstatatBytes) {
  raw::kernel_stat k;
  struct stat g;
  std::memset(&k, 0xaa, sizeof k);
  std::memset(&g, 0x55, sizeof g);
  ASSERT_THAT(raw::newfstatat(dir_.fd(), "file", &k, 0), SyscallSucceeds());
  ASSERT_EQ(::fstatat(dir_.fd(), "file", &g, 0), 0);
  EXPECT_EQ(std::memcmp(&k, &g, sizeof k), 0);
}

TEST_F(KernelStatLayout, RawStatxBytesEqualGlibcStatxBytes) {
  raw::kernel_statx k;
  struct statx g;
  static_assert(sizeof k == 256 && sizeof g == 256);
  std::memset(&k, 0xaa, sizeof k);
  std::memset(&g, 0x55, sizeof g);
  ASSERT_THAT(raw::statx(dir_.fd(), "file", 0, STATX_BASIC_STATS, &k), SyscallSucceeds());
  ASSERT_EQ(::statx(dir_.fd(), "file", 0, STATX_BASIC_STATS, &g), 0);
  // statx also reports the access time, which the two calls may not see
  // alike on a filesystem that updates it; everything else must agree.
  EXPECT_EQ(std::memcmp(&k, &g, offsetof(raw::kernel_statx, stx_atime)), 0);
  EXPECT_EQ(std::memcmp(&k.stx_btime, &g.stx_btime,
                        sizeof k - offsetof(raw::kernel_statx, stx_btime)),
            0);
}

TEST(KernelStatxLayout, EveryFieldIsAtGlibcsOffset) {
  using kx = raw::kernel_statx;
  EXPECT_SAME_MEMBER(kx, stx_mask, glibc_statx, stx_mask);
  EXPECT_SAME_MEMBER(kx, stx_blksize, glibc_statx, stx_blksize);
  EXPECT_SAME_MEMBER(kx, stx_attributes, glibc_statx, stx_attributes);
  EXPECT_SAME_MEMBER(kx, stx_nlink, glibc_statx, stx_nlink);
  EXPECT_SAME_MEMBER(kx, stx_uid, glibc_statx, stx_uid);
  EXPECT_SAME_MEMBER(kx, stx_gid, glibc_statx, stx_gid);
  EXPECT_SAME_MEMBER(kx, stx_mode, glibc_statx, stx_mode);
  EXPECT_SAME_MEMBER(kx, stx_ino, glibc_statx, stx_ino);
  EXPECT_SAME_MEMBER(kx, stx_size, glibc_statx, stx_size);
  EXPECT_SAME_MEMBER(kx, stx_blocks, glibc_statx, stx_blocks);
  EXPECT_SAME_MEMBER(kx, stx_attributes_mask, glibc_statx, stx_attributes_mask);
  EXPECT_SAME_MEMBER(kx, stx_atime, glibc_statx, stx_atime);
  EXPECT_SAME_MEMBER(kx, stx_btime, glibc_statx, stx_btime);
  EXPECT_SAME_MEMBER(kx, stx_ctime, glibc_statx, stx_ctime);
  EXPECT_SAME_MEMBER(kx, stx_mtime, glibc_statx, stx_mtime);
  EXPECT_SAME_MEMBER(kx, stx_rdev_major, glibc_statx, stx_rdev_major);
  EXPECT_SAME_MEMBER(kx, stx_rdev_minor, glibc_statx, stx_rdev_minor);
  EXPECT_SAME_MEMBER(kx, stx_dev_major, glibc_statx, stx_dev_major);
  EXPECT_SAME_MEMBER(kx, stx_dev_minor, glibc_statx, stx_dev_minor);
}

TEST(KernelUtsnameLayout, RawUnameBytesEqualGlibcUnameBytes) {
  static_assert(sizeof(raw::kernel_utsname) == sizeof(struct utsname));
  raw::kernel_utsname k;
  struct utsname g;
  std::memset(&k, 0xaa, sizeof k);
  std::memset(&g, 0x55, sizeof g);
  ASSERT_THAT(raw::uname(&k), SyscallSucceeds());
  ASSERT_EQ(::uname(&g), 0);
  EXPECT_EQ(std::memcmp(&k, &g, sizeof k), 0);
}

TEST(KernelRusageLayout, EveryFieldIsAtGlibcsOffset) {
  using kr = raw::kernel_rusage;
  EXPECT_EQ(sizeof(kr), sizeof(struct rusage));
  EXPECT_SAME_MEMBER(kr, ru_utime, glibc_rusage, ru_utime);
  EXPECT_SAME_MEMBER(kr, ru_stime, glibc_rusage, ru_stime);
  EXPECT_SAME_MEMBER(kr, ru_maxrss, glibc_rusage, ru_maxrss);
  EXPECT_SAME_MEMBER(kr, ru_minflt, glibc_rusage, ru_minflt);
  EXPECT_SAME_MEMBER(kr, ru_majflt, glibc_rusage, ru_majflt);
  EXPECT_SAME_MEMBER(kr, ru_inblock, glibc_rusage, ru_inblock);
  EXPECT_SAME_MEMBER(kr, ru_oublock, glibc_rusage, ru_oublock);
  EXPECT_SAME_MEMBER(kr, ru_nvcsw, glibc_rusage, ru_nvcsw);
  EXPECT_SAME_MEMBER(kr, ru_nivcsw, glibc_rusage, ru_nivcsw);
}

TEST(KernelTimespecLayout, MatchesGlibcsTimespec) {
  EXPECT_EQ(sizeof(raw::kernel_timespec), sizeof(struct timespec));
  EXPECT_SAME_MEMBER(raw::kernel_timespec, tv_sec, glibc_timespec, tv_sec);
  EXPECT_SAME_MEMBER(raw::kernel_timespec, tv_nsec, glibc_timespec, tv_nsec);
}

#endif  // __x86_64__

// Everywhere: glibc's sigset_t is 1024 bits, the kernel's 64; the kernel's
// set is glibc's first word.
TEST(KernelSigsetLayout, IsTheFirstWordOfGlibcsSigset) {
  EXPECT_EQ(sizeof(raw::kernel_sigset), 8u);
  EXPECT_EQ(sizeof(sigset_t), 128u);
  sigset_t g;
  sigemptyset(&g);
  sigaddset(&g, SIGUSR1);
  sigaddset(&g, SIGRTMIN + 1);
  raw::kernel_sigset k;
  std::memcpy(&k, &g, sizeof k);
  EXPECT_TRUE(k.has(SIGUSR1));
  EXPECT_TRUE(k.has(SIGRTMIN + 1));
  EXPECT_FALSE(k.has(SIGUSR2));
}

TEST(KernelSigsetLayout, RawMaskEqualsTheFirstWordOfLibcsMask) {
  scoped_signal_block block(SIGUSR2);
  raw::kernel_sigset k{};
  sigset_t g;
  ASSERT_THAT(raw::rt_sigprocmask(SIG_BLOCK, nullptr, &k), SyscallSucceeds());
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, nullptr, &g), 0);
  EXPECT_EQ(std::memcmp(&k, &g, sizeof k), 0);
}

TEST(KernelDirent64Layout, MatchesGlibcsDirent64) {
  EXPECT_SAME_MEMBER(raw::kernel_dirent64, d_ino, glibc_dirent64, d_ino);
  EXPECT_SAME_MEMBER(raw::kernel_dirent64, d_off, glibc_dirent64, d_off);
  EXPECT_SAME_MEMBER(raw::kernel_dirent64, d_reclen, glibc_dirent64, d_reclen);
  EXPECT_SAME_MEMBER(raw::kernel_dirent64, d_type, glibc_dirent64, d_type);
  EXPECT_EQ(offsetof(raw::kernel_dirent64, d_name), offsetof(struct dirent64, d_name));
}

}  // namespace
