"""What every synthetic generator shares: determinism, a kept or refused
existing folder, scale, unknown names."""

import hashlib
import os

import pytest

from mmir.datasets.synthetic import (
    GENERATORS,
    SyntheticDataError,
    generate,
)


def _tree_hash(root):
    digest = hashlib.sha256()
    for dirpath, dirnames, files in sorted(os.walk(root)):
        dirnames.sort()
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            digest.update(os.path.relpath(path, root).encode())
            with open(path, 'rb') as f:
                digest.update(f.read())
    return digest.hexdigest()


# Small variants keep the determinism checks fast.
SMALL = {
    'ir_instance': dict(num_train=2, num_val=1, size=(160, 128)),
    'landslide_seg': dict(num_images=5, size=(64, 64)),
    'landmine': dict(num_images=12, size=(84, 64)),
    'multiband': dict(num_images=10, size=(16, 16)),
    'masati': dict(num_images=3, size=128),
    'ir_sequence': dict(num_train=1, num_val=1, num_frames=4, size=(96, 80)),
}


@pytest.mark.parametrize('name', sorted(GENERATORS))
def test_deterministic_for_a_seed(tmp_path, name):
    a = generate(name, str(tmp_path / 'a'), seed=3, **SMALL[name])
    b = generate(name, str(tmp_path / 'b'), seed=3, **SMALL[name])
    c = generate(name, str(tmp_path / 'c'), seed=4, **SMALL[name])
    assert _tree_hash(a) == _tree_hash(b)
    assert _tree_hash(a) != _tree_hash(c)


def test_existing_folder_is_kept_or_refused(tmp_path):
    out = tmp_path / 'd'
    generate('multiband', str(out), seed=0, **SMALL['multiband'])
    before = _tree_hash(out)
    # Same settings: nothing to do, nothing rewritten.
    generate('multiband', str(out), seed=0, **SMALL['multiband'])
    assert _tree_hash(out) == before
    # Other settings: refused unless asked to overwrite.
    with pytest.raises(SyntheticDataError, match='--overwrite'):
        generate('multiband', str(out), seed=1, **SMALL['multiband'])
    assert _tree_hash(out) == before
    generate(
        'multiband', str(out), seed=1, overwrite=True, **SMALL['multiband']
    )
    assert _tree_hash(out) != before
    assert [p for p in os.listdir(tmp_path) if p.startswith('.')] == []


def test_user_folder_without_manifest_is_never_replaced(tmp_path):
    out = tmp_path / 'mine'
    out.mkdir()
    (out / 'precious.txt').write_text('keep me')
    with pytest.raises(SyntheticDataError):
        generate('landmine', str(out), **SMALL['landmine'])
    assert (out / 'precious.txt').read_text() == 'keep me'


def test_scale_multiplies_counts(tmp_path):
    out = generate(
        'landslide_seg', str(tmp_path / 's'), scale=0.5, size=(32, 32)
    )
    n = sum(
        len(files) for _, _, files in os.walk(os.path.join(out, 'img_dir'))
    )
    assert n == 10  # default 20 images x 0.5


def test_unknown_dataset(tmp_path):
    with pytest.raises(SyntheticDataError, match='unknown synthetic dataset'):
        generate('nope', str(tmp_path))
