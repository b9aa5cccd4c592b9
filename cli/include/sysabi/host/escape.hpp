// sysabi/host/escape.hpp - untrusted text (fact ids, values and reasons from
// a report or a probe, paths and option values in error messages) made safe
// to print on a terminal and to put in XML.
#pragma once

#include <string>
#include <string_view>

namespace sysabi::host {

// `text` with every byte that could steer a terminal or break a line shown
// as \xNN: C0 controls (tab and newline included), DEL, the C1 controls
// (U+0080..U+009F, e.g. the one-character CSI) and bytes that are not valid
// UTF-8.  Everything else, non-ASCII letters included, is kept.
std::string escape_text(std::string_view text);

// escape_text for each line of a multi-line rendering: the newlines that end
// its lines are kept, everything else is escaped.
std::string escape_lines(std::string_view text);

// `text` with the characters XML 1.0 does not allow (controls other than
// tab, newline and carriage return; invalid UTF-8) shown as \xNN, so any
// report renders as well-formed XML (tinyxml2 escapes <, & and quotes).
std::string xml_safe(std::string_view text);

}  // namespace sysabi::host
