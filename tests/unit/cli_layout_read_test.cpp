// tests/unit/cli_layout_read_test.cpp - reading struct_layout's objects
// (cli/src/layout/read.cpp): the rows of the built x86_64 glibc object
// against what this compiler says of <sys/stat.h> when the host is x86_64
// glibc, a big-endian (s390x) object against a little-endian one, the
// errors for files that are not layout objects, padding and the selection's
// checks on hand-made sets.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstddef>
#include <filesystem>
#include <string>

#include "sysabi/host/fact.hpp"
#include "sysabi/host/layout.hpp"

namespace sysabi::host {
namespace {

namespace fs = std::filesystem;

const fs::path layout_dir = fs::path(SYSABI_TEST_LIBEXEC_DIR) / "layout";

const layout_member* member(const layout_struct& s, const std::string& name) {
  for (const auto& m : s.members)
    if (m.name == name) return &m;
  return nullptr;
}

TEST(LayoutRead, GlibcStatMatchesThisCompiler) {
#if !defined(__x86_64__) || !defined(__GLIBC__)
  GTEST_SKIP() << "the host is not x86_64 glibc: its <sys/stat.h> says nothing of x86_64/glibc.o";
#else
  const fs::path object = layout_dir / "x86_64" / "glibc.o";
  if (!fs::exists(object)) GTEST_SKIP() << object << " is not built (target struct_layouts)";
  auto structs = read_layout_object(object);
  ASSERT_TRUE(structs.count("stat")) << object << " has no stat rows";
  const layout_struct& st = structs.at("stat");
  EXPECT_EQ(st.size, sizeof(struct stat)) << "sizeof(struct stat)";
  EXPECT_EQ(st.align, alignof(struct stat)) << "alignof(struct stat)";
#define SYSABI_CHECK_MEMBER(m)                                                              \
  do {                                                                                      \
    const layout_member* row = member(st, #m);                                              \
    ASSERT_NE(row, nullptr) << "stat." #m " missing from " << object;                       \
    EXPECT_EQ(row->offset, offsetof(struct stat, m)) << "stat." #m " offset";               \
    EXPECT_EQ(row->size, sizeof(static_cast<struct stat*>(nullptr)->m)) << "stat." #m " size"; \
  } while (0)
  SYSABI_CHECK_MEMBER(st_dev);
  SYSABI_CHECK_MEMBER(st_ino);
  SYSABI_CHECK_MEMBER(st_nlink);
  SYSABI_CHECK_MEMBER(st_mode);
  SYSABI_CHECK_MEMBER(st_uid);
  SYSABI_CHECK_MEMBER(st_gid);
  SYSABI_CHECK_MEMBER(st_rdev);
  SYSABI_CHECK_MEMBER(st_size);
  SYSABI_CHECK_MEMBER(st_blksize);
  SYSABI_CHECK_MEMBER(st_blocks);
  SYSABI_CHECK_MEMBER(st_atim);
  SYSABI_CHECK_MEMBER(st_mtim);
  SYSABI_CHECK_MEMBER(st_ctim);
#undef SYSABI_CHECK_MEMBER
  for (std::size_t i = 1; i < st.members.size(); ++i)
    EXPECT_LE(st.members[i - 1].offset, st.members[i].offset) << "members are sorted by offset";
#endif
}

// s390x's objects are big-endian: their rows' numbers are stored most
// significant byte first.  struct statx is the same 256 bytes with the same
// offsets on every 64-bit arch, so the s390x object read in its own byte
// order must give exactly the x86_64 object's rows.
TEST(LayoutRead, BigEndianObjectReadsLikeLittleEndianOne) {
  const fs::path be = layout_dir / "s390x" / "raw.o", le = layout_dir / "x86_64" / "raw.o";
  if (!fs::exists(be) || !fs::exists(le)) GTEST_SKIP() << be << " or " << le << " is not built";
  auto big = read_layout_object(be), little = read_layout_object(le);
  ASSERT_TRUE(big.count("statx") && little.count("statx"));
  const layout_struct &b = big.at("statx"), &l = little.at("statx");
  EXPECT_EQ(b.size, 256u) << be << ": statx size read in the wrong byte order?";
  EXPECT_EQ(b.align, l.align);
  ASSERT_EQ(b.members.size(), l.members.size());
  for (std::size_t i = 0; i < b.members.size(); ++i) {
    EXPECT_EQ(b.members[i].name, l.members[i].name);
    EXPECT_EQ(b.members[i].offset, l.members[i].offset) << "statx." << b.members[i].name;
    EXPECT_EQ(b.members[i].size, l.members[i].size) << "statx." << b.members[i].name;
  }
}

TEST(LayoutRead, EveryBuiltObjectOfX86_64HasRows) {
  if (!fs::exists(layout_dir / "sources.json")) GTEST_SKIP() << "no struct layouts built in " << layout_dir;
  auto sets = load_layouts(SYSABI_TEST_LIBEXEC_DIR);
  int built = 0;
  for (const auto& s : sets) {
    if (s.arch != "x86_64" || !s.built()) continue;
    ++built;
    EXPECT_FALSE(s.structs.empty()) << s.object << ": no structs read";
    for (const auto& [name, l] : s.structs) {
      EXPECT_EQ(name, l.name) << s.object;
      EXPECT_GT(l.size, 0u) << s.object << ": " << name;
      for (const auto& m : l.members)
        EXPECT_LE(m.offset + m.size, l.size) << s.object << ": " << name << "." << m.name << " past the end";
    }
  }
  EXPECT_GT(built, 0) << "sources.json lists no built x86_64 source";
}

// sparc64's objects are big-endian: read in their own byte order, the rows
// give sizes and offsets that make sense (a little-endian read of 144 would
// be 144 << 56), and the raw and kernel stat64 agree row for row - the raw
// one is static_assert-checked against uapi when the variant builds.
TEST(LayoutRead, BigEndianSparc64ObjectsReadInTheirByteOrder) {
  const fs::path kernel = layout_dir / "sparc64" / "kernel.o",
                 raw = layout_dir / "sparc64" / "raw.o";
  if (!fs::exists(kernel) || !fs::exists(raw)) GTEST_SKIP() << "no sparc64 layouts built";
  auto k = read_layout_object(kernel), r = read_layout_object(raw);
  ASSERT_TRUE(k.count("stat64") && r.count("stat64"));
  const layout_struct& ks = k.at("stat64");
  EXPECT_EQ(ks.size, 144u);
  EXPECT_EQ(ks.align, 8u);
  ASSERT_EQ(ks.members.size(), r.at("stat64").members.size());
  for (std::size_t i = 0; i < ks.members.size(); ++i) {
    EXPECT_EQ(ks.members[i].offset, r.at("stat64").members[i].offset) << ks.members[i].name;
    EXPECT_EQ(ks.members[i].size, r.at("stat64").members[i].size) << ks.members[i].name;
  }
  const layout_member* nlink = member(ks, "st_nlink");
  ASSERT_NE(nlink, nullptr);
  EXPECT_EQ(nlink->offset, 16u);  // 64-bit, before st_mode (uapi asm/stat.h)
  EXPECT_EQ(nlink->size, 8u);
}

TEST(LayoutRead, NotAnElfFileIsAUsageError) {
  EXPECT_THROW(read_layout_object(fs::path(SYSABI_TEST_SOURCE_DIR) / "README.md"), usage_error);
  EXPECT_THROW(read_layout_object(layout_dir / "no-such-object.o"), usage_error);
}

TEST(LayoutRead, ElfWithoutLayoutRowsIsAUsageError) {
  // This test program is an ELF file with a symbol table and no .sysabi_layout.
  try {
    read_layout_object("/proc/self/exe");
    FAIL() << "/proc/self/exe read as a layout object";
  } catch (const usage_error& e) {
    EXPECT_NE(std::string(e.what()).find("no .sysabi_layout rows"), std::string::npos) << e.what();
  }
}

TEST(LayoutRead, PaddingIsEveryUncoveredRun) {
  layout_struct s;
  s.size = 16;
  s.members = {{"a", 0, 4}, {"b", 8, 4}};
  auto gaps = s.padding();
  ASSERT_EQ(gaps.size(), 2u);
  EXPECT_EQ(gaps[0].offset, 4u);
  EXPECT_EQ(gaps[0].size, 4u);
  EXPECT_EQ(gaps[1].offset, 12u);
  EXPECT_EQ(gaps[1].size, 4u);
}

TEST(LayoutSelect, UnknownStructArchOrSourceIsAUsageError) {
  layout_set set;
  set.arch = "x86_64";
  set.source = "glibc";
  set.structs["stat"].name = "stat";
  std::vector<layout_set> all = {set};
  EXPECT_THROW(select_layouts(all, {"nosuch", {}, {}, "table"}, "x86_64"), usage_error);
  EXPECT_THROW(select_layouts(all, {"stat", {"vax"}, {}, "table"}, "x86_64"), usage_error);
  EXPECT_THROW(select_layouts(all, {"stat", {}, {"musl"}, "table"}, "x86_64"), usage_error);
  auto sel = select_layouts(all, {"stat", {}, {}, "table"}, "x86_64");
  ASSERT_EQ(sel.sets.size(), 1u) << "the host's arch by default";
  EXPECT_EQ(sel.sets[0]->source, "glibc");
}

}  // namespace
}  // namespace sysabi::host
