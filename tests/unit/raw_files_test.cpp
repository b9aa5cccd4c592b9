// Files, pipes and descriptors through the raw layer, as the man pages
// describe them: read(2), write(2), openat(2), close(2), fstat(2),
// newfstatat(2), statx(2), lseek(2), pipe2(2), dup3(2), fcntl(2), mknodat(2),
// unlinkat(2), mkdirat(2), getdents64(2).
//
// The scene is set with glibc (see test_support.hpp); the calls under test
// are sysabi::raw's.  Constants come from glibc's headers, whose values on
// Linux are the kernel's.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sysabi/raw/calls.hpp"
#include "syscall_matchers.hpp"
#include "test_support.hpp"

namespace raw = sysabi::raw;
using namespace sysabi::testing;
using ::testing::Eq;
using ::testing::Ge;
using ::testing::Gt;

namespace {

// An invalid pointer the kernel refuses with EFAULT instead of faulting.
void* const bad_pointer = reinterpret_cast<void*>(1);

mode_t current_umask() {
  mode_t m = ::umask(0);
  ::umask(m);
  return m;
}

// The number the next openat/dup would return.
int lowest_free_fd() {
  int fd = ::open("/dev/null", O_RDONLY);
  ::close(fd);
  return fd;
}

// --- read(2) and write(2) ----------------------------------------------------

TEST(RawRead, ReturnsTheBytesWrittenToAPipe) {
  auto p = make_pipe();
  ASSERT_THAT(raw::write(p.write_end.get(), "hello", 5), SyscallSucceedsWithValue(5));
  char buf[16] = {};
  EXPECT_THAT(raw::read(p.read_end.get(), buf, sizeof buf), SyscallSucceedsWithValue(5));
  EXPECT_STREQ(buf, "hello");
}

TEST(RawRead, ReturnsZeroAtEndOfFileWhenAllWritersClosed) {
  auto p = make_pipe();
  p.write_end.reset();
  char c;
  EXPECT_THAT(raw::read(p.read_end.get(), &c, 1), SyscallSucceedsWithValue(0));
}

TEST(RawRead, BadDescriptorFailsWithEBADF) {
  char c;
  EXPECT_THAT(raw::read(-1, &c, 1), SyscallFailsWithErrno(EBADF));
}

TEST(RawRead, WriteOnlyDescriptorFailsWithEBADF) {
  auto p = make_pipe();
  char c;
  EXPECT_THAT(raw::read(p.write_end.get(), &c, 1), SyscallFailsWithErrno(EBADF));
}

TEST(RawRead, UnwritableBufferFailsWithEFAULT) {
  auto p = make_pipe();
  ASSERT_EQ(::write(p.write_end.get(), "x", 1), 1);
  EXPECT_THAT(raw::read(p.read_end.get(), bad_pointer, 1), SyscallFailsWithErrno(EFAULT));
}

TEST(RawRead, EmptyNonBlockingPipeFailsWithEAGAIN) {
  auto p = make_pipe(O_NONBLOCK);
  char c;
  EXPECT_THAT(raw::read(p.read_end.get(), &c, 1), SyscallFailsWithErrno(EAGAIN));
}

TEST(RawWrite, ReadOnlyDescriptorFailsWithEBADF) {
  auto p = make_pipe();
  EXPECT_THAT(raw::write(p.read_end.get(), "x", 1), SyscallFailsWithErrno(EBADF));
}

TEST(RawWrite, UnreadableBufferFailsWithEFAULT) {
  auto p = make_pipe();
  EXPECT_THAT(raw::write(p.write_end.get(), bad_pointer, 1), SyscallFailsWithErrno(EFAULT));
}

// With SIGPIPE blocked (so it cannot kill us) a write to a pipe without
// readers fails with EPIPE; the signal is still raised and left pending.
TEST(RawWrite, PipeWithoutReadersFailsWithEPIPE) {
  scoped_signal_block block(SIGPIPE);
  auto p = make_pipe();
  p.read_end.reset();
  EXPECT_THAT(raw::write(p.write_end.get(), "x", 1), SyscallFailsWithErrno(EPIPE));
  sigset_t pending;
  sigpending(&pending);
  EXPECT_TRUE(sigismember(&pending, SIGPIPE));
}

TEST(RawWrite, ZeroBytesSucceedsWithZero) {
  auto p = make_pipe();
  EXPECT_THAT(raw::write(p.write_end.get(), "", 0), SyscallSucceedsWithValue(0));
}

// --- openat(2) and close(2) --------------------------------------------------

TEST(RawOpenat, CreatesAFileRelativeToADirectoryDescriptor) {
  temp_dir dir;
  auto fd = raw::openat(dir.fd(), "new", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
  ASSERT_THAT(fd, SyscallSucceedsWithValue(Ge(0)));
  EXPECT_THAT(raw::close(fd.value()), SyscallSucceeds());
  EXPECT_EQ(::access((dir / "new").c_str(), F_OK), 0);
}

TEST(RawOpenat, AtFdcwdResolvesAgainstTheWorkingDirectory) {
  temp_dir dir;
  unique_fd f(::open((dir / "file").c_str(), O_CREAT | O_WRONLY, 0600));
  auto fd = raw::openat(AT_FDCWD, (dir / "file").c_str(), O_RDONLY);
  ASSERT_THAT(fd, SyscallSucceeds());
  raw::close(fd.value());
}

TEST(RawOpenat, ExclusiveCreateOfAnExistingFileFailsWithEEXIST) {
  temp_dir dir;
  unique_fd first(raw::openat(dir.fd(), "f", O_CREAT | O_EXCL | O_WRONLY, 0600).value());
  EXPECT_THAT(raw::openat(dir.fd(), "f", O_CREAT | O_EXCL | O_WRONLY, 0600),
              SyscallFailsWithErrno(EEXIST));
}

TEST(RawOpenat, MissingFileFailsWithENOENT) {
  temp_dir dir;
  EXPECT_THAT(raw::openat(dir.fd(), "missing", O_RDONLY), SyscallFailsWithErrno(ENOENT));
}

TEST(RawOpenat, PathThroughARegularFileFailsWithENOTDIR) {
  temp_dir dir;
  unique_fd f(::openat(dir.fd(), "file", O_CREAT | O_WRONLY, 0600));
  EXPECT_THAT(raw::openat(dir.fd(), "file/x", O_RDONLY), SyscallFailsWithErrno(ENOTDIR));
}

TEST(RawOpenat, UnreadablePathFailsWithEFAULT) {
  EXPECT_THAT(raw::openat(AT_FDCWD, static_cast<const char*>(bad_pointer), O_RDONLY),
              SyscallFailsWithErrno(EFAULT));
}

TEST(RawOpenat, ReturnsTheLowestFreeDescriptor) {
  temp_dir dir;
  unique_fd a(::openat(dir.fd(), "a", O_CREAT | O_WRONLY, 0600));
  int lowest = lowest_free_fd();
  auto fd = raw::openat(dir.fd(), "a", O_RDONLY);
  EXPECT_THAT(fd, SyscallSucceedsWithValue(lowest));
  raw::close(fd.value());
}

TEST(RawClose, ClosedDescriptorFailsWithEBADF) {
  int fd = ::open("/dev/null", O_RDONLY);
  ASSERT_THAT(raw::close(fd), SyscallSucceeds());
  EXPECT_THAT(raw::close(fd), SyscallFailsWithErrno(EBADF));
}

TEST(RawClose, NegativeDescriptorFailsWithEBADF) {
  EXPECT_THAT(raw::close(-1), SyscallFailsWithErrno(EBADF));
}

// --- fstat(2), newfstatat(2), statx(2) ---------------------------------------

class RawStat : public ::testing::Test {
 protected:
  void SetUp() override {
    fd_.reset(::openat(dir_.fd(), "data", O_CREAT | O_RDWR, 0640));
    ASSERT_GE(fd_.get(), 0);
    ASSERT_EQ(::write(fd_.get(), "0123456789", 10), 10);
  }
  temp_dir dir_;
  unique_fd fd_;
};

TEST_F(RawStat, FstatReportsSizeAndType) {
  raw::kernel_stat st{};
  ASSERT_THAT(raw::fstat(fd_.get(), &st), SyscallSucceedsWithValue(0));
  EXPECT_EQ(st.st_size, 10);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0640u & ~current_umask());
  EXPECT_EQ(st.st_nlink, 1u);
  EXPECT_EQ(st.st_uid, ::getuid());
}

TEST_F(RawStat, FstatOfAPipeReportsAFifo) {
  auto p = make_pipe();
  raw::kernel_stat st{};
  ASSERT_THAT(raw::fstat(p.read_end.get(), &st), SyscallSucceeds());
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(RawStat, FstatOfABadDescriptorFailsWithEBADF) {
  raw::kernel_stat st{};
  EXPECT_THAT(raw::fstat(-1, &st), SyscallFailsWithErrno(EBADF));
}

TEST_F(RawStat, FstatIntoABadPointerFailsWithEFAULT) {
  EXPECT_THAT(raw::fstat(fd_.get(), static_cast<raw::kernel_stat*>(bad_pointer)),
              SyscallFailsWithErrno(EFAULT));
}

TEST_F(RawStat, NewfstatatByNameMatchesFstatByDescriptor) {
  raw::kernel_stat by_fd{}, by_name{};
  ASSERT_THAT(raw::fstat(fd_.get(), &by_fd), SyscallSucceeds());
  ASSERT_THAT(raw::newfstatat(dir_.fd(), "data", &by_name, 0), SyscallSucceeds());
  EXPECT_EQ(by_name.st_dev, by_fd.st_dev);
  EXPECT_EQ(by_name.st_ino, by_fd.st_ino);
  EXPECT_EQ(by_name.st_size, by_fd.st_size);
}

TEST_F(RawStat, NewfstatatWithEmptyPathStatsTheDescriptor) {
  raw::kernel_stat st{};
  ASSERT_THAT(raw::newfstatat(fd_.get(), "", &st, AT_EMPTY_PATH), SyscallSucceeds());
  EXPECT_EQ(st.st_size, 10);
}

TEST_F(RawStat, NewfstatatNoFollowStatsTheSymlinkItself) {
  ASSERT_EQ(::symlinkat("data", dir_.fd(), "link"), 0);
  raw::kernel_stat followed{}, link{};
  ASSERT_THAT(raw::newfstatat(dir_.fd(), "link", &followed, 0), SyscallSucceeds());
  ASSERT_THAT(raw::newfstatat(dir_.fd(), "link", &link, AT_SYMLINK_NOFOLLOW), SyscallSucceeds());
  EXPECT_TRUE(S_ISREG(followed.st_mode));
  EXPECT_TRUE(S_ISLNK(link.st_mode));
  EXPECT_EQ(link.st_size, 4);  // a symlink's size is the length of its target
}

TEST_F(RawStat, StatxBasicStatsAgreeWithFstat) {
  raw::kernel_stat st{};
  raw::kernel_statx stx{};
  ASSERT_THAT(raw::fstat(fd_.get(), &st), SyscallSucceeds());
  ASSERT_THAT(raw::statx(dir_.fd(), "data", 0, STATX_BASIC_STATS, &stx), SyscallSucceeds());
  EXPECT_EQ(stx.stx_mask & STATX_BASIC_STATS, STATX_BASIC_STATS);
  EXPECT_EQ(stx.stx_size, static_cast<sysabi::u64>(st.st_size));
  EXPECT_EQ(stx.stx_ino, st.st_ino);
  EXPECT_EQ(stx.stx_mode, st.st_mode);
  EXPECT_EQ(stx.stx_nlink, st.st_nlink);
  EXPECT_EQ(makedev(stx.stx_dev_major, stx.stx_dev_minor), st.st_dev);
  EXPECT_EQ(stx.stx_mtime.tv_sec, static_cast<sysabi::i64>(st.st_mtime_sec));
  EXPECT_EQ(stx.stx_mtime.tv_nsec, st.st_mtime_nsec);
}

TEST_F(RawStat, StatxWithUnknownMaskBitsIsNotAnError) {
  raw::kernel_statx stx{};
  // Bits the kernel does not know are ignored (it reports what it filled in
  // stx_mask); only STATX__RESERVED (bit 31) is refused.
  EXPECT_THAT(raw::statx(dir_.fd(), "data", 0, 0x40000000u, &stx), SyscallSucceeds());
  EXPECT_THAT(raw::statx(dir_.fd(), "data", 0, 0x80000000u, &stx),
              SyscallFailsWithErrno(EINVAL));
}

// --- lseek(2) ----------------------------------------------------------------

TEST_F(RawStat, LseekEndReturnsTheFileSize) {
  EXPECT_THAT(raw::lseek(fd_.get(), 0, SEEK_END), SyscallSucceedsWithValue(10));
}

TEST_F(RawStat, LseekSetThenReadReadsFromThatOffset) {
  ASSERT_THAT(raw::lseek(fd_.get(), 7, SEEK_SET), SyscallSucceedsWithValue(7));
  char buf[4] = {};
  EXPECT_THAT(raw::read(fd_.get(), buf, 3), SyscallSucceedsWithValue(3));
  EXPECT_STREQ(buf, "789");
}

TEST_F(RawStat, LseekCurIsRelativeToThePosition) {
  ASSERT_THAT(raw::lseek(fd_.get(), 4, SEEK_SET), SyscallSucceeds());
  EXPECT_THAT(raw::lseek(fd_.get(), -1, SEEK_CUR), SyscallSucceedsWithValue(3));
}

TEST_F(RawStat, LseekPastTheEndIsAllowed) {
  EXPECT_THAT(raw::lseek(fd_.get(), 1 << 20, SEEK_SET), SyscallSucceedsWithValue(1 << 20));
}

TEST_F(RawStat, LseekToANegativeOffsetFailsWithEINVAL) {
  EXPECT_THAT(raw::lseek(fd_.get(), -1, SEEK_SET), SyscallFailsWithErrno(EINVAL));
}

TEST_F(RawStat, LseekWithUnknownWhenceFailsWithEINVAL) {
  EXPECT_THAT(raw::lseek(fd_.get(), 0, 42), SyscallFailsWithErrno(EINVAL));
}

TEST(RawLseek, OnAPipeFailsWithESPIPE) {
  auto p = make_pipe();
  EXPECT_THAT(raw::lseek(p.read_end.get(), 0, SEEK_SET), SyscallFailsWithErrno(ESPIPE));
}

// --- pipe2(2) ----------------------------------------------------------------

TEST(RawPipe2, FillsInTwoDescriptorsReadEndFirst) {
  int fds[2] = {-1, -1};
  ASSERT_THAT(raw::pipe2(fds, 0), SyscallSucceedsWithValue(0));
  unique_fd r(fds[0]), w(fds[1]);
  EXPECT_EQ(::write(w.get(), "x", 1), 1);
  char c = 0;
  EXPECT_EQ(::read(r.get(), &c, 1), 1);
  EXPECT_EQ(c, 'x');
}

TEST(RawPipe2, WithoutFlagsDescriptorsAreNotCloseOnExec) {
  int fds[2];
  ASSERT_THAT(raw::pipe2(fds, 0), SyscallSucceeds());
  unique_fd r(fds[0]), w(fds[1]);
  EXPECT_EQ(::fcntl(r.get(), F_GETFD) & FD_CLOEXEC, 0);
  EXPECT_EQ(::fcntl(w.get(), F_GETFD) & FD_CLOEXEC, 0);
}

TEST(RawPipe2, OCloexecSetsFdCloexecOnBothEnds) {
  int fds[2];
  ASSERT_THAT(raw::pipe2(fds, O_CLOEXEC), SyscallSucceeds());
  unique_fd r(fds[0]), w(fds[1]);
  EXPECT_EQ(::fcntl(r.get(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_EQ(::fcntl(w.get(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
}

TEST(RawPipe2, ONonblockIsAFileStatusFlag) {
  int fds[2];
  ASSERT_THAT(raw::pipe2(fds, O_NONBLOCK), SyscallSucceeds());
  unique_fd r(fds[0]), w(fds[1]);
  EXPECT_EQ(::fcntl(r.get(), F_GETFL) & O_NONBLOCK, O_NONBLOCK);
}

TEST(RawPipe2, UnknownFlagFailsWithEINVAL) {
  int fds[2];
  EXPECT_THAT(raw::pipe2(fds, O_RDWR), SyscallFailsWithErrno(EINVAL));
}

TEST(RawPipe2, UnwritableArrayFailsWithEFAULT) {
  EXPECT_THAT(raw::pipe2(static_cast<int*>(bad_pointer), 0), SyscallFailsWithErrno(EFAULT));
}

// --- dup3(2) -----------------------------------------------------------------

TEST(RawDup3, DuplicatesOntoTheRequestedNumber) {
  auto p = make_pipe();
  int target = lowest_free_fd();
  ASSERT_THAT(raw::dup3(p.write_end.get(), target, 0), SyscallSucceedsWithValue(target));
  unique_fd dup(target);
  EXPECT_EQ(::write(dup.get(), "y", 1), 1);
  char c = 0;
  EXPECT_EQ(::read(p.read_end.get(), &c, 1), 1);
  EXPECT_EQ(c, 'y');
}

TEST(RawDup3, OCloexecSetsFdCloexecOnTheNewDescriptorOnly) {
  auto p = make_pipe();
  int target = ::open("/dev/null", O_RDONLY);  // dup3 replaces it atomically
  ASSERT_THAT(raw::dup3(p.write_end.get(), target, O_CLOEXEC), SyscallSucceeds());
  unique_fd dup(target);
  EXPECT_EQ(::fcntl(dup.get(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_EQ(::fcntl(p.write_end.get(), F_GETFD) & FD_CLOEXEC, 0);
}

// Unlike dup2, dup3 refuses to duplicate a descriptor onto itself.
TEST(RawDup3, SameOldAndNewFailsWithEINVAL) {
  auto p = make_pipe();
  EXPECT_THAT(raw::dup3(p.read_end.get(), p.read_end.get(), 0), SyscallFailsWithErrno(EINVAL));
}

TEST(RawDup3, FlagOtherThanOCloexecFailsWithEINVAL) {
  auto p = make_pipe();
  unique_fd keep(::open("/dev/null", O_RDONLY));
  int target = keep.get();
  EXPECT_THAT(raw::dup3(p.read_end.get(), target, O_NONBLOCK), SyscallFailsWithErrno(EINVAL));
}

TEST(RawDup3, BadOldDescriptorFailsWithEBADF) {
  EXPECT_THAT(raw::dup3(-1, 100, 0), SyscallFailsWithErrno(EBADF));
}

// --- fcntl(2) ----------------------------------------------------------------

TEST(RawFcntl, SetfdThenGetfdRoundTripsFdCloexec) {
  auto p = make_pipe();
  ASSERT_THAT(raw::fcntl(p.read_end.get(), F_SETFD, FD_CLOEXEC), SyscallSucceedsWithValue(0));
  EXPECT_THAT(raw::fcntl(p.read_end.get(), F_GETFD), SyscallSucceedsWithValue(FD_CLOEXEC));
  ASSERT_THAT(raw::fcntl(p.read_end.get(), F_SETFD, 0), SyscallSucceeds());
  EXPECT_THAT(raw::fcntl(p.read_end.get(), F_GETFD), SyscallSucceedsWithValue(0));
}

TEST(RawFcntl, GetflReportsTheAccessMode) {
  auto p = make_pipe();
  EXPECT_THAT(raw::fcntl(p.read_end.get(), F_GETFL),
              SyscallSucceedsWithValue(::testing::Truly([](long fl) {
                return (fl & O_ACCMODE) == O_RDONLY;
              })));
  EXPECT_THAT(raw::fcntl(p.write_end.get(), F_GETFL),
              SyscallSucceedsWithValue(::testing::Truly([](long fl) {
                return (fl & O_ACCMODE) == O_WRONLY;
              })));
}

TEST(RawFcntl, SetflTogglesONonblock) {
  auto p = make_pipe();
  long fl = raw::fcntl(p.read_end.get(), F_GETFL).value();
  ASSERT_THAT(raw::fcntl(p.read_end.get(), F_SETFL, fl | O_NONBLOCK), SyscallSucceeds());
  char c;
  EXPECT_THAT(raw::read(p.read_end.get(), &c, 1), SyscallFailsWithErrno(EAGAIN));
}

TEST(RawFcntl, DupfdReturnsTheLowestFreeNumberAtOrAboveTheArgument) {
  auto p = make_pipe();
  auto fd = raw::fcntl(p.read_end.get(), F_DUPFD_CLOEXEC, 100);
  ASSERT_THAT(fd, SyscallSucceedsWithValue(Ge(100)));
  unique_fd dup(static_cast<int>(fd.value()));
  EXPECT_EQ(::fcntl(dup.get(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
}

TEST(RawFcntl, GetpipeSzReportsAtLeastOnePage) {
  auto p = make_pipe();
  EXPECT_THAT(raw::fcntl(p.read_end.get(), F_GETPIPE_SZ), SyscallSucceedsWithValue(Ge(4096)));
}

TEST(RawFcntl, UnknownCommandFailsWithEINVAL) {
  auto p = make_pipe();
  EXPECT_THAT(raw::fcntl(p.read_end.get(), 0x7fff), SyscallFailsWithErrno(EINVAL));
}

TEST(RawFcntl, BadDescriptorFailsWithEBADF) {
  EXPECT_THAT(raw::fcntl(-1, F_GETFD), SyscallFailsWithErrno(EBADF));
}

// --- mknodat(2), mkdirat(2), unlinkat(2) ---------------------------------------

TEST(RawMknodat, CreatesAFifo) {
  temp_dir dir;
  ASSERT_THAT(raw::mknodat(dir.fd(), "fifo", S_IFIFO | 0600, 0), SyscallSucceedsWithValue(0));
  struct stat st {};
  ASSERT_EQ(::fstatat(dir.fd(), "fifo", &st, 0), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST(RawMknodat, ExistingNameFailsWithEEXIST) {
  temp_dir dir;
  ASSERT_THAT(raw::mknodat(dir.fd(), "fifo", S_IFIFO | 0600, 0), SyscallSucceeds());
  EXPECT_THAT(raw::mknodat(dir.fd(), "fifo", S_IFIFO | 0600, 0), SyscallFailsWithErrno(EEXIST));
}

TEST(RawUnlinkat, RemovesAFifoAndThenFailsWithENOENT) {
  temp_dir dir;
  ASSERT_THAT(raw::mknodat(dir.fd(), "fifo", S_IFIFO | 0600, 0), SyscallSucceeds());
  EXPECT_THAT(raw::unlinkat(dir.fd(), "fifo", 0), SyscallSucceedsWithValue(0));
  EXPECT_THAT(raw::unlinkat(dir.fd(), "fifo", 0), SyscallFailsWithErrno(ENOENT));
}

TEST(RawMkdirat, CreatesADirectory) {
  temp_dir dir;
  ASSERT_THAT(raw::mkdirat(dir.fd(), "sub", 0700), SyscallSucceedsWithValue(0));
  struct stat st {};
  ASSERT_EQ(::fstatat(dir.fd(), "sub", &st, 0), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
}

TEST(RawMkdirat, ExistingNameFailsWithEEXIST) {
  temp_dir dir;
  ASSERT_THAT(raw::mkdirat(dir.fd(), "sub", 0700), SyscallSucceeds());
  EXPECT_THAT(raw::mkdirat(dir.fd(), "sub", 0700), SyscallFailsWithErrno(EEXIST));
}

TEST(RawUnlinkat, DirectoryWithoutAtRemovedirFailsWithEISDIR) {
  temp_dir dir;
  ASSERT_THAT(raw::mkdirat(dir.fd(), "sub", 0700), SyscallSucceeds());
  EXPECT_THAT(raw::unlinkat(dir.fd(), "sub", 0), SyscallFailsWithErrno(EISDIR));
}

TEST(RawUnlinkat, AtRemovedirRemovesAnEmptyDirectory) {
  temp_dir dir;
  ASSERT_THAT(raw::mkdirat(dir.fd(), "sub", 0700), SyscallSucceeds());
  EXPECT_THAT(raw::unlinkat(dir.fd(), "sub", AT_REMOVEDIR), SyscallSucceeds());
  EXPECT_NE(::faccessat(dir.fd(), "sub", F_OK, 0), 0);
}

TEST(RawUnlinkat, AtRemovedirOfANonEmptyDirectoryFailsWithENOTEMPTY) {
  temp_dir dir;
  ASSERT_THAT(raw::mkdirat(dir.fd(), "sub", 0700), SyscallSucceeds());
  ASSERT_THAT(raw::mkdirat(dir.fd(), "sub/inner", 0700), SyscallSucceeds());
  EXPECT_THAT(raw::unlinkat(dir.fd(), "sub", AT_REMOVEDIR), SyscallFailsWithErrno(ENOTEMPTY));
}

// --- getdents64(2) -------------------------------------------------------------

TEST(RawGetdents64, ListsDotDotDotAndTheEntries) {
  temp_dir dir;
  unique_fd f(::openat(dir.fd(), "file", O_CREAT | O_WRONLY, 0600));
  ASSERT_EQ(::mkdirat(dir.fd(), "sub", 0700), 0);
  unique_fd d(::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY));

  alignas(8) char buf[4096];
  std::set<std::string> names;
  for (;;) {
    auto n = raw::getdents64(d.get(), buf, sizeof buf);
    ASSERT_THAT(n, SyscallSucceeds());
    if (n.value() == 0) break;
    for (long off = 0; off < n.value();) {
      auto* e = reinterpret_cast<raw::kernel_dirent64*>(buf + off);
      names.insert(e->d_name);
      if (std::strcmp(e->d_name, "sub") == 0) {
        EXPECT_EQ(e->d_type, DT_DIR);
      }
      if (std::strcmp(e->d_name, "file") == 0) {
        EXPECT_EQ(e->d_type, DT_REG);
      }
      off += e->d_reclen;
    }
  }
  EXPECT_EQ(names, (std::set<std::string>{".", "..", "file", "sub"}));
}

TEST(RawGetdents64, OnARegularFileFailsWithENOTDIR) {
  temp_dir dir;
  unique_fd f(::openat(dir.fd(), "file", O_CREAT | O_RDONLY, 0600));
  alignas(8) char buf[256];
  EXPECT_THAT(raw::getdents64(f.get(), buf, sizeof buf), SyscallFailsWithErrno(ENOTDIR));
}

}  // namespace
