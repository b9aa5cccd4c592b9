// abi_checks/harness/ktap.cpp - KTAP from sysabi-probe's own JSON lines
// (ktap.hpp), over raw calls: capture, a line reader, the few JSON fields a
// fact line has, names and escaping.
//
// The lines read back are the ones harness.cpp writes (flat objects, string
// values escaped by rt::sbuf::json_str), so the reader below knows objects of
// strings, numbers, booleans and null, nothing nested.
#include "ktap.hpp"

#include <asm/unistd.h>
#include <linux/fcntl.h>
#include <linux/memfd.h>

#include "sysabi/raw/calls.hpp"
#include "sysabi/rt/out.hpp"
#include "sysabi/rt/str.hpp"

namespace sysabi::harness::ktap {

namespace {

constexpr const char* upper_hex = "0123456789ABCDEF";
constexpr usize max_line = 8192;  // a fact line is at most 4096 (rt::line)

// One output line, long enough for a whole escaped fact line.
class out_line : public rt::sbuf<4 * max_line + 64> {
 public:
  void emit(int fd) {
    add('\n');
    rt::write_all(fd, c_str(), size());
    clear();
  }
  void indent(unsigned depth) {
    for (unsigned i = 0; i < depth; ++i) add("  ");
  }
};

bool name_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

void add_hex_escape(out_line& o, const char* prefix, unsigned char c) {
  o.add(prefix).add(upper_hex[c >> 4]).add(upper_hex[c & 15]);
}

// The test name of bytes [s, s+n) (ktap.hpp).
void add_name(out_line& o, const char* s, usize n) {
  for (usize i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!name_char(c) || (c == '_' && i + 1 < n && s[i + 1] == 'X'))
      add_hex_escape(o, "_X", c);
    else
      o.add(static_cast<char>(c));
  }
}

// Diagnostic text of bytes [s, s+n): no control bytes, nothing left out.
void add_text(out_line& o, const char* s, usize n) {
  for (usize i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\\')
      o.add("\\\\");
    else if (c == '\n')
      o.add("\\n");
    else if (c == '\t')
      o.add("\\t");
    else if (c < 0x20 || c >= 0x7f)
      add_hex_escape(o, "\\x", c);
    else
      o.add(static_cast<char>(c));
  }
}

// --- reading lines of a file ---------------------------------------------------

class line_reader {
 public:
  // Several readers may share the fd (each_probe's callback reads a run while
  // each_probe reads on): each read seeks to this reader's own offset first.
  line_reader(int fd, long from, long to) : fd_(fd), pos_(from), to_(to) {}
  // The next line without its newline, and its offset; false at the end.  A
  // line longer than the buffer comes back cut (its start, `cut` set) and
  // the rest of it is passed over.
  bool next(const char** s, usize* n, long* at, bool* cut) {
    *cut = false;
    for (;;) {
      for (usize i = start_; i < len_; ++i) {
        if (buf_[i] != '\n') continue;
        if (!dropping_) return take(i, i + 1, s, n, at);
        dropping_ = false;  // the end of a cut line: drop it and look again
        consume(i + 1);
        i = start_ - 1;
      }
      if (dropping_) consume(len_);
      if (start_ > 0) {  // make room: move the partial line to the front
        for (usize i = start_; i < len_; ++i) buf_[i - start_] = buf_[i];
        len_ -= start_;
        start_ = 0;
      }
      if (len_ == sizeof buf_) {  // no newline in a whole buffer
        *cut = true;
        dropping_ = true;
        return take(len_, len_, s, n, at);
      }
      usize want = sizeof buf_ - len_;
      long left = to_ < 0 ? static_cast<long>(want) : to_ - (pos_ + static_cast<long>(len_));
      if (left < static_cast<long>(want)) want = left > 0 ? static_cast<usize>(left) : 0;
      long got = 0;
      if (want > 0) {
        raw::lseek(fd_, pos_ + static_cast<long>(len_), 0 /* SEEK_SET */);
        auto r = raw::read(fd_, buf_ + len_, want);
        if (!r.ok() && r.error() == 4 /* EINTR */) continue;
        got = r.ok() ? r.value() : 0;
      }
      if (got <= 0) {  // the end: a last line may lack its newline
        if (len_ == start_ || dropping_) return false;
        return take(len_, len_, s, n, at);
      }
      len_ += static_cast<usize>(got);
    }
  }
  // The offset just after the last line returned.
  long pos() const { return pos_; }

 private:
  void consume(usize next) {
    pos_ += static_cast<long>(next - start_);
    start_ = next;
  }
  bool take(usize end, usize next, const char** s, usize* n, long* at) {
    *s = buf_ + start_;
    *n = end - start_;
    *at = pos_;
    consume(next);
    return true;
  }

  int fd_;
  long pos_;  // the file offset of buf_[start_]
  long to_;
  char buf_[max_line];
  usize start_ = 0, len_ = 0;
  bool dropping_ = false;
};

// --- the fields of one fact line -----------------------------------------------

struct span {
  const char* p = nullptr;
  usize n = 0;
  bool present() const { return p != nullptr; }
  bool is(const char* word) const {
    usize k = rt::str_len(word);
    if (k != n) return false;
    for (usize i = 0; i < n; ++i)
      if (p[i] != word[i]) return false;
    return true;
  }
};

struct fact_line {
  span id, value, expect, status, reason;  // strings with their quotes
};

// Past a JSON string starting at s[i] == '"'; returns the index after it, or n.
usize skip_string(const char* s, usize n, usize i) {
  for (++i; i < n; ++i) {
    if (s[i] == '\\')
      ++i;
    else if (s[i] == '"')
      return i + 1;
  }
  return n;
}

// Parses {"key":value,...}; false if the line is not such an object or has
// no "id".
bool parse_fact(const char* s, usize n, fact_line* f) {
  usize i = 0;
  if (n < 2 || s[0] != '{' || s[n - 1] != '}') return false;
  i = 1;
  while (i < n - 1) {
    if (s[i] != '"') return false;
    usize key_end = skip_string(s, n, i);
    span key{s + i + 1, key_end - i - 2};
    i = key_end;
    if (i >= n || s[i] != ':') return false;
    ++i;
    usize v = i;
    if (i < n && s[i] == '"')
      i = skip_string(s, n, i);
    else
      while (i < n - 1 && s[i] != ',') ++i;
    span value{s + v, i - v};
    if (key.is("id")) f->id = value;
    if (key.is("value")) f->value = value;
    if (key.is("expect")) f->expect = value;
    if (key.is("status")) f->status = value;
    if (key.is("reason")) f->reason = value;
    if (i < n - 1) {
      if (s[i] != ',') return false;
      ++i;
    }
  }
  return f->id.present() && f->id.n >= 2 && f->id.p[0] == '"';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The bytes a JSON string literal stands for (UTF-8 for \u escapes), into
// out (at most size bytes).  Returns their count.
usize decode_string(span str, char* out, usize size) {
  usize k = 0;
  auto put = [&](unsigned char c) {
    if (k < size) out[k++] = static_cast<char>(c);
  };
  if (str.n < 2 || str.p[0] != '"') {  // not a string: the text itself
    for (usize i = 0; i < str.n; ++i) put(static_cast<unsigned char>(str.p[i]));
    return k;
  }
  for (usize i = 1; i + 1 < str.n; ++i) {
    char c = str.p[i];
    if (c != '\\' || i + 2 >= str.n) {
      put(static_cast<unsigned char>(c));
      continue;
    }
    char e = str.p[++i];
    switch (e) {
      case 'n': put('\n'); break;
      case 't': put('\t'); break;
      case 'r': put('\r'); break;
      case 'b': put('\b'); break;
      case 'f': put('\f'); break;
      case 'u': {
        unsigned cp = 0;
        int digits = 0;
        for (; digits < 4 && i + 1 < str.n - 1; ++digits) {
          int h = hex_digit(str.p[i + 1]);
          if (h < 0) break;
          cp = cp * 16 + static_cast<unsigned>(h);
          ++i;
        }
        if (cp < 0x80) {
          put(static_cast<unsigned char>(cp));
        } else if (cp < 0x800) {
          put(static_cast<unsigned char>(0xc0 | (cp >> 6)));
          put(static_cast<unsigned char>(0x80 | (cp & 0x3f)));
        } else {
          put(static_cast<unsigned char>(0xe0 | (cp >> 12)));
          put(static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3f)));
          put(static_cast<unsigned char>(0x80 | (cp & 0x3f)));
        }
        break;
      }
      default: put(static_cast<unsigned char>(e)); break;  // \" \\ \/
    }
  }
  return k;
}

char decoded[max_line];  // one decoded string at a time

void add_decoded_name(out_line& o, span s) { add_name(o, decoded, decode_string(s, decoded, sizeof decoded)); }
void add_decoded_text(out_line& o, span s) { add_text(o, decoded, decode_string(s, decoded, sizeof decoded)); }

// The probe prefix of a fact id span (inside its quotes): up to the first dot.
span probe_of(span id) {
  span p{id.p + 1, 0};
  while (p.n + 2 < id.n && p.p[p.n] != '.') ++p.n;
  return p;
}

void write_diagnostic(int fd, unsigned depth, const char* label, span text, bool decode) {
  out_line o;
  o.indent(depth);
  o.add("# ").add(label);
  if (decode)
    add_decoded_text(o, text);
  else
    add_text(o, text.p, text.n);
  o.emit(fd);
}

}  // namespace

// --- capture ---------------------------------------------------------------------

capture::~capture() {
  end();
  if (fd_ >= 0) raw::close(fd_);
}

int open_scratch() {
  long r = raw::call(__NR_memfd_create, "sysabi-ktap", MFD_CLOEXEC);
  if (r < 0) {
    auto t = raw::openat(-100 /* AT_FDCWD */, "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    r = t.ok() ? t.value() : -t.error();
  }
  return static_cast<int>(r);
}

int capture::begin() {
  int r = open_scratch();
  if (r < 0) return r;
  fd_ = r;
  long saved = raw::call(__NR_fcntl, 1, F_DUPFD_CLOEXEC, 3);
  if (saved < 0) return static_cast<int>(saved);
  saved_stdout_ = static_cast<int>(saved);
  auto d = raw::dup3(fd_, 1, 0);
  if (!d.ok()) {
    end();
    return -d.error();
  }
  return 0;
}

void capture::end() {
  if (saved_stdout_ < 0) return;
  raw::dup3(saved_stdout_, 1, 0);
  raw::close(saved_stdout_);
  saved_stdout_ = -1;
}

// --- stream --------------------------------------------------------------------------

void stream::begin(unsigned plan) {
  out_line o;
  o.indent(depth_);
  o.add("KTAP version 1");
  o.emit(fd_);
  o.indent(depth_);
  o.add("1..").add(static_cast<long>(plan));
  o.emit(fd_);
}

void stream::diagnostic(const char* text) {
  out_line o;
  o.indent(depth_);
  o.add("# ");
  add_text(o, text, rt::str_len(text));
  o.emit(fd_);
}

result stream::probe(unsigned number, const char* name, int fd, long from, long to) {
  const char* s;
  usize n;
  long at;
  bool cut;
  unsigned count = 0;
  {
    line_reader lines(fd, from, to);
    fact_line f;
    while (lines.next(&s, &n, &at, &cut)) {
      f = {};
      if (!cut && parse_fact(s, n, &f)) ++count;
    }
  }
  const unsigned inner = depth_ + 1;
  unsigned fact_ok = 0, fact_not_ok = 0, fact_skip = 0;
  if (count > 0) {
    stream sub(fd_, inner);
    sub.begin(count);
  }
  line_reader lines(fd, from, to);
  unsigned k = 0;
  while (lines.next(&s, &n, &at, &cut)) {
    fact_line f;
    if (cut || !parse_fact(s, n, &f)) {
      if (n == 0) continue;
      write_diagnostic(fd_, inner, cut ? "output (cut): " : "output: ", span{s, n}, false);
      continue;
    }
    ++k;
    out_line o;
    bool failed = f.status.is("\"fail\"");
    bool skipped = f.status.is("\"skip\"");
    bool info = f.status.is("\"info\"");
    if (!failed && !skipped && !info && !f.status.is("\"pass\"")) {
      // A status this emitter does not know: a failure, saying so.
      write_diagnostic(fd_, inner, "unknown status: ", f.status, false);
      failed = true;
    }
    const span null{"null", 4};
    if (failed || info) write_diagnostic(fd_, inner, "value: ", f.value.present() ? f.value : null, false);
    if (failed) {
      write_diagnostic(fd_, inner, "expect: ", f.expect.present() ? f.expect : null, false);
      if (f.reason.present()) write_diagnostic(fd_, inner, "reason: ", f.reason, true);
    }
    o.indent(inner);
    o.add(failed ? "not ok " : "ok ").add(static_cast<long>(k)).add(' ');
    add_decoded_name(o, f.id);
    if (skipped) {
      o.add(" # SKIP");
      if (f.reason.present()) {
        o.add(' ');
        add_decoded_text(o, f.reason);
      }
    }
    o.emit(fd_);
    if (failed)
      ++fact_not_ok;
    else if (skipped)
      ++fact_skip;
    else
      ++fact_ok;
  }
  facts_.ok += fact_ok;
  facts_.not_ok += fact_not_ok;
  facts_.skip += fact_skip;

  result res = fact_not_ok     ? result::not_ok
               : fact_ok == 0 ? result::skip
                              : result::ok;
  out_line o;
  o.indent(depth_);
  o.add(res == result::not_ok ? "not ok " : "ok ").add(static_cast<long>(number)).add(' ');
  add_name(o, name, rt::str_len(name));
  if (res == result::skip) {
    if (k == 0)
      o.add(" # SKIP no facts");
    else
      o.add(" # SKIP all ").add(static_cast<long>(k)).add(" subtests skipped");
  }
  o.emit(fd_);
  ++results_;
  if (res == result::not_ok) ++not_ok_;
  if (res == result::skip) ++skipped_;
  return res;
}

void stream::not_captured(unsigned number, const char* name, int error) {
  out_line o;
  o.indent(depth_);
  o.add("ok ").add(static_cast<long>(number)).add(' ');
  add_name(o, name, rt::str_len(name));
  o.add(" # SKIP no scratch file to capture its facts in (memfd_create, O_TMPFILE in /tmp): error ")
      .add(-error);
  o.emit(fd_);
  ++results_;
  ++skipped_;
}

int stream::exit_status() const {
  if (not_ok_) return 1;
  if (skipped_ == results_) return 4;
  return 0;
}

unsigned each_probe(int fd, void (*fn)(void* arg, const char* probe, long from, long to),
                    void* arg, char* variant, usize size) {
  if (size) variant[0] = 0;
  line_reader lines(fd, 0, -1);
  const char* s;
  usize n;
  long at;
  bool cut;
  char current[256] = "";
  long run_from = -1, run_to = -1;
  unsigned runs = 0;
  auto flush = [&]() {
    if (run_from < 0) return;
    if (fn) fn(arg, current, run_from, run_to);
    ++runs;
    run_from = -1;
  };
  while (lines.next(&s, &n, &at, &cut)) {
    fact_line f;
    if (cut || !parse_fact(s, n, &f)) {
      // The header {"sysabi_probe":1,"variant":"..."} names the variant.
      span header{s, n < 16 ? n : 16};
      if (!cut && header.is("{\"sysabi_probe\":") && size) {
        for (usize i = 0; i + 10 < n; ++i) {
          span key{s + i, 10};
          if (!key.is("\"variant\":")) continue;
          usize e = skip_string(s, n, i + 10);
          usize k = decode_string(span{s + i + 10, e - i - 10}, variant, size - 1);
          variant[k] = 0;
          break;
        }
      }
      // Other lines than the framing (header, trailer) stay with their probe.
      span framing{s, n < 8 ? n : 8};
      bool trailer = framing.is("{\"done\":");
      if (run_from >= 0 && !trailer && !header.is("{\"sysabi_probe\":")) run_to = lines.pos();
      continue;
    }
    span p = probe_of(f.id);
    bool same = run_from >= 0 && p.n == rt::str_len(current);
    for (usize i = 0; same && i < p.n; ++i) same = current[i] == p.p[i];
    if (!same) {
      flush();
      usize k = p.n < sizeof current - 1 ? p.n : sizeof current - 1;
      for (usize i = 0; i < k; ++i) current[i] = p.p[i];
      current[k] = 0;
      run_from = at;
    }
    run_to = lines.pos();
  }
  flush();
  return runs;
}

}  // namespace sysabi::harness::ktap
