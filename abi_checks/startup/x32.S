// abi_checks/startup/x32.S - rsp as the start-up code enters its first C
// function (entry.h), for x32: x86_64's (x86_64.S).  The stack is below
// 4 GiB, so RECORD's 32-bit argument (the low half of rcx or rsi) is rsp.
#include "x86_64.S"
