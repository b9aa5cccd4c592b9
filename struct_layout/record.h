/* struct_layout/record.h - how a layout source states what its compiler
 * knows about a struct: one row for the struct and one per member, each an
 * offsetof/sizeof/alignof the compiler computed for the target.
 *
 *   SYSABI_LAYOUT(stat, struct stat,
 *                 SYSABI_MEMBER(struct stat, st_dev),
 *                 SYSABI_MEMBER(struct stat, st_ino))
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
  char member[40]; /* "" for the row that describes the whole struct */
  unsigned long long offset;
  unsigned long long size;
  unsigned long long align; /* the struct's alignment; 0 in member rows */
};
static_assert(sizeof(struct sysabi_layout_row) == 88, "one row is 88 bytes on every arch");

#define SYSABI_MEMBER(TYPE, MEMBER) \
  { "", #MEMBER, __builtin_offsetof(TYPE, MEMBER), sizeof(((TYPE*)0)->MEMBER), 0 }

/* The first row names the struct; member rows leave `type` empty and belong
 * to the struct row before them. */
#define SYSABI_LAYOUT(NAME, TYPE, ...)                                     \
  extern "C" __attribute__((section(".sysabi_layout"), used))            \
  const struct sysabi_layout_row sysabi_layout_##NAME[] = {                \
      {#NAME, "", 0, sizeof(TYPE), alignof(TYPE)}, __VA_ARGS__};

/* A type whose members are not the point (sigset_t, jmp_buf): one member,
 * the whole of it, named as the source spells the type. */
#define SYSABI_LAYOUT_OPAQUE(NAME, TYPE)                                   \
  extern "C" __attribute__((section(".sysabi_layout"), used))            \
  const struct sysabi_layout_row sysabi_layout_##NAME[] = {                \
      {#NAME, "", 0, sizeof(TYPE), alignof(TYPE)}, {"", #TYPE, 0, sizeof(TYPE), 0}};

#endif
