"""Long tools killed half-way continue from what they had done when the
same command is run again, and end with exactly the output of an
uninterrupted run."""

import filecmp
import os
import subprocess
import sys

import pytest
from conftest import ROOT, kill_when, run_tool

from mmir.datasets.synthetic import generate


def _same_tree(a, b, replace=None):
    names = sorted(
        os.path.relpath(os.path.join(d, f), a)
        for d, _, files in os.walk(a)
        for f in files
    )
    other = sorted(
        os.path.relpath(os.path.join(d, f), b)
        for d, _, files in os.walk(b)
        for f in files
    )
    assert names == other
    for name in names:
        pa, pb = os.path.join(a, name), os.path.join(b, name)
        if replace and name.endswith(('.csv', '.txt')):
            with open(pa) as fa, open(pb) as fb:
                assert fa.read().replace(*replace) == fb.read(), name
        else:
            assert filecmp.cmp(pa, pb, shallow=False), name


@pytest.mark.e2e
def test_killed_smote_ssim_resumes(tmp_path):
    root = generate(
        'multiband',
        str(tmp_path / 'mb'),
        num_images=300,
        positive_ratio=0.4,
        size=(96, 96),
    )
    tool = 'tools/dataset_converters/smote_ssim.py'
    # one minority image per SSIM row band: many bands to stop between
    common = [tool, root, '--block-mb', '0.5']
    run_tool(*common, '--out-dir', 'reference')
    cache = os.path.join(root, '.smote.partial', '.ssim_cache')
    proc = subprocess.Popen(
        [sys.executable, *common, '--out-dir', 'smote'],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_when(
        proc, lambda: os.path.isdir(cache) and len(os.listdir(cache)) >= 10
    )
    assert not os.path.exists(os.path.join(root, 'smote'))  # nothing half
    done = len([f for f in os.listdir(cache) if f.endswith('.npy')])
    assert 10 <= done < 96
    out = run_tool(*common, '--out-dir', 'smote').stdout
    assert 'resuming:' in out
    assert int(out.split('resuming:')[1].split()[0]) >= done
    assert not os.path.exists(os.path.join(root, '.smote.partial'))
    _same_tree(
        os.path.join(root, 'reference'),
        os.path.join(root, 'smote'),
        replace=('reference/', 'smote/'),
    )


@pytest.mark.e2e
def test_killed_inpainting_resumes(tmp_path):
    root = generate('landmine', str(tmp_path / 'lm'), num_images=120)
    run_tool('tools/dataset_converters/legbreaker.py', root)
    tool = 'tools/dataset_converters/inpaint_boxes.py'
    # a wide margin and radius make each image slow enough to stop between
    common = [
        tool,
        root,
        '--ann-file',
        'mmir_ann/all.txt',
        '--margin',
        '30',
        '--inpainter-args',
        'radius=20',
    ]
    run_tool(*common, '--out-dir', 'reference')
    partial = os.path.join(root, '.inpainted.partial', 'masks')
    proc = subprocess.Popen(
        [sys.executable, *common],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_when(
        proc,
        lambda: os.path.isdir(partial) and len(os.listdir(partial)) >= 15,
    )
    assert not os.path.exists(os.path.join(root, 'inpainted'))
    out = run_tool(*common).stdout
    done = int(out.split('resumed:')[1].split()[0])
    assert done >= 14  # at most the image being written when killed lost
    _same_tree(
        os.path.join(root, 'reference'),
        os.path.join(root, 'inpainted'),
        replace=('reference/', 'inpainted/'),
    )
