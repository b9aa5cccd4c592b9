// Memory through the raw layer: mmap(2), munmap(2), mprotect(2),
// madvise(2), mincore(2), msync(2), as their man pages describe them.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sysabi/raw/calls.hpp"
#include "syscall_matchers.hpp"
#include "test_support.hpp"

namespace raw = sysabi::raw;
using namespace sysabi::testing;

namespace {

const long page = ::sysconf(_SC_PAGESIZE);

// An anonymous private mapping of `pages` pages, unmapped at scope exit.
class anon_mapping {
 public:
  explicit anon_mapping(long pages, int prot = PROT_READ | PROT_WRITE)
      : len_(static_cast<sysabi::usize>(pages * page)) {
    auto r = raw::mmap(nullptr, len_, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_THAT(r, SyscallSucceeds());
    if (r.ok()) addr_ = static_cast<char*>(r.value());
  }
  ~anon_mapping() {
    if (addr_) ::munmap(addr_, len_);
  }
  anon_mapping(const anon_mapping&) = delete;
  anon_mapping& operator=(const anon_mapping&) = delete;

  char* get() const { return addr_; }
  char* page_at(long i) const { return addr_ + i * page; }
  sysabi::usize size() const { return len_; }
  // Forgets the mapping (the test unmaps it itself) and returns its address.
  char* release() { return std::exchange(addr_, nullptr); }

 private:
  sysabi::usize len_;
  char* addr_ = nullptr;
};

// The wait status of a child killed by `sig`.
auto killed_by(int sig) {
  return ::testing::Truly([sig](int status) { return WIFSIGNALED(status) && WTERMSIG(status) == sig; });
}

// Touches `p` for writing in a child with the default SIGSEGV action (a
// sanitizer's handler would turn the fault into an exit), and returns its
// wait status.
int write_in_child(char* p) {
  return run_in_child([p] {
    ::signal(SIGSEGV, SIG_DFL);
    *static_cast<volatile char*>(p) = 1;
  });
}

// --- mmap(2) and munmap(2) ----------------------------------------------------

TEST(RawMmap, AnonymousMappingIsPageAlignedAndZeroFilled) {
  anon_mapping m(2);
  ASSERT_NE(m.get(), nullptr);
  EXPECT_EQ(reinterpret_cast<sysabi::uptr>(m.get()) % page, 0u);
  for (sysabi::usize i = 0; i < m.size(); ++i) ASSERT_EQ(m.get()[i], 0) << "byte " << i;
}

TEST(RawMmap, AnonymousMappingIsWritable) {
  anon_mapping m(1);
  ASSERT_NE(m.get(), nullptr);
  std::memcpy(m.get(), "sysabi", 7);
  EXPECT_STREQ(m.get(), "sysabi");
}

TEST(RawMmap, ZeroLengthFailsWithEINVAL) {
  EXPECT_THAT(raw::mmap(nullptr, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              SyscallFailsWithErrno(EINVAL));
}

TEST(RawMmap, NeitherSharedNorPrivateFailsWithEINVAL) {
  EXPECT_THAT(raw::mmap(nullptr, page, PROT_READ, MAP_ANONYMOUS, -1, 0),
              SyscallFailsWithErrno(EINVAL));
}

TEST(RawMmap, UnalignedFileOffsetFailsWithEINVAL) {
  temp_dir dir;
  unique_fd f(::openat(dir.fd(), "f", O_CREAT | O_RDWR, 0600));
  ASSERT_EQ(::ftruncate(f.get(), 2 * page), 0);
  EXPECT_THAT(raw::mmap(nullptr, page, PROT_READ, MAP_PRIVATE, f.get(), 1),
              SyscallFailsWithErrno(EINVAL));
}

TEST(RawMmap, FileMappingWithBadDescriptorFailsWithEBADF) {
  EXPECT_THAT(raw::mmap(nullptr, page, PROT_READ, MAP_PRIVATE, -1, 0),
              SyscallFailsWithErrno(EBADF));
}

TEST(RawMmap, FileMappingShowsTheFileAtThePageOffset) {
  temp_dir dir;
  unique_fd f(::openat(dir.fd(), "f", O_CREAT | O_RDWR, 0600));
  ASSERT_EQ(::ftruncate(f.get(), 2 * page), 0);
  ASSERT_EQ(::pwrite(f.get(), "second", 6, page), 6);
  auto r = raw::mmap(nullptr, page, PROT_READ, MAP_PRIVATE, f.get(), page);
  ASSERT_THAT(r, SyscallSucceeds());
  EXPECT_EQ(std::memcmp(r.value(), "second", 6), 0);
  ::munmap(r.value(), page);
}

TEST(RawMunmap, UnmappedPageFaultsOnAccess) {
  anon_mapping m(1);
  char* p = m.release();
  ASSERT_THAT(raw::munmap(p, page), SyscallSucceedsWithValue(0));
  EXPECT_THAT(write_in_child(p), killed_by(SIGSEGV));
}

TEST(RawMunmap, UnalignedAddressFailsWithEINVAL) {
  anon_mapping m(1);
  EXPECT_THAT(raw::munmap(m.get() + 1, 1), SyscallFailsWithErrno(EINVAL));
}

TEST(RawMunmap, RangeWithNothingMappedSucceeds) {
  anon_mapping m(1);
  char* p = m.release();
  ASSERT_THAT(raw::munmap(p, page), SyscallSucceeds());
  EXPECT_THAT(raw::munmap(p, page), SyscallSucceeds());
}

// --- mprotect(2) --------------------------------------------------------------

TEST(RawMprotect, ReadOnlyPageFaultsOnWrite) {
  anon_mapping m(1);
  ASSERT_THAT(raw::mprotect(m.get(), m.size(), PROT_READ), SyscallSucceedsWithValue(0));
  EXPECT_EQ(m.get()[0], 0);  // still readable
  EXPECT_THAT(write_in_child(m.get()), killed_by(SIGSEGV));
}

TEST(RawMprotect, ProtNonePageFaultsOnWrite) {
  anon_mapping m(1);
  ASSERT_THAT(raw::mprotect(m.get(), m.size(), PROT_NONE), SyscallSucceeds());
  EXPECT_THAT(write_in_child(m.get()), killed_by(SIGSEGV));
}

TEST(RawMprotect, RestoringWriteMakesThePageWritableAgain) {
  anon_mapping m(1);
  ASSERT_THAT(raw::mprotect(m.get(), m.size(), PROT_NONE), SyscallSucceeds());
  ASSERT_THAT(raw::mprotect(m.get(), m.size(), PROT_READ | PROT_WRITE), SyscallSucceeds());
  m.get()[0] = 7;
  EXPECT_EQ(m.get()[0], 7);
}

TEST(RawMprotect, UnalignedAddressFailsWithEINVAL) {
  anon_mapping m(1);
  EXPECT_THAT(raw::mprotect(m.get() + 1, 1, PROT_READ), SyscallFailsWithErrno(EINVAL));
}

TEST(RawMprotect, UnmappedRangeFailsWithENOMEM) {
  anon_mapping m(1);
  char* p = m.release();
  ASSERT_THAT(raw::munmap(p, page), SyscallSucceeds());
  EXPECT_THAT(raw::mprotect(p, page, PROT_READ), SyscallFailsWithErrno(ENOMEM));
}

// --- madvise(2) ---------------------------------------------------------------

// MADV_DONTNEED on private anonymous memory drops the pages: the next read
// sees zero-fill-on-demand pages.
TEST(RawMadvise, DontneedOnPrivateAnonymousMemoryZeroesIt) {
  anon_mapping m(1);
  m.get()[0] = 42;
  ASSERT_THAT(raw::madvise(m.get(), m.size(), MADV_DONTNEED), SyscallSucceedsWithValue(0));
  EXPECT_EQ(m.get()[0], 0);
}

TEST(RawMadvise, UnknownAdviceFailsWithEINVAL) {
  anon_mapping m(1);
  EXPECT_THAT(raw::madvise(m.get(), m.size(), 12345), SyscallFailsWithErrno(EINVAL));
}

TEST(RawMadvise, UnalignedAddressFailsWithEINVAL) {
  anon_mapping m(1);
  EXPECT_THAT(raw::madvise(m.get() + 1, 1, MADV_NORMAL), SyscallFailsWithErrno(EINVAL));
}

// --- mincore(2) ---------------------------------------------------------------

// Demand paging: a fresh anonymous mapping has no pages until one is touched.
TEST(RawMincore, UntouchedAnonymousPageIsNotResident) {
  anon_mapping m(4);
  unsigned char vec[4] = {0xff, 0xff, 0xff, 0xff};
  ASSERT_THAT(raw::mincore(m.get(), m.size(), vec), SyscallSucceedsWithValue(0));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(vec[i] & 1, 0) << "page " << i;
}

TEST(RawMincore, TouchedPageIsResident) {
  anon_mapping m(4);
  m.page_at(2)[0] = 1;
  unsigned char vec[4] = {};
  ASSERT_THAT(raw::mincore(m.get(), m.size(), vec), SyscallSucceeds());
  EXPECT_EQ(vec[2] & 1, 1);
  EXPECT_EQ(vec[0] & 1, 0);
}

TEST(RawMincore, UnmappedRangeFailsWithENOMEM) {
  anon_mapping m(1);
  char* p = m.release();
  ASSERT_THAT(raw::munmap(p, page), SyscallSucceeds());
  unsigned char vec[1];
  EXPECT_THAT(raw::mincore(p, page, vec), SyscallFailsWithErrno(ENOMEM));
}

TEST(RawMincore, UnalignedAddressFailsWithEINVAL) {
  anon_mapping m(1);
  unsigned char vec[1];
  EXPECT_THAT(raw::mincore(m.get() + 1, 1, vec), SyscallFailsWithErrno(EINVAL));
}

TEST(RawMincore, UnwritableVectorFailsWithEFAULT) {
  anon_mapping m(1);
  m.get()[0] = 1;
  EXPECT_THAT(raw::mincore(m.get(), m.size(), reinterpret_cast<unsigned char*>(1)),
              SyscallFailsWithErrno(EFAULT));
}

// --- msync(2) -----------------------------------------------------------------

TEST(RawMsync, SharedFileMappingWritesReachTheFile) {
  temp_dir dir;
  unique_fd f(::openat(dir.fd(), "f", O_CREAT | O_RDWR, 0600));
  ASSERT_EQ(::ftruncate(f.get(), page), 0);
  auto r = raw::mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_SHARED, f.get(), 0);
  ASSERT_THAT(r, SyscallSucceeds());
  auto* p = static_cast<char*>(r.value());
  std::memcpy(p, "synced", 6);
  EXPECT_THAT(raw::msync(p, page, MS_SYNC), SyscallSucceedsWithValue(0));
  char buf[7] = {};
  EXPECT_EQ(::pread(f.get(), buf, 6, 0), 6);
  EXPECT_STREQ(buf, "synced");
  ::munmap(p, page);
}

TEST(RawMsync, UnalignedAddressFailsWithEINVAL) {
  anon_mapping m(1);
  EXPECT_THAT(raw::msync(m.get() + 1, 1, MS_SYNC), SyscallFailsWithErrno(EINVAL));
}

TEST(RawMsync, SyncAndAsyncTogetherFailWithEINVAL) {
  anon_mapping m(1);
  EXPECT_THAT(raw::msync(m.get(), m.size(), MS_SYNC | MS_ASYNC), SyscallFailsWithErrno(EINVAL));
}

TEST(RawMsync, UnmappedRangeFailsWithENOMEM) {
  anon_mapping m(1);
  char* p = m.release();
  ASSERT_THAT(raw::munmap(p, page), SyscallSucceeds());
  EXPECT_THAT(raw::msync(p, page, MS_SYNC), SyscallFailsWithErrno(ENOMEM));
}

}  // namespace
