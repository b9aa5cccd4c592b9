// memset as a plain loop, without mem.cpp's attribute: at -O2 gcc's loop
// distribution recognises the loop as "a memset" and calls memset - from
// inside memset.  The negative control for the nolibc tests' guard.
extern "C" void* memset(void* dst, int c, __SIZE_TYPE__ n) {
  auto* d = static_cast<unsigned char*>(dst);
  while (n--) *d++ = static_cast<unsigned char>(c);
  return dst;
}
