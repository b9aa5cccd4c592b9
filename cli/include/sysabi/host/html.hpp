// sysabi/host/html.hpp - one self-contained HTML page for a person reading
// a CI artifact: a run's report (`sysabi run --html`) or a diff (`sysabi diff
// --html`).  No external resources; a few lines of script filter the tables.
#pragma once

#include <string>
#include <vector>

#include "sysabi/host/diff.hpp"
#include "sysabi/host/layout.hpp"
#include "sysabi/host/report.hpp"

namespace sysabi::host {

// Summary, failures first, every fact by probe, and struct stat's byte map
// for the report's machine when `layouts` has it.
std::string render_report_html(const report& r, const std::vector<layout_set>& layouts);

// The verdict and counts, then the changes by kind, incompatible first.
std::string render_diff_html(const diff_result& d, const std::string& base_name,
                             const std::string& next_name);

}  // namespace sysabi::host
