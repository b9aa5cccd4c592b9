// cli/src/report/html_page.hpp - what the two HTML pages share: escaping, the
// style sheet, the row filter, the page frame (cli/src/report/report_html.cpp,
// cli/src/report/diff_html.cpp).  Internal to sysabi_host.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "sysabi/host/fact.hpp"

namespace sysabi::host::html {


inline std::string esc(std::string_view s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

inline std::string show(const json& v) {
  if (v.is_null()) return "";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

inline const char* page_style = R"(
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f0f0f0} td.num{text-align:right}
.fail,.incompatible{background:#fde2e2} .pass,.fixed{background:#e5f5e5}
.skip,.informational{background:#f5f5f5} .added{background:#e5eefa}
.verdict{font-size:1.2em;font-weight:bold;padding:.4em .8em;display:inline-block}
code{font-family:ui-monospace,monospace}
details{margin:.3em 0} summary{cursor:pointer}
#filter{font-size:1em;padding:.3em;width:24em}
)";

// Hides table rows (in tables with class "filterable") that do not contain
// the text typed in #filter.
inline const char* filter_script = R"(
document.getElementById('filter').addEventListener('input', function (e) {
  var needle = e.target.value.toLowerCase();
  document.querySelectorAll('table.filterable tbody tr').forEach(function (row) {
    row.style.display = row.textContent.toLowerCase().indexOf(needle) >= 0 ? '' : 'none';
  });
  if (needle) document.querySelectorAll('details').forEach(function (d) { d.open = true; });
});
)";

inline std::string page(const std::string& title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}"
      "<script>{}</script>\n</body>\n</html>\n",
      esc(title), page_style, body, filter_script);
}

}  // namespace sysabi::host::html
