// cli/src/layout/spelling.hpp - what the table (render.cpp) and the SVG byte
// map (svg.cpp) share: how members and structs are named and grouped.
#pragma once

#include <string>
#include <vector>

#include "sysabi/host/layout.hpp"

namespace sysabi::host::layout_text {

// Members that mean the same thing compare (and colour) alike in every
// source: st_atim, st_atime, st_atime_sec and st_atime_nsec all hold the
// access time; sa_handler_fn is sysabi's spelling of sa_handler.
std::string meaning(std::string member);

// "struct stat", but "sigset_t" and "jmp_buf": typedefs are not structs.
std::string c_spelling(const std::string& name);

// The selection's sets of one arch, in order.
std::vector<const layout_set*> sets_of(const layout_selection& s, const std::string& arch);

}  // namespace sysabi::host::layout_text
