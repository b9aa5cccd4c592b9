// cli_atomic_file_test.cpp - the report is written through a temporary file
// in the same directory and renamed: readers never see half a report, and an
// unwritable path is found out before anything runs.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sysabi/host/atomic_file.hpp"
#include "sysabi/host/fact.hpp"

namespace {

namespace fs = std::filesystem;
using namespace sysabi::host;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "cli_atomic_file_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }

  fs::path dir_;
};

TEST_F(AtomicFile, CommitReplacesTheTargetAndLeavesNoTemporary) {
  fs::path target = dir_ / "r.json";
  std::ofstream(target) << "old";
  {
    atomic_file f(target);
    EXPECT_EQ(f.temp_path().parent_path(), dir_);  // same directory: rename is atomic
    EXPECT_TRUE(fs::exists(f.temp_path()));
    EXPECT_EQ(read(target), "old");  // untouched until commit
    f.commit("{\"new\":true}\n");
    EXPECT_FALSE(fs::exists(f.temp_path()));
  }
  EXPECT_EQ(read(target), "{\"new\":true}\n");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, WithoutCommitNothingChanges) {
  fs::path target = dir_ / "r.json";
  std::ofstream(target) << "old";
  {
    atomic_file f(target);
    EXPECT_EQ(entries(), 2u);
  }
  EXPECT_EQ(read(target), "old");
  EXPECT_EQ(entries(), 1u);

  { atomic_file g(dir_ / "fresh.json"); }
  EXPECT_FALSE(fs::exists(dir_ / "fresh.json"));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, NewFileGetsOrdinaryPermissions) {
  mode_t old = ::umask(022);
  fs::path target = dir_ / "perm.json";
  {
    atomic_file f(target);
    f.commit("x");
  }
  ::umask(old);
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(AtomicFile, UnwritablePlacesAreUsageErrors) {
  EXPECT_THROW(atomic_file{dir_ / "no" / "such" / "dir.json"}, usage_error);
  EXPECT_THROW(atomic_file{dir_}, usage_error);  // a directory
  EXPECT_THROW(atomic_file{""}, usage_error);
  if (::geteuid() != 0) {  // root writes anywhere
    fs::path ro = dir_ / "ro";
    fs::create_directory(ro);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_THROW(atomic_file{ro / "r.json"}, usage_error);
    fs::permissions(ro, fs::perms::owner_all);
  }
  try {
    atomic_file f(dir_ / "missing" / "r.json");
    FAIL();
  } catch (const usage_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing/r.json: No such file or directory"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
