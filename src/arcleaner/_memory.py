"""How the ``arclean`` process asks the C allocator to treat big buffers.

glibc serves a request of 128 KB or more with its own ``mmap`` and unmaps it when freed,
but it raises that threshold to the size of each such block freed (up to 32 MB), so
that after the first big buffer of a document is freed the next ones come from the
heap; freed there they stay resident, between live blocks. A 50 MB document makes many
buffers of 1-100 MB (its text, blocks of its lines, the normalizers' copies, the output),
and its peak grew by 10-40 MB with where they happened to fall (the same run gave 253
or 274 MB from one folder to another). A fixed threshold of 1 MB keeps every buffer of
a megabyte or more in a mapping of its own, given back when freed: the peak is the
memory in use. Smaller requests (every record of a JSONL stream) are not affected.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

#: glibc's ``mallopt`` parameter number for the mmap threshold (malloc.h).
_M_MMAP_THRESHOLD = -3
#: Buffers of this many bytes or more get a mapping of their own.
MMAP_THRESHOLD = 1 << 20
#: The variable glibc reads at a process's start (worker processes started afresh).
_ENV = "MALLOC_MMAP_THRESHOLD_"


def map_big_buffers() -> bool:
    """Set the threshold for this process and the processes it starts (its workers, and
    any a user's step starts), unless the user set one (``MALLOC_MMAP_THRESHOLD_``, or
    ``glibc.malloc.mmap_threshold`` in ``GLIBC_TUNABLES``); True when glibc took it.
    Elsewhere (macOS, musl) nothing happens."""
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    if not sys.platform.startswith("linux") or _ENV in os.environ or "mmap_threshold" in tunables:
        return False
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt if name else None
    except (OSError, AttributeError):
        mallopt = None
    if mallopt is None or not mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD):
        return False
    os.environ[_ENV] = str(MMAP_THRESHOLD)
    return True
