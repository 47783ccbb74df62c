"""Copy a zip entry's compressed bytes into another zip, without inflating and deflating them.

The standard library has no public call for this. Recompressing a 100 MB sheet costs seconds for
bytes that do not change, so the entry's data is read from its local header and written after a
new one; the central directory is then written by ``ZipFile.close`` from the entries listed.
"""

from __future__ import annotations

import copy
import struct
import zipfile

LOCAL_HEADER = struct.Struct("<4s5H3L2H")
DATA_DESCRIPTOR_FLAG = 0x08  # sizes after the data: the new header carries them instead


def copy_entry(source: zipfile.ZipFile, info: zipfile.ZipInfo, dest: zipfile.ZipFile) -> None:
    """Append `info`'s entry of `source` to `dest` as is (same bytes, same CRC)."""
    if info.flag_bits & 0x01 or dest.fp is None or source.fp is None:  # encrypted: re-add it
        dest.writestr(info, source.read(info))
        return
    source.fp.seek(info.header_offset)
    header = LOCAL_HEADER.unpack(source.fp.read(LOCAL_HEADER.size))
    name_length, extra_length = header[9], header[10]
    source.fp.seek(info.header_offset + LOCAL_HEADER.size + name_length + extra_length)
    data = source.fp.read(info.compress_size)
    entry = copy.copy(info)
    entry.flag_bits &= ~DATA_DESCRIPTOR_FLAG
    entry.extra = b""  # zip64 fields are rebuilt by FileHeader when the sizes need them
    entry.header_offset = dest.fp.tell()
    dest.fp.write(entry.FileHeader(zip64=entry.file_size > zipfile.ZIP64_LIMIT))
    dest.fp.write(data)
    dest.filelist.append(entry)
    dest.NameToInfo[entry.filename] = entry
    dest.start_dir = dest.fp.tell()  # where close() writes the central directory
    dest._didModify = True  # type: ignore[attr-defined]  # close() writes the directory only then
