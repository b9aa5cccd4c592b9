"""elf_header.py OUT MACHINE - write a 64-byte ELF64 little-endian header
(an ET_REL file with no sections) for ELF machine number MACHINE: enough
for libelf to read its e_machine, nothing to disassemble."""
import struct
import sys

out, machine = sys.argv[1], int(sys.argv[2])
ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
header = ident + struct.pack("<HHIQQQIHHHHHH", 1, machine, 1, 0, 0, 0, 0, 64, 0, 0, 64, 0, 0)
open(out, "wb").write(header)
