// sysabi/host/elf_facts.hpp - a probe binary as an ELF file: type,
// interpreter, dynamic section, needed libraries, static-pie, and where its
// trap instructions are (cli/src/run/elf_facts.cpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sysabi/host/fact.hpp"

namespace sysabi::host {

// Whether `path` starts with the ELF magic (a script standing in for a
// probe, as in the CLI's own tests, does not).
bool has_elf_magic(const std::filesystem::path& path);

// The elf.* facts of `binary`, reported for `variant` (scope "variant").
std::vector<fact> elf_facts(const std::filesystem::path& binary, const std::string& variant);

}  // namespace sysabi::host
