"""Multi-band landslide patches with a CSV of ids and labels (the Zindi
landslide challenge of Tang et al., section 4.1)."""

from __future__ import annotations

import os.path as osp
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mmengine.dataset import BaseDataset
from mmpretrain.registry import DATASETS

from mmir.datasets.multiband_arrays import (
    H5_SUFFIXES,
    ZINDI_BANDS,
    MultiBandError,
    array_path,
    compute_bands,
    load_array,
    read_annotations,
    resolve_bands,
)
from mmir.utils.fileio import read_json

if TYPE_CHECKING:
    import numpy as np


@DATASETS.register_module()
class MultiBandDataset(BaseDataset):
    """One sample per CSV row ``id,label[,path]``.

    The array of a row is ``<data_root>/<path>`` when the row has a ``path``
    (offline SMOTE writes its samples so), else
    ``<data_root>/<data_prefix>/<id><suffix>``; ``.npy`` or HDF5
    (``h5_key``: the dataset inside each file; a ``data_prefix`` ending in
    ``.h5`` is one container file whose datasets are named by id).

    Args:
        ann_file (str): the CSV, relative to ``data_root``.
        bands (list | None): the bands fed to the model, by name (stored or
            derived, see :mod:`mmir.datasets.multiband_arrays`) or by index
            into the stored ones; None = all stored bands, in order.
        band_names (list | None): names of the stored bands; default the
            ``bands`` list of ``<data_root>/bands.json``, else the 12 Zindi
            bands.
        layout (str): 'chw' or 'hwc' axis order of the stored arrays.
        data_prefix (str): folder (or .h5 container) of the arrays.
        id_column, label_column (str): the CSV's column names (Zindi's
            ``Test.csv`` has ``ID``).
        labels_required (bool): False reads a CSV without labels (samples
            without ``gt_label``, for prediction).
    """

    METAINFO = dict(classes=('non_landslide', 'landslide'))

    def __init__(
        self,
        ann_file: str,
        data_root: str = '',
        bands: Sequence[str | int] | None = None,
        band_names: Sequence[str] | None = None,
        layout: str = 'chw',
        suffix: str = '.npy',
        h5_key: str | None = None,
        data_prefix: str = 'arrays',
        check_files: bool = True,
        id_column: str = 'id',
        label_column: str = 'label',
        labels_required: bool = True,
        **kwargs: Any,
    ) -> None:
        self.id_column = id_column
        self.label_column = label_column
        self.labels_required = labels_required
        self.band_names = tuple(band_names or self._stored_names(data_root))
        self.bands = resolve_bands(bands, self.band_names)
        self.layout = layout
        self.suffix = suffix
        self.h5_key = h5_key
        self.check_files = check_files
        super().__init__(
            ann_file=ann_file,
            data_root=data_root,
            data_prefix=dict(img_path=data_prefix),
            **kwargs,
        )

    @staticmethod
    def _stored_names(data_root):
        meta = (
            read_json(osp.join(data_root, 'bands.json')) if data_root else None
        )
        if meta is None:
            return ZINDI_BANDS
        if not isinstance(meta.get('bands'), list):
            raise MultiBandError(
                f'{data_root}/bands.json: expected {{"bands": [names...]}}'
            )
        return meta['bands']

    def load_data_list(self) -> list[dict]:
        prefix = self.data_prefix['img_path']
        if (
            prefix.endswith(H5_SUFFIXES)
            and self.check_files
            and not osp.isfile(prefix)
        ):
            raise FileNotFoundError(f'HDF5 container {prefix} does not exist')
        data_list = []
        rows = read_annotations(
            self.ann_file,
            self.id_column,
            self.label_column,
            require_label=self.labels_required,
        )
        for row in rows:
            path = array_path(row, self.data_root, prefix, self.suffix)
            if self.check_files and '::' not in path and not osp.isfile(path):
                raise FileNotFoundError(
                    f'{self.ann_file}: the array of id {row["id"]} ({path}) '
                    'does not exist'
                )
            info = dict(
                img_path=path,
                gt_label=row['label'],
                sample_id=row['id'],
                bands=self.bands,
                file_bands=self.band_names,
                layout=self.layout,
                h5_key=self.h5_key,
            )
            if row['label'] is None:
                del info['gt_label']
            data_list.append(info)
        return data_list

    def load_bands(self, idx: int) -> np.ndarray:
        """``(H, W, C)`` float32 bands of sample ``idx`` (no pipeline)."""
        return read_sample(self.get_data_info(idx))


def read_sample(info: dict) -> np.ndarray:
    """The selected bands of one data info: ``(H, W, C)`` float32."""
    return compute_bands(
        load_array(info['img_path'], info.get('h5_key')),
        info['file_bands'],
        info['bands'],
        info.get('layout', 'chw'),
        info['img_path'],
    )
