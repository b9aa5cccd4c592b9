// sysabi/raw/vdso.hpp - find a function in the vDSO without libc.
//
// The kernel maps a small shared object, the vDSO, into every process and
// passes its address as auxv's AT_SYSINFO_EHDR.  Its dynamic symbol table
// names the calls that can be answered in user space (clock_gettime,
// gettimeofday, time, getcpu).  libc looks them up at start-up; a program
// with no libc does the same here: walk the ELF header to PT_DYNAMIC, take
// the symbol and string tables and the hash table that says how many
// symbols there are, and match the name.
//
//   raw::vdso v(getauxval(AT_SYSINFO_EHDR));
//   auto fn = v.lookup<int (*)(int, raw::kernel_timespec*)>(raw::vdso_clock_gettime_name);
//   if (fn) fn(CLOCK_MONOTONIC, &ts); else raw::clock_gettime(CLOCK_MONOTONIC, &ts);
//
// Symbol names and versions per arch (from the kernel's vdso linker scripts):
//   x86_64   __vdso_clock_gettime        LINUX_2.6
//   i386     __vdso_clock_gettime64      LINUX_2.6   (64-bit time_t)
//   aarch64  __kernel_clock_gettime      LINUX_2.6.39
//   arm      __vdso_clock_gettime64      LINUX_2.6   (64-bit time_t)
//   riscv64  __vdso_clock_gettime        LINUX_4.15
//   ppc64le  __kernel_clock_gettime      LINUX_2.6.15
//            (ppc64's vDSO functions report errors as sc does: cr0.SO set
//            and a positive errno in r3; called through a C pointer, only
//            the success value 0 means what it means elsewhere)
//   s390x    __kernel_clock_gettime      LINUX_2.6.29
//   mips64el __vdso_clock_gettime        LINUX_2.6
//   x32      __vdso_clock_gettime        LINUX_2.6   (its own ELF32 vDSO, 64-bit time_t)
// find() does not check versions: each vDSO defines one version of each
// name.  symbol(i) lists every exported symbol with the version its
// versym/verdef sections give it (the vDSO census, abi_checks/vdso_census.cpp).
#pragma once

#include "sysabi/raw/types.hpp"

namespace sysabi::raw {

#if defined(__aarch64__) || defined(__powerpc64__) || defined(__s390x__)
inline constexpr const char vdso_clock_gettime_name[] = "__kernel_clock_gettime";
#elif defined(__i386__) || defined(__arm__)
inline constexpr const char vdso_clock_gettime_name[] = "__vdso_clock_gettime64";
#else
inline constexpr const char vdso_clock_gettime_name[] = "__vdso_clock_gettime";
#endif

class vdso {
 public:
  // ehdr: AT_SYSINFO_EHDR (0 when the kernel maps no vDSO: every lookup fails).
  explicit vdso(unsigned long ehdr) { init(reinterpret_cast<const u8*>(ehdr)); }

  bool present() const { return symtab_ != nullptr; }
  // Number of dynamic symbols (0 when absent).
  u32 symbols() const { return nsyms_; }

  // The address of the defined function or object `name`, or nullptr.
  const void* find(const char* name) const {
    for (u32 i = 1; i < nsyms_; ++i) {
      const sym& s = symtab_[i];
      if (s.st_shndx == 0) continue;  // undefined
      unsigned type = s.st_info & 0xf;
      if (type != 2 /* STT_FUNC */ && type != 1 /* STT_OBJECT */) continue;
      if (equal(strtab_ + s.st_name, name)) return base_ + s.st_value;
    }
    return nullptr;
  }
  template <class Fn>
  Fn lookup(const char* name) const {
    return reinterpret_cast<Fn>(const_cast<void*>(find(name)));
  }

  // One exported symbol: defined, bound global or weak.
  struct symbol_info {
    const char* name;
    const char* version;  // its version definition's name ("LINUX_2.6"), or "" if unversioned
    bool function;        // STT_FUNC (else an object, or the version's own STT_NOTYPE/ABS entry)
    const void* address;
  };
  // Symbol i (1 <= i < symbols()): fills `out` and returns true if it is
  // exported, false for local, undefined or section symbols.
  bool symbol(u32 i, symbol_info& out) const {
    if (i == 0 || i >= nsyms_) return false;
    const sym& s = symtab_[i];
    unsigned binding = s.st_info >> 4, type = s.st_info & 0xf;
    if (s.st_shndx == 0 || (binding != 1 /* GLOBAL */ && binding != 2 /* WEAK */)) return false;
    out.name = strtab_ + s.st_name;
    out.function = type == 2;
    out.address = base_ + s.st_value;
    out.version = "";
    if (versym_ != nullptr && verdef_ != nullptr) {
      u16 index = versym_[i] & 0x7fff;  // the top bit marks a hidden version
      const verdef_t* d = verdef_;
      for (u32 n = 0; n < verdefnum_; ++n) {
        if (d->vd_ndx == index && d->vd_cnt > 0) {
          auto* aux = reinterpret_cast<const verdaux_t*>(reinterpret_cast<const u8*>(d) + d->vd_aux);
          out.version = strtab_ + aux->vda_name;
          break;
        }
        if (d->vd_next == 0) break;
        d = reinterpret_cast<const verdef_t*>(reinterpret_cast<const u8*>(d) + d->vd_next);
      }
    }
    return true;
  }

 private:
#if __SIZEOF_POINTER__ == 8
  struct ehdr_t {
    u8 ident[16];
    u16 type, machine;
    u32 version;
    u64 entry, phoff, shoff;
    u32 flags;
    u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
  };
  struct phdr {
    u32 p_type, p_flags;
    u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
  };
  struct sym {
    u32 st_name;
    u8 st_info, st_other;
    u16 st_shndx;
    u64 st_value, st_size;
  };
  struct dyn {
    i64 d_tag;
    u64 d_val;
  };
#else
  struct ehdr_t {
    u8 ident[16];
    u16 type, machine;
    u32 version, entry, phoff, shoff;
    u32 flags;
    u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
  };
  struct phdr {
    u32 p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
  };
  struct sym {
    u32 st_name, st_value, st_size;
    u8 st_info, st_other;
    u16 st_shndx;
  };
  struct dyn {
    i32 d_tag;
    u32 d_val;
  };
#endif
  // Elf32_Verdef and Elf32_Verdaux: the same on 32- and 64-bit.
  struct verdef_t {
    u16 vd_version, vd_flags, vd_ndx, vd_cnt;
    u32 vd_hash, vd_aux, vd_next;
  };
  struct verdaux_t {
    u32 vda_name, vda_next;
  };
  // ELF constants, lower-case so that <elf.h> macros of the same names cannot clash.
  // A word of the SysV hash table (DT_HASH): 8 bytes on s390x (its ELF ABI
  // supplement; binutils' sh_entsize 8 there), 4 elsewhere.
#if defined(__s390x__)
  using hash_word = u64;
#else
  using hash_word = u32;
#endif
  static constexpr u32 pt_load = 1, pt_dynamic = 2;
  static constexpr long dt_null = 0, dt_hash = 4, dt_strtab = 5, dt_symtab = 6,
                        dt_gnu_hash = 0x6ffffef5, dt_versym = 0x6ffffff0,
                        dt_verdef = 0x6ffffffc, dt_verdefnum = 0x6ffffffd;

  static bool equal(const char* a, const char* b) {
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
  }

  void init(const u8* image) {
    if (image == nullptr) return;
    auto* eh = reinterpret_cast<const ehdr_t*>(image);
    if (eh->ident[0] != 0x7f || eh->ident[1] != 'E' || eh->ident[2] != 'L' || eh->ident[3] != 'F')
      return;
    auto* ph = reinterpret_cast<const phdr*>(image + eh->phoff);
    const dyn* dynamic = nullptr;
    bool have_load = false;
    for (u16 i = 0; i < eh->phnum; ++i) {
      // Symbol values are link-time addresses: the load bias is where the
      // image sits minus where the first PT_LOAD (file offset 0) was linked.
      if (ph[i].p_type == pt_load && !have_load) {
        base_ = image + ph[i].p_offset - ph[i].p_vaddr;
        have_load = true;
      } else if (ph[i].p_type == pt_dynamic) {
        dynamic = reinterpret_cast<const dyn*>(image + ph[i].p_offset);
      }
    }
    if (!have_load || dynamic == nullptr) return;
    const u8* hash = nullptr;
    const u32* gnu_hash = nullptr;
    for (const dyn* d = dynamic; d->d_tag != dt_null; ++d) {
      const u8* at = base_ + d->d_val;  // the vDSO's dynamic entries are unrelocated
      switch (d->d_tag) {
        case dt_strtab:
          strtab_ = reinterpret_cast<const char*>(at);
          break;
        case dt_symtab:
          symtab_ = reinterpret_cast<const sym*>(at);
          break;
        case dt_hash:
          hash = at;
          break;
        case dt_gnu_hash:
          gnu_hash = reinterpret_cast<const u32*>(at);
          break;
        case dt_versym:
          versym_ = reinterpret_cast<const u16*>(at);
          break;
        case dt_verdef:
          verdef_ = reinterpret_cast<const verdef_t*>(at);
          break;
        case dt_verdefnum:
          verdefnum_ = static_cast<u32>(d->d_val);
          break;
        default:
          break;
      }
    }
    if (symtab_ == nullptr || strtab_ == nullptr) {
      symtab_ = nullptr;
      return;
    }
    if (hash != nullptr) {
      // nchain, the second word: one chain entry per symbol.  The words are
      // 4 bytes everywhere but s390x, whose ELF ABI makes them 8 (read as 4,
      // big-endian, the second word would be nbucket's high half: 0).
      nsyms_ = static_cast<u32>(reinterpret_cast<const hash_word*>(hash)[1]);
    } else if (gnu_hash != nullptr) {
      nsyms_ = gnu_hash_count(gnu_hash);
    } else {
      symtab_ = nullptr;
    }
  }

  // GNU hash: the highest symbol index is the end of the longest chain
  // starting at a bucket; a chain ends at the entry with its low bit set.
  static u32 gnu_hash_count(const u32* h) {
    u32 nbuckets = h[0], symoffset = h[1], bloom_words = h[2];
    const u32* buckets = h + 4 + bloom_words * (sizeof(void*) / 4);
    const u32* chains = buckets + nbuckets;
    u32 last = 0;
    for (u32 b = 0; b < nbuckets; ++b)
      if (buckets[b] > last) last = buckets[b];
    if (last < symoffset) return symoffset;
    while ((chains[last - symoffset] & 1) == 0) ++last;
    return last + 1;
  }

  const u8* base_ = nullptr;
  const sym* symtab_ = nullptr;
  const char* strtab_ = nullptr;
  u32 nsyms_ = 0;
  const u16* versym_ = nullptr;
  const verdef_t* verdef_ = nullptr;
  u32 verdefnum_ = 0;
};

}  // namespace sysabi::raw
