"""The multiband generator: layout and the hard-minority option."""

import csv
import json

import numpy as np

from mmir.datasets.synthetic import (
    generate,
    multiband,
    read_manifest,
)


def test_multiband_layout(synthetic_root):
    root = synthetic_root / 'multiband'
    bands = json.loads((root / 'bands.json').read_text())['bands']
    assert bands == list(multiband.BANDS) and len(bands) >= 12
    ids = []
    for split in ('train', 'test'):
        with open(root / f'{split}.csv') as f:
            rows = list(csv.DictReader(f))
        ids += [r['id'] for r in rows]
        labels = np.array([int(r['label']) for r in rows])
        assert 0.1 < labels.mean() < 0.35  # landslides are the minority
    assert len(ids) == len(set(ids)) == 100
    x = np.load(root / 'arrays' / f'{ids[0]}.npy')
    assert x.shape == (len(bands), 64, 64) and x.dtype == np.float32
    assert np.isfinite(x).all()


def test_multiband_hard_minority(tmp_path):
    """hard_minority: some landslides show no SAR change (band 7, which no
    decoy touches, is speckle only), as none does in the default set."""

    def band7_std(root):
        rows = []
        for split in ('train', 'test'):
            with open(f'{root}/{split}.csv') as f:
                rows += list(csv.DictReader(f))
        return [
            float(np.load(f'{root}/arrays/{r["id"]}.npy')[7].std())
            for r in rows
            if r['label'] == '1'
        ]

    common = dict(num_images=60, positive_ratio=0.5, size=(32, 32))
    easy = generate('multiband', str(tmp_path / 'easy'), **common)
    hard = generate(
        'multiband', str(tmp_path / 'hard'), hard_minority=True, **common
    )
    assert min(band7_std(easy)) > 0.75
    assert sum(s < 0.65 for s in band7_std(hard)) >= 5
    manifest = read_manifest(hard)
    assert manifest['hard_minority'] is True
