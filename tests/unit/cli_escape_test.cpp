// cli_escape_test.cpp - untrusted text from reports and probes reaches a
// terminal without control sequences and XML without illegal characters
// (cli/src/util/escape.cpp), in the renderings that print it.
#include <gtest/gtest.h>

#include <string>

#include "sysabi/host/escape.hpp"
#include "sysabi/host/report.hpp"

namespace {

using namespace sysabi::host;

TEST(Escape, TextShowsControlsAsHex) {
  EXPECT_EQ(escape_text("plain.id"), "plain.id");
  EXPECT_EQ(escape_text("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(escape_text("x\x01y\x7f"), "x\\x01y\\x7f");
  EXPECT_EQ(escape_text("tab\tnl\n"), "tab\\x09nl\\x0a");
  EXPECT_EQ(escape_text("csi \xc2\x9b" "31m"), "csi \\xc2\\x9b31m");  // U+009B, a C1 control
  EXPECT_EQ(escape_text("bad \xff utf8"), "bad \\xff utf8");
  EXPECT_EQ(escape_text("caf\xc3\xa9 \xe2\x86\x92"), "caf\xc3\xa9 \xe2\x86\x92");  // kept
}

TEST(Escape, LinesKeepTheirNewlines) {
  EXPECT_EQ(escape_lines("a\x1b\nb\n"), "a\\x1b\nb\n");
}

TEST(Escape, XmlKeepsTabNewlineReturnOnly) {
  EXPECT_EQ(xml_safe("a\tb\nc\rd"), "a\tb\nc\rd");
  EXPECT_EQ(xml_safe("a\x01\x1b" "b"), "a\\x01\\x1bb");
  EXPECT_EQ(xml_safe("\xef\xbf\xbf"), "\\xef\\xbf\\xbf");  // U+FFFF is not an XML character
}

TEST(Escape, FailuresAndSummaryCarryNoControls) {
  fact f;
  f.id = "errno.read.\x1b[2Jcleared\x01";
  f.variant = "x86_64-nolibc-static";
  f.value = "E\x1b[1m";
  f.expect = "EBADF";
  f.status = fact_status::fail;
  f.reason = "because \x1b]0;owned\x07";
  report r;
  r.facts.push_back(f);
  variant_record v;
  v.name = "evil\x1b[31m";
  v.status = variant_status::skipped;
  v.reason = "no \x1b[5mqemu";
  r.variants.push_back(v);
  std::string text = render_failures(r) + render_summary(r);
  for (char c : text) EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20) << text;
  EXPECT_NE(text.find("errno.read.\\x1b[2Jcleared\\x01"), std::string::npos) << text;
  EXPECT_NE(text.find("because \\x1b]0;owned\\x07"), std::string::npos) << text;
  EXPECT_NE(text.find("no \\x1b[5mqemu"), std::string::npos) << text;
}

}  // namespace
