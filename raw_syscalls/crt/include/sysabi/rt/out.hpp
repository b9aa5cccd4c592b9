// sysabi/rt/out.hpp - text and JSON output over the raw write(2).
//
// A line is assembled in a buffer and handed to the kernel in one write, so
// that lines from parent and child probes never interleave on a pipe
// (writes of up to PIPE_BUF bytes are atomic).
#pragma once

#include "sysabi/raw/calls.hpp"
#include "sysabi/rt/str.hpp"

namespace sysabi::rt {

// Writes all of [p, p+n) to fd, retrying on short writes and EINTR.
inline bool write_all(int fd, const char* p, usize n) {
  while (n) {
    auto r = raw::write(fd, p, n);
    if (!r.ok()) {
      if (r.error() == 4 /* EINTR */) continue;
      return false;
    }
    p += r.value();
    n -= static_cast<usize>(r.value());
  }
  return true;
}

inline void put(int fd, const char* s) { write_all(fd, s, str_len(s)); }

// One output line, built up and flushed in a single write.
class line : public sbuf<4096> {
 public:
  // Ends the line with '\n' and writes it to fd.
  bool emit(int fd) {
    add('\n');
    bool ok = write_all(fd, c_str(), size());
    clear();
    return ok;
  }
};

}  // namespace sysabi::rt
