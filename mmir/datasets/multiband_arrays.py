"""Multi-band sample arrays (Zindi landslide layout, Tang et al.): reading
annotation CSVs and per-sample ``.npy``/HDF5 arrays, band selection by name
or index, and derived bands (spectral indices, edge maps) computed from the
stored ones.

The derived bands follow the paper's description of the 28-channel input
("optical bands, radar features, NDVI, EVI2, VARI, REDR and edge detectors
such as Sobel and Canny"); the paper gives no formulas, ours are::

    ndvi  = (nir - red) / (nir + red)
    evi2  = 2.5 (nir - red) / (nir + 2.4 red + 1)
    vari  = (green - red) / (green + red - blue)
    redr  = red / (red + green + blue)
    ndwi  = (green - nir) / (green + nir)
    brightness = (red + green + blue) / 3
    {desc,asc}_vv_vh  = vv - vh  (dB: the VV/VH ratio)
    {desc,asc}_diff_mag = sqrt(diff_vv^2 + diff_vh^2)
    sobel_<band> = |grad| of a 3x3 Sobel,  canny_<band> = Canny edges (0/1)

with a ratio set to 0 where its denominator is below 1e-6 in magnitude.
"""

import csv
import os.path as osp
from collections.abc import Sequence

import cv2
import numpy as np

from mmir.utils.config_check import DataError

__all__ = [
    'ZINDI_BANDS',
    'DERIVED_BANDS',
    'read_annotations',
    'array_path',
    'load_array',
    'resolve_bands',
    'compute_bands',
    'MultiBandError',
]
H5_SUFFIXES = ('.h5', '.hdf5')

ZINDI_BANDS = (
    'red',
    'green',
    'blue',
    'nir',
    'desc_vv',
    'desc_vh',
    'desc_diff_vv',
    'desc_diff_vh',
    'asc_vv',
    'asc_vh',
    'asc_diff_vv',
    'asc_diff_vh',
)


class MultiBandError(DataError, ValueError):
    """Bad multi-band input (annotation file, array, band list): a
    :class:`~mmir.datasets.guarded_dataset.DataError`, so the entry points
    print it as one line (exit code 2) wherever it is found."""


def _ratio(num, den):
    out = np.zeros_like(num)
    ok = np.abs(den) > 1e-6
    np.divide(num, den, out=out, where=ok)
    return out


def _sobel(x):
    gx = cv2.Sobel(x, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(x, cv2.CV_32F, 0, 1, ksize=3)
    return np.sqrt(gx * gx + gy * gy)


def _canny(x):
    lo, hi = float(x.min()), float(x.max())
    u8 = (
        np.zeros(x.shape, np.uint8)
        if hi <= lo
        else ((x - lo) * (255.0 / (hi - lo))).astype(np.uint8)
    )
    return (cv2.Canny(u8, 50, 150) > 0).astype(np.float32)


# name -> (bands it needs, function of those bands)
DERIVED_BANDS = {
    'ndvi': (('nir', 'red'), lambda n, r: _ratio(n - r, n + r)),
    'evi2': (
        ('nir', 'red'),
        lambda n, r: _ratio(2.5 * (n - r), n + 2.4 * r + 1),
    ),
    'vari': (
        ('green', 'red', 'blue'),
        lambda g, r, b: _ratio(g - r, g + r - b),
    ),
    'redr': (('red', 'green', 'blue'), lambda r, g, b: _ratio(r, r + g + b)),
    'ndwi': (('green', 'nir'), lambda g, n: _ratio(g - n, g + n)),
    'brightness': (('red', 'green', 'blue'), lambda r, g, b: (r + g + b) / 3),
    'desc_vv_vh': (('desc_vv', 'desc_vh'), lambda vv, vh: vv - vh),
    'asc_vv_vh': (('asc_vv', 'asc_vh'), lambda vv, vh: vv - vh),
    'desc_diff_mag': (
        ('desc_diff_vv', 'desc_diff_vh'),
        lambda a, b: np.sqrt(a * a + b * b),
    ),
    'asc_diff_mag': (
        ('asc_diff_vv', 'asc_diff_vh'),
        lambda a, b: np.sqrt(a * a + b * b),
    ),
}
for _band in ('nir', 'red', 'desc_diff_vv', 'asc_diff_vv'):
    DERIVED_BANDS[f'sobel_{_band}'] = ((_band,), _sobel)
for _band in ('nir', 'desc_diff_vv'):
    DERIVED_BANDS[f'canny_{_band}'] = ((_band,), _canny)


def read_annotations(
    path: str,
    id_column: str = 'id',
    label_column: str = 'label',
    path_column: str = 'path',
    require_label: bool = True,
) -> list[dict]:
    """Rows of an annotation CSV as dicts ``id``, ``label`` (int, or None
    when the file has no label column and ``require_label`` is False) and
    ``path`` (None when the column is absent or empty)."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'annotation file {path} does not exist')
    with open(path, newline='') as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames or []
        if id_column not in fields:
            raise MultiBandError(
                f'{path}: no "{id_column}" column (header: '
                f'{fields}); expected a CSV with columns '
                f'{id_column},{label_column}'
            )
        if require_label and label_column not in fields:
            raise MultiBandError(
                f'{path}: no "{label_column}" column (header: {fields})'
            )
        rows = []
        for line, row in enumerate(reader, start=2):
            label = row.get(label_column)
            if label is not None and label != '':
                try:
                    label = int(float(label))
                except ValueError:
                    raise MultiBandError(
                        f'{path}, line {line}: label "{label}" is not an '
                        'integer class index'
                    ) from None
            elif require_label:
                raise MultiBandError(f'{path}, line {line}: empty label')
            else:
                label = None
            rows.append(
                dict(
                    id=row[id_column],
                    label=label,
                    path=row.get(path_column) or None,
                )
            )
    return rows


def array_path(
    row: dict, data_root: str, data_prefix: str, suffix: str = '.npy'
) -> str:
    """Where the array of an annotation row is: ``<data_root>/<path>`` when
    the row has a path, ``<data_prefix>::<id>`` when ``data_prefix`` is an
    HDF5 container, else ``<data_prefix>/<id><suffix>`` (``data_prefix``
    includes ``data_root``, as in MMEngine's ``BaseDataset``; with
    ``data_root=''`` and a relative prefix the path is relative)."""
    if row['path']:
        return osp.join(data_root, row['path'])
    if data_prefix.endswith(H5_SUFFIXES):
        return f'{data_prefix}::{row["id"]}'
    return osp.join(data_prefix, row['id'] + suffix)


def array_members(path: str) -> list[str]:
    """The arrays one input path stands for: ``path`` itself (a ``.npy``
    file or ``container.h5::key``), or one ``container.h5::key`` per
    dataset of an HDF5 container, in the container's order."""
    if '::' in path or not path.endswith(H5_SUFFIXES):
        return [path]
    import h5py

    try:
        f = h5py.File(path, 'r')
    except OSError as err:
        raise MultiBandError(
            f'{path}: not a readable HDF5 file (truncated or corrupt?): {err}'
        ) from None
    with f:
        keys = [k for k in f.keys() if isinstance(f[k], h5py.Dataset)]
    if not keys:
        raise MultiBandError(f'{path} holds no dataset')
    return [f'{path}::{k}' for k in keys]


def load_array(path: str, h5_key: str | None = None) -> np.ndarray:
    """The array stored at ``path``: a ``.npy`` file, or an HDF5 file
    (``.h5``/``.hdf5``) whose dataset ``h5_key`` (default: its only/first
    dataset) is read. ``path`` may be ``container.h5::key``."""
    key = h5_key
    if '::' in path:
        path, key = path.split('::', 1)
    if not osp.isfile(path):
        raise FileNotFoundError(f'array file {path} does not exist')
    if path.endswith('.npy'):
        try:
            return np.load(path, allow_pickle=False)
        except (ValueError, OSError, EOFError) as err:
            raise MultiBandError(
                f'{path}: not a readable numeric .npy array (truncated, '
                f'corrupt or of objects?): {err}'
            ) from None
    if path.endswith(H5_SUFFIXES):
        import h5py

        try:
            f = h5py.File(path, 'r')
        except OSError as err:
            raise MultiBandError(
                f'{path}: not a readable HDF5 file (truncated or '
                f'corrupt?): {err}'
            ) from None
        with f:
            if key is None:
                names = [k for k in f.keys() if isinstance(f[k], h5py.Dataset)]
                if not names:
                    raise MultiBandError(f'{path} holds no dataset')
                key = names[0]
            if key not in f:
                raise MultiBandError(
                    f'{path} has no dataset "{key}" '
                    f'(has {list(f.keys())[:10]})'
                )
            return np.asarray(f[key])
    raise MultiBandError(f'{path}: expected a .npy or .h5/.hdf5 file')


def resolve_bands(
    bands: Sequence[str | int] | None, file_bands: Sequence[str]
) -> tuple[str, ...]:
    """Band names for ``bands`` (names, indices into ``file_bands``, or
    None for all of them); a name may be a stored band or a derived one."""
    file_bands = list(file_bands)
    if bands is None:
        return tuple(file_bands)
    out = []
    for b in bands:
        if isinstance(b, (int, np.integer)):
            if not -len(file_bands) <= b < len(file_bands):
                raise MultiBandError(
                    f'band index {b} out of range for '
                    f'{len(file_bands)} stored bands'
                )
            out.append(file_bands[b])
        elif b in file_bands:
            out.append(b)
        elif b in DERIVED_BANDS:
            missing = [n for n in DERIVED_BANDS[b][0] if n not in file_bands]
            if missing:
                raise MultiBandError(
                    f'derived band "{b}" needs stored '
                    f'bands {missing}; stored: {file_bands}'
                )
            out.append(b)
        else:
            raise MultiBandError(
                f'unknown band "{b}": stored bands are {file_bands}, derived '
                f'ones {sorted(DERIVED_BANDS)}'
            )
    if len(set(out)) != len(out):
        raise MultiBandError(f'bands listed twice in {list(bands)}')
    return tuple(out)


def compute_bands(
    array: np.ndarray,
    file_bands: Sequence[str],
    bands: Sequence[str],
    layout: str = 'chw',
    source: str = '',
) -> np.ndarray:
    """``(H, W, len(bands))`` float32 of the named ``bands`` from a stored
    array in ``layout`` ('chw' or 'hwc') holding ``file_bands``."""
    array = np.asarray(array)
    if array.ndim != 3:
        raise MultiBandError(
            f'{source}: expected a 3-D band array, got shape {array.shape}'
        )
    if layout == 'chw':
        array = array.transpose(1, 2, 0)
    elif layout != 'hwc':
        raise MultiBandError(f"layout must be 'chw' or 'hwc', got {layout}")
    if array.shape[2] != len(file_bands):
        raise MultiBandError(
            f'{source}: {array.shape[2]} bands on the {layout} band axis '
            f'(shape {array.shape}), but {len(file_bands)} band names '
            f'({list(file_bands)})'
        )
    index = {n: i for i, n in enumerate(file_bands)}

    def stored(name):
        return array[:, :, index[name]].astype(np.float32)

    planes = []
    for name in bands:
        if name in index:
            planes.append(stored(name))
        else:
            needs, fn = DERIVED_BANDS[name]
            planes.append(
                np.asarray(fn(*[stored(n) for n in needs]), np.float32)
            )
    return np.ascontiguousarray(np.stack(planes, axis=2))
