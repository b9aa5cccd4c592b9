/* struct_layout/record.h - how a layout source states what its compiler
 * knows about a struct: one row for the struct and one per member, each an
 * offsetof/sizeof/alignof the compiler computed for the target.
 *
 *   SYSABI_LAYOUT(stat, struct stat,
 *                 SYSABI_MEMBER(struct stat, "st_dev", st_dev),
 *                 SYSABI_MEMBER(struct stat, "st_ino", st_ino))
 *
 * defines a constant array `sysabi_layout_stat` in section .sysabi_layout.
 * The object file is never linked or run: `sysabi layout` reads the array
 * out of it with libelf (cli/src/layout.cpp), so one host tool reads the
 * layouts of every arch.  No pointers (they would need relocations), only
 * fixed-size names and 64-bit numbers, 88 bytes a row on every arch.
 *
 * Members are named as the source's header names them; a member that is a
 * macro in libc (st_atime, sa_handler) is written as the name a program
 * uses, and the compiler resolves it.  Bytes no listed member covers are
 * padding: implicit holes and the reserved members (__pad0,
 * __glibc_reserved, __unused) alike.
 */
#ifndef SYSABI_STRUCT_LAYOUT_RECORD_H
#define SYSABI_STRUCT_LAYOUT_RECORD_H

struct alignas(8) sysabi_layout_row {
  char type[24];   /* the struct's name in sysabi: "stat", "sigaction" */
  char member[40]; /* the row that describes the whole struct: the C type */
  unsigned long long offset;
  unsigned long long size;
  unsigned long long align; /* the struct's alignment; 0 in member rows */
};
static_assert(sizeof(struct sysabi_layout_row) == 88, "one row is 88 bytes on every arch");

/* NAME is the member as a program spells it, stringized before expansion
 * (sources define `#define M(m) SYSABI_MEMBER(T, #m, m)`, so that glibc's
 * sa_handler reads "sa_handler", not "__sigaction_handler.sa_handler"). */
#define SYSABI_MEMBER(TYPE, NAME, MEMBER) \
  { "", NAME, __builtin_offsetof(TYPE, MEMBER), sizeof(((TYPE*)0)->MEMBER), 0 }

/* The first row names the struct (sysabi's name, and the C type as this
 * source spells it once macros are expanded: musl's `struct stat64` is
 * `struct stat`); member rows leave `type` empty.  NAME is pasted before
 * anything can expand it, TYPE only after. */
#define SYSABI_LAYOUT(NAME, TYPE, ...) \
  SYSABI_LAYOUT_ROWS(sysabi_layout_##NAME, #NAME, TYPE, __VA_ARGS__)
#define SYSABI_LAYOUT_ROWS(SYMBOL, NAME, TYPE, ...)                        \
  extern "C" __attribute__((section(".sysabi_layout"), used))            \
  const struct sysabi_layout_row SYMBOL[] = {                              \
      {NAME, #TYPE, 0, sizeof(TYPE), alignof(TYPE)}, __VA_ARGS__};

/* A type whose members are not the point (sigset_t, jmp_buf): one member,
 * the whole of it, named as the source spells the type. */
#define SYSABI_LAYOUT_OPAQUE(NAME, TYPE) \
  SYSABI_LAYOUT_ONE_ROW(sysabi_layout_##NAME, #NAME, TYPE)
#define SYSABI_LAYOUT_ONE_ROW(SYMBOL, NAME, TYPE)                          \
  extern "C" __attribute__((section(".sysabi_layout"), used))            \
  const struct sysabi_layout_row SYMBOL[] = {                              \
      {NAME, #TYPE, 0, sizeof(TYPE), alignof(TYPE)}, {"", #TYPE, 0, sizeof(TYPE), 0}};

#endif
