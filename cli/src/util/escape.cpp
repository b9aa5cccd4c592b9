// cli/src/util/escape.cpp - \xNN for the bytes of untrusted text that a
// terminal or an XML parser must not see (sysabi/host/escape.hpp).
#include "sysabi/host/escape.hpp"

#include <fmt/format.h>

namespace sysabi::host {

namespace {

// Length of the valid UTF-8 sequence at text[i] (1..4), or 0 if invalid;
// `cp` gets its code point.
std::size_t utf8_length(std::string_view text, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  unsigned char c = b(0);
  std::size_t n;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3f);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are invalid.
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

template <typename Keep>
std::string escape_if(std::string_view text, Keep keep) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t n = utf8_length(text, i, cp);
    if (n > 0 && keep(cp)) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    // Invalid, or a control: every byte of it as \xNN.
    if (n == 0) n = 1;
    for (std::size_t k = 0; k < n; ++k)
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i + k]));
    i += n;
  }
  return out;
}

}  // namespace

std::string escape_text(std::string_view text) {
  return escape_if(text, [](char32_t cp) { return cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f); });
}

std::string escape_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    out += escape_text(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    out += '\n';
    text.remove_prefix(nl + 1);
  }
  return out;
}

std::string xml_safe(std::string_view text) {
  return escape_if(text, [](char32_t cp) {
    return cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp != 0xfffe && cp != 0xffff);
  });
}

}  // namespace sysabi::host
