import csv

import numpy as np
import pytest

from mmir.smote import SMOTEError, oversample_rows


def _rows(tmp_path, n_min=6, n_maj=10, shape=(3, 8, 8)):
    rng = np.random.default_rng(0)
    (tmp_path / 'arrays').mkdir()
    rows, arrays = [], {}
    for i in range(n_min + n_maj):
        arr = rng.normal(size=shape).astype(np.float32)
        np.save(tmp_path / 'arrays' / f'{i}.npy', arr)
        label = int(i < n_min)
        rows.append(dict(id=str(i), label=label, path=f'arrays/{i}.npy'))
        arrays[str(i)] = arr
    return rows, arrays


def test_plain_smote_interpolates_between_two_minority_images(tmp_path):
    """method='imblearn': imbalanced-learn's SMOTE; every synthetic image
    lies on the segment between two minority images, the count balances
    the classes and only the minority class is drawn from."""
    rows, arrays = _rows(tmp_path)
    out = tmp_path / 'smote_plain'
    info = oversample_rows(
        rows, str(tmp_path), str(out), 'smote_plain', 'x', method='imblearn'
    )
    assert info['num_minority'] == 6 and info['num_synthetic'] == 4
    with open(out / 'train_smote.csv') as f:
        listed = list(csv.DictReader(f))
    synth = listed[len(rows) :]
    assert len(synth) == 4 and all(r['label'] == '1' for r in synth)
    minority = np.stack([arrays[str(i)].ravel() for i in range(6)])
    for r in synth:
        x = np.load(tmp_path / r['path']).ravel().astype(np.float64)
        # x = a + lam (b - a) for some minority pair (a, b), 0 <= lam <= 1
        best = np.inf
        for i in range(6):
            for j in range(6):
                if i == j:
                    continue
                d = minority[j] - minority[i]
                lam = float(np.dot(x - minority[i], d) / np.dot(d, d))
                if 0 <= lam <= 1:
                    res = np.abs(minority[i] + lam * d - x).max()
                    best = min(best, res)
        assert best < 1e-4
    with open(out / 'records.csv') as f:
        records = list(csv.DictReader(f))
    assert all(int(r['anchor']) < 6 for r in records)


def test_plain_smote_settings_and_errors(tmp_path):
    rows, _ = _rows(tmp_path, n_min=1)
    with pytest.raises(SMOTEError, match='at least two minority'):
        oversample_rows(
            rows,
            str(tmp_path),
            str(tmp_path / 'o'),
            'o',
            'x',
            method='imblearn',
        )
    with pytest.raises(SMOTEError, match="'ssim' or 'imblearn'"):
        oversample_rows(
            rows, str(tmp_path), str(tmp_path / 'o'), 'o', 'x', method='adasyn'
        )
