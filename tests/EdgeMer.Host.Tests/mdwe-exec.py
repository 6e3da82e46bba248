# Runs a program with the kernel's memory-deny-write-execute on (prctl PR_SET_MDWE,
# PR_MDWE_REFUSE_EXEC_GAIN; Linux 6.3 and later): from then on no mapping may be writable and
# executable at once, nor become executable later. It is kept across execve and inherited by
# children, and it is what systemd's MemoryDenyWriteExecute=yes sets where the kernel has it.
#   python3 mdwe-exec.py PROGRAM ARGS...
import ctypes
import os
import sys

PR_SET_MDWE = 65
PR_MDWE_REFUSE_EXEC_GAIN = 1

libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
    sys.exit("mdwe-exec.py: prctl(PR_SET_MDWE) failed: " + os.strerror(ctypes.get_errno()))
os.execv(sys.argv[1], sys.argv[1:])
