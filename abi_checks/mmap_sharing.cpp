// abi_checks/mmap_sharing.cpp - who sees a write to a mapping: MAP_SHARED
// vs MAP_PRIVATE, anonymous vs file-backed, across fork.
//
//   shared_anon.child_sees_parent    a MAP_SHARED|MAP_ANONYMOUS page written before
//   shared_anon.parent_sees_child    fork is seen by the child, and the child's
//                                    write by the parent
//   private_anon.child_sees_parent   MAP_PRIVATE after fork: the child starts with
//   private_anon.parent_sees_child   the parent's data, but its write is its own
//                                    copy (copy-on-write): the parent never sees it
//   private_file.file_unchanged      a write through MAP_PRIVATE reaches neither the
//   private_file.shared_view_unchanged  file nor another (shared) mapping of it,
//   private_file.own_view_changed    only the writer's own view
//   shared_file.msync                msync(MS_SYNC) succeeds
//   shared_file.read_sees_write      a write through MAP_SHARED reaches the file
//                                    (read(2) after msync(MS_SYNC)) ...
//   shared_file.other_mapping_sees   ... another mapping of it in this process
//   shared_file.other_process_sees   ... and a mapping in another process
//   file_offset.second_page          mmap at file offset 4096 starts at the
//                                    file's second page
//
// Synchronisation is by the child's exit (waited for with the harness's
// SIGCHLD wait), never by sleeping.
#include <asm/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>

#include "harness/child.hpp"
#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"

using namespace sysabi;

namespace {

#if defined(__sparc__)
constexpr usize page = 8192;  // sparc64 Linux's base page: 8 KiB
#else
constexpr usize page = 4096;
#endif

// One page, unmapped at the end of the caller's scope.
harness::scoped_mapping map(int prot, int flags, int fd = -1, long off = 0) {
  return harness::map(page, prot, flags, fd, off);
}

// The child reports what it read as its exit status, then writes 'C'.
int child_reads_then_writes(void* p) {
  auto* c = static_cast<volatile char*>(p);
  int seen = *c;
  *c = 'C';
  return seen;
}

// A two-page file in TMPDIR with no name: page 0 full of 'A', page 1 of 'B'.
harness::scoped_fd two_page_file() {
  harness::scoped_fd fd(harness::anonymous_file(page, 'A'));
  if (!fd.ok()) return fd;
  static char b[page];
  for (char& c : b) c = 'B';
  if (!raw::write(fd.get(), b, page).ok()) fd.reset(-5 /* EIO */);
  return fd;
}

// The first byte of the file, by read(2).
char first_byte(int fd) {
  char c = 0;
  raw::lseek(fd, 0, 0 /* SEEK_SET */);
  raw::read(fd, &c, 1);
  return c;
}

const char* as_text(int byte, char buf[4]) {
  buf[0] = '\'';
  buf[1] = static_cast<char>(byte);
  buf[2] = '\'';
  buf[3] = 0;
  return buf;
}

}  // namespace

SYSABI_PROBE(mmap_sharing) {
  char a[4], b[4];

  // --- anonymous ---------------------------------------------------------------
  auto shared_page = map(PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS);
  char* shared = shared_page.as<char>();
  *shared = 'P';
  auto r = harness::run_in_child(child_reads_then_writes, shared, 5000);
  ctx.check("shared_anon.child_sees_parent",
            r.ended == harness::child_result::how::exited ? as_text(r.code, a) : "child failed",
            as_text('P', b));
  ctx.check("shared_anon.parent_sees_child", as_text(*shared, a), as_text('C', b));
  shared_page.reset();

  auto private_page = map(PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  char* priv = private_page.as<char>();
  *priv = 'P';
  r = harness::run_in_child(child_reads_then_writes, priv, 5000);
  ctx.check("private_anon.child_sees_parent",
            r.ended == harness::child_result::how::exited ? as_text(r.code, a) : "child failed",
            as_text('P', b));
  ctx.check("private_anon.parent_sees_child", *priv == 'C', false);
  private_page.reset();

  // --- file-backed ---------------------------------------------------------------
  harness::scoped_fd file = two_page_file();
  if (!file.ok()) {
    ctx.skip("file", "cannot create a file in TMPDIR");
    return;
  }
  const int fd = file.get();
  auto view_page = map(PROT_READ, MAP_SHARED, fd);
  auto cow_page = map(PROT_READ | PROT_WRITE, MAP_PRIVATE, fd);
  char *view = view_page.as<char>(), *cow = cow_page.as<char>();
  cow[0] = 'X';
  ctx.check("private_file.file_unchanged", as_text(first_byte(fd), a), as_text('A', b));
  ctx.check("private_file.shared_view_unchanged", as_text(view[0], a), as_text('A', b));
  ctx.check("private_file.own_view_changed", as_text(cow[0], a), as_text('X', b));
  cow_page.reset();

  auto out_page = map(PROT_READ | PROT_WRITE, MAP_SHARED, fd);
  char* out = out_page.as<char>();
  out[0] = 'S';
  auto synced = raw::msync(out, page, MS_SYNC);
  ctx.check("shared_file.msync", synced.ok() ? "ok" : harness::errno_name(synced.error()), "ok");
  ctx.check("shared_file.read_sees_write", as_text(first_byte(fd), a), as_text('S', b));
  ctx.check("shared_file.other_mapping_sees", as_text(view[0], a), as_text('S', b));
  // Another process maps the file afresh and reads it.
  struct other {
    int fd;
  } o{fd};
  r = harness::in_child(
      [&o] {
        auto m = map(PROT_READ, MAP_SHARED, o.fd);
        return m.ok() ? static_cast<int>(m.as<char>()[0]) : 1;
      },
      5000);
  ctx.check("shared_file.other_process_sees",
            r.ended == harness::child_result::how::exited ? as_text(r.code, a) : "child failed",
            as_text('S', b));
  out_page.reset();
  view_page.reset();

  // Offsets are in bytes but must be page-aligned: `page` is the second page.
  auto second = map(PROT_READ, MAP_SHARED, fd, page);
  ctx.check("file_offset.second_page",
            second.ok() ? as_text(second.as<char>()[0], a) : "mmap failed", as_text('B', b));
}
