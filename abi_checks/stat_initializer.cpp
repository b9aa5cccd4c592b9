// abi_checks/stat_initializer.cpp - the positional-initializer pitfall of
// struct stat (libc variants only).
//
// libc's struct stat has pad members between the fields POSIX names
// (glibc's __pad0 on x86_64, __glibc_reserved0 on s390x, __pad1 and __pad2
// on i386 and arm, asm-generic's __pad1 on aarch64 and riscv64), and not in
// POSIX's order (x86_64 and s390x have st_nlink before st_mode).  `struct stat s = {1, 2, ..., 10}` fills the
// first ten members as the header declares them, pads included;
// `{.st_dev = 1, .st_ino = 2, ...}` puts each value where it is named.  Both
// initializations are done in C (stat_initializer/init.c); this side reads
// the results back by field.
//
//   layout.same_in_c              C and C++ see the same struct stat (size,
//                                 offsets): the premise of what follows
//   positional                    for each value 1..10, the field that holds
//                                 it, or "padding" when no field does:
//                                 "st_dev=1 st_ino=2 st_nlink=3 ..."    [variant]
//   positional.values_in_padding  how many of the ten went into pad members [variant]
//   positional.in_declaration_order  the values found in fields sit at
//                                 increasing offsets: initialisation follows
//                                 the declaration
//   designated.all_in_place       every designated value is in its field, and
//                                 nothing else is set
//
// Both sides are compiled without _FILE_OFFSET_BITS and _TIME_BITS: the
// struct stat a program gets when it asks for nothing.
#include <stddef.h>
#include <sys/stat.h>

#include "harness/harness.hpp"
#include "stat_initializer/stat_layout.h"
#include "sysabi/rt/str.hpp"

using namespace sysabi;

extern "C" {
void sysabi_stat_positional(struct stat* out);
void sysabi_stat_designated(struct stat* out);
extern const unsigned long sysabi_stat_c_layout[SYSABI_STAT_LAYOUT_ENTRIES];
}

namespace {

// A field that can hold one of the values: its name, offset and value.
struct field {
  const char* name;
  usize offset;
  u64 value;
};

constexpr usize posix_fields = 10;  // st_dev .. st_blocks, in POSIX's order
constexpr usize all_fields = posix_fields + 6;

template <class T>
field make_field(const char* name, usize offset, T value) {
  return {name, offset, static_cast<u64>(value)};
}
#define SYSABI_FIELD(m) make_field(#m, offsetof(struct stat, m), s.m)

#define SYSABI_POSIX_FIELD(m, position) SYSABI_FIELD(m),

// Every field of `s` a value could land in: POSIX's ten in POSIX's order
// (stat/posix_fields.h), then the timestamps' parts.
void fields_of(const struct stat& s, field (&out)[all_fields]) {
  field f[all_fields] = {
      SYSABI_STAT_POSIX_FIELDS(SYSABI_POSIX_FIELD)  //
      SYSABI_FIELD(st_atim.tv_sec),
      SYSABI_FIELD(st_atim.tv_nsec),
      SYSABI_FIELD(st_mtim.tv_sec),
      SYSABI_FIELD(st_mtim.tv_nsec),
      SYSABI_FIELD(st_ctim.tv_sec),
      SYSABI_FIELD(st_ctim.tv_nsec),
  };
  for (usize i = 0; i < all_fields; ++i) out[i] = f[i];
}

bool same_layout_in_c() {
  const unsigned long cxx[SYSABI_STAT_LAYOUT_ENTRIES] = SYSABI_STAT_LAYOUT;
  for (usize i = 0; i < SYSABI_STAT_LAYOUT_ENTRIES; ++i)
    if (cxx[i] != sysabi_stat_c_layout[i]) return false;
  return true;
}

}  // namespace

SYSABI_PROBE(stat_initializer) {
  if (!ctx.check("layout.same_in_c", same_layout_in_c(), true)) return;

  // --- positional ------------------------------------------------------------------------
  {
    struct stat s;
    sysabi_stat_positional(&s);
    field f[all_fields];
    fields_of(s, f);
    rt::sbuf<256> where;
    int in_padding = 0;
    bool ordered = true;
    usize last_offset = 0;
    bool any = false;
    for (u64 v = 1; v <= posix_fields; ++v) {
      const field* holder = nullptr;
      for (const field& x : f)
        if (x.value == v) {
          holder = &x;
          break;
        }
      if (v > 1) where.add(' ');
      if (holder == nullptr) {
        where.add("padding");
        ++in_padding;
      } else {
        where.add(holder->name);
        if (any && holder->offset <= last_offset) ordered = false;
        last_offset = holder->offset;
        any = true;
      }
      where.add('=').add_unsigned(v);
    }
    ctx.record("positional", where.c_str(), harness::scope::variant);
    ctx.record("positional.values_in_padding", in_padding, harness::scope::variant);
    ctx.check("positional.in_declaration_order", any && ordered, true);
  }

  // --- designated ------------------------------------------------------------------------
  {
    struct stat s;
    sysabi_stat_designated(&s);
    field f[all_fields];
    fields_of(s, f);
    bool in_place = true;
    for (usize i = 0; i < all_fields; ++i) {
      u64 want = i < posix_fields ? i + 1 : 0;  // the timestamps stay 0
      if (f[i].value != want) in_place = false;
    }
    ctx.check("designated.all_in_place", in_place, true);
  }
}
