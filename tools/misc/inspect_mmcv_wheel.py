"""What an mmcv wheel's compiled ops hold: CUDA kernels, for which GPU
architectures, and the CUDA libraries they link.

    python tools/misc/inspect_mmcv_wheel.py WHEEL_OR_EXT_SO [--expect-arch 9.0]

Reads the ``mmcv/_ext*.so`` of a wheel (or the library itself) without
importing it, so a CUDA wheel can be checked on a machine without a GPU:
its ``.nv_fatbin`` section (the device code: one cubin per architecture,
PTX too with ``+PTX``), the names of its ``*_cuda_kernel`` functions, and
its ``DT_NEEDED`` libraries (``libcudart.so.13``, ``libc10_cuda.so`` for a
CUDA build). Exit code 1 when there is no device code, or an architecture
asked for with ``--expect-arch`` is missing.
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
import zipfile
from collections.abc import Sequence

FATBIN_MAGICS = (0xBA55ED50, 0x466243B1)
KIND = {1: 'ptx', 2: 'cubin'}


def elf_sections(data: bytes) -> dict[str, tuple[int, int, int]]:
    """``name -> (offset, size, link)`` of a little-endian ELF64 file."""
    if data[:4] != b'\x7fELF' or data[4] != 2 or data[5] != 1:
        raise ValueError('not a little-endian 64-bit ELF file')
    shoff = struct.unpack_from('<Q', data, 0x28)[0]
    entsize, count, names_idx = struct.unpack_from('<HHH', data, 0x3A)
    headers = [
        struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * entsize)
        for i in range(count)
    ]
    names_off = headers[names_idx][4]

    def name(off):
        end = data.index(b'\0', names_off + off)
        return data[names_off + off : end].decode()

    return {name(h[0]): (h[4], h[5], h[6]) for h in headers}


def needed_libraries(
    data: bytes, sections: dict[str, tuple[int, int, int]]
) -> list[str]:
    """The ``DT_NEEDED`` entries of the ``.dynamic`` section."""
    if '.dynamic' not in sections or '.dynstr' not in sections:
        return []
    off, size, _ = sections['.dynamic']
    strtab = sections['.dynstr'][0]
    out = []
    for pos in range(off, off + size, 16):
        tag, value = struct.unpack_from('<qQ', data, pos)
        if tag == 0:
            break
        if tag == 1:  # DT_NEEDED
            end = data.index(b'\0', strtab + value)
            out.append(data[strtab + value : end].decode())
    return out


def fatbin_entries(blob: bytes) -> list[tuple[str, str]]:
    """``(kind, 'sm_90')`` of every entry of the fat binaries in ``blob``
    (the ``.nv_fatbin`` section: containers of a 16-byte header and
    entries whose u32 at byte 28 is the SM version)."""
    out, pos = [], 0
    while pos + 16 <= len(blob):
        magic, _, header, fat_size = struct.unpack_from('<IHHQ', blob, pos)
        if magic not in FATBIN_MAGICS:
            pos += 8  # containers are 8-byte aligned; skip padding
            continue
        entry, end = pos + header, pos + header + fat_size
        while entry + 32 <= end:
            kind, _, entry_header, payload = struct.unpack_from(
                '<HHIQ', blob, entry
            )
            sm = struct.unpack_from('<I', blob, entry + 28)[0]
            out.append((KIND.get(kind, str(kind)), f'sm_{sm}'))
            if entry_header == 0:
                break
            entry += entry_header + payload
        pos = max(end, pos + 16)
    return out


def cuda_kernels(data: bytes) -> list[str]:
    """Distinct (mangled) names of ``*_cuda_kernel*`` functions."""
    names = re.findall(rb'[A-Za-z0-9_]*_cuda_kernel[A-Za-z0-9_]*', data)
    return sorted({n.decode() for n in names})


def read_ext(path: str) -> tuple[str, bytes]:
    """``(name, bytes)`` of ``mmcv/_ext*.so`` in a wheel, or of ``path``."""
    if path.endswith('.whl'):
        with zipfile.ZipFile(path) as whl:
            names = [
                n
                for n in whl.namelist()
                if re.fullmatch(r'mmcv/_ext[^/]*\.so', n)
            ]
            if not names:
                raise ValueError(
                    f'{path}: no mmcv/_ext*.so (built without ops)'
                )
            return names[0], whl.read(names[0])
    with open(path, 'rb') as f:
        return path, f.read()


def inspect(path: str) -> dict:
    name, data = read_ext(path)
    sections = elf_sections(data)
    entries = []
    if '.nv_fatbin' in sections:
        off, size, _ = sections['.nv_fatbin']
        entries = fatbin_entries(data[off : off + size])
    return dict(
        library=name,
        size_mb=len(data) / 2**20,
        device_code=sorted(set(entries)),
        cubins=sum(1 for k, _ in entries if k == 'cubin'),
        kernels=cuda_kernels(data),
        needed=needed_libraries(data, sections),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('path')
    parser.add_argument('--expect-arch', nargs='*', default=[])
    args = parser.parse_args(argv)
    try:
        info = inspect(args.path)
    except (OSError, ValueError, zipfile.BadZipFile) as err:
        print(f'error: {args.path}: {err}', file=sys.stderr)
        return 2
    archs = sorted({sm for _, sm in info['device_code']})
    print(f'{info["library"]}: {info["size_mb"]:.1f} MB')
    kinds = ', '.join(f'{k} {sm}' for k, sm in info['device_code'])
    print(
        f'  device code: {len(info["device_code"])} kinds '
        f'({kinds or "none"}), {info["cubins"]} cubins'
    )
    examples = [k for k in info['kernels'] if 'roi_align' in k][:1]
    print(
        f'  CUDA kernel functions: {len(info["kernels"])}'
        + (f' (e.g. {examples[0][:80]})' if examples else '')
    )
    print(f'  links: {", ".join(info["needed"]) or "nothing"}')
    missing = [
        a
        for a in args.expect_arch
        if f'sm_{a.replace(".", "").replace("+PTX", "")}' not in archs
    ]
    if not info['device_code'] or not info['kernels']:
        print('  -> no CUDA device code: a CPU-only build', file=sys.stderr)
        return 1
    if missing:
        print(f'  -> missing architectures {missing}', file=sys.stderr)
        return 1
    print(f'  -> CUDA build for {", ".join(archs)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
