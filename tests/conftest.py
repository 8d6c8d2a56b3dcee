import importlib.util
import os
import os.path as osp
import subprocess
import sys

import pytest

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
TRAIN_GUARD = osp.join(ROOT, 'tests', 'train_guard')
TRAINING_MARKERS = ('e2e', 'slow')
_guard = {}


def pytest_configure(config):
    """Under pytest-xdist: one torch thread per worker and per subprocess
    it starts (two workers share the two cores). Then the training guard:
    every ``Runner.train`` here and in any subprocess (through
    tests/train_guard/sitecustomize.py) is recorded, and a test that trains
    without an ``e2e`` or ``slow`` marker fails."""
    worker = os.environ.get('PYTEST_XDIST_WORKER', 'main')
    if worker != 'main':
        os.environ['OMP_NUM_THREADS'] = '1'
        os.environ['MKL_NUM_THREADS'] = '1'
        import torch

        torch.set_num_threads(1)
    if worker == 'main' and getattr(config.option, 'numprocesses', None):
        return  # the pytest-xdist controller: its workers run the tests
    owner = os.environ.get('MMIR_TRAIN_GUARD_WORKER')
    if 'MMIR_TRAIN_RECORD' in os.environ and owner == worker:
        return  # a pytest started by a test: its parent checks
    import tempfile

    fd, record = tempfile.mkstemp(prefix='mmir-train-', suffix='.log')
    os.close(fd)
    os.environ['MMIR_TRAIN_RECORD'] = record
    os.environ['MMIR_TRAIN_GUARD_WORKER'] = worker
    path = os.environ.get('PYTHONPATH')
    os.environ['PYTHONPATH'] = TRAIN_GUARD + (
        os.pathsep + path if path else ''
    )
    _guard['record'] = record
    from mmengine.runner import Runner

    spec = importlib.util.spec_from_file_location(
        'mmir_train_guard', osp.join(TRAIN_GUARD, 'sitecustomize.py')
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.record_training(Runner)


def pytest_unconfigure(config):
    if _guard.get('record') and osp.exists(_guard['record']):
        os.unlink(_guard['record'])


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _guard.get('record'):
        open(_guard['record'], 'w').close()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Fails a test that ran ``Runner.train`` (itself, in a fixture or in
    a subprocess) without a training marker."""
    if not _guard.get('record') or any(
        item.get_closest_marker(m) for m in TRAINING_MARKERS
    ):
        return
    with open(_guard['record']) as f:
        runs = f.read().splitlines()
    if runs:
        pytest.fail(
            f'{item.nodeid} trains a model ({len(runs)} Runner.train, '
            f'first: {runs[0]}) but is marked neither e2e nor slow: add '
            '@pytest.mark.e2e (run by `make test`) or @pytest.mark.slow '
            '(`make test-all` only)',
            pytrace=False,
        )


# The longest files (issue 37: a quick demo of five trainings, the
# iteration driver, the learning tests), started first.
LONGEST_FIRST = (
    'test_tools/test_demo_report.py',
    'test_det/test_e2e/test_dim_target_e2e.py',
    'test_det/test_e2e/test_det_learns.py',
)


def pytest_collection_modifyitems(config, items):
    """The files that train first, the longest of them at the head: under
    pytest-xdist (``--dist loadfile --no-loadscope-reorder``) the long
    files start early and the short ones fill in at the end. The order
    within a file is kept."""

    def rank(item):
        path = osp.relpath(str(item.path), osp.join(ROOT, 'tests'))
        if path in LONGEST_FIRST:
            return LONGEST_FIRST.index(path)
        return len(LONGEST_FIRST) + (path not in training_files)

    training_files = {
        osp.relpath(str(item.path), osp.join(ROOT, 'tests'))
        for item in items
        if any(item.get_closest_marker(m) for m in TRAINING_MARKERS)
    }
    items.sort(key=rank)


# MMEngine's own tests run in a process of their own
# (tests/test_mmengine_contract.py), never alongside mmir's.
collect_ignore = (
    [] if os.environ.get('MMIR_CONTRACT') == '1' else ['mmengine_contract']
)


@pytest.fixture(scope='session')
def synthetic_root(tmp_path_factory):
    """The default synthetic datasets, generated once per test session."""
    from mmir.datasets.synthetic import generate_all

    root = tmp_path_factory.mktemp('synthetic')
    generate_all(str(root))
    return root


def run_tool(
    *args, check=True, timeout=900, env=None, executable=False, cwd=ROOT
):
    """Run ``python <args>`` (or ``<args>`` with ``executable=True``) from
    the repository root (or ``cwd``) as a user would."""
    cmd = [str(a) for a in args]
    if not executable:
        cmd.insert(0, sys.executable)
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f'{args} exited {proc.returncode}\nSTDOUT:\n{proc.stdout[-4000:]}'
            f'\nSTDERR:\n{proc.stderr[-6000:]}'
        )
    return proc


@pytest.fixture(autouse=True)
def _toolbox_scope(request):
    """Tests anywhere under tests/test_det (test_cls, test_seg) build
    from mmdet's (mmpretrain's, mmseg's) registries, whatever default scope
    an earlier test left behind."""
    scopes = {
        'test_det': 'mmdet',
        'test_cls': 'mmpretrain',
        'test_seg': 'mmseg',
    }
    scope = next(
        (scopes[part] for part in request.path.parts if part in scopes), None
    )
    if scope is None:
        yield
        return
    from mmengine.registry import DefaultScope

    with DefaultScope.overwrite_default_scope(scope):
        yield


@pytest.fixture(scope='session')
def abmil_data(synthetic_root):
    """The synthetic landmine and MASATI sets prepared as `make data` does
    (converter lists, inpainted copies); returns their roots."""
    landmine, masati = synthetic_root / 'landmine', synthetic_root / 'masati'
    tools = f'{ROOT}/tools/dataset_converters'
    run_tool(f'{tools}/legbreaker.py', landmine)
    run_tool(
        f'{tools}/inpaint_boxes.py', landmine, '--ann-file', 'mmir_ann/all.txt'
    )
    run_tool(f'{tools}/masati.py', masati)
    run_tool(
        f'{tools}/inpaint_boxes.py',
        masati,
        '--boxes',
        'mmir_ann/boxes.json',
        '--img-prefix',
        '',
        '--margin',
        5,
    )
    return dict(landmine=landmine, masati=masati)


# ------------------------------------------------ shared test-data builders
MULTIBAND_NAMES = ['red', 'green', 'blue', 'nir']


def write_multiband_set(root, n=6, fmt='npy', layout='chw', seed=0):
    """``n`` random (4, 8, 10) arrays under ``root/arrays`` and their
    ``train.csv``; returns {id: array}."""
    import csv

    import numpy as np

    rng = np.random.default_rng(seed)
    (root / 'arrays').mkdir(parents=True)
    arrays = {}
    with open(root / 'train.csv', 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(('id', 'label'))
        for i in range(n):
            a = rng.random((4, 8, 10)).astype(np.float32) + i
            sid = f'S{i}'
            arrays[sid] = a
            stored = a if layout == 'chw' else a.transpose(1, 2, 0)
            if fmt == 'npy':
                np.save(root / 'arrays' / f'{sid}.npy', stored)
            else:
                import h5py

                with h5py.File(root / 'arrays' / f'{sid}.h5', 'w') as h:
                    h['img'] = stored
            w.writerow((sid, i % 2))
    return arrays


def boxes64(*rows):
    """Boxes (x1, y1, x2, y2) as a float64 (N, 4) tensor."""
    import torch

    return torch.tensor(rows, dtype=torch.float64)


def box_around(x, y, s=3):
    """An s x s box (x1, y1, x2, y2) centred on (x, y)."""
    return [x - s / 2, y - s / 2, x + s / 2, y + s / 2]


def write_video_coco(tmp_path, name='train.json'):
    """A one-frame video COCO file: two targets, one interference."""
    import json

    ann = dict(
        images=[dict(id=1, file_name='s0/000003.png', video_id=1, frame_id=3)],
        annotations=[
            dict(id=10, image_id=1, category_id=1, bbox=[5, 5, 3, 3]),
            dict(id=11, image_id=1, category_id=1, bbox=[20, 20, 3, 3]),
            dict(id=12, image_id=1, category_id=2, bbox=[40, 40, 3, 3]),
        ],
        categories=[
            dict(id=1, name='target'),
            dict(id=2, name='interference'),
        ],
    )
    path = tmp_path / name
    path.write_text(json.dumps(ann))
    return path


def train_losses(work_dir, key='loss'):
    """``[(iter, value of key), ...]`` of a finished run's training log
    (MMEngine's ``vis_data/scalars.json`` under ``work_dir``)."""
    import glob
    import json

    (path,) = glob.glob(f'{work_dir}/*/vis_data/scalars.json')
    out = []
    with open(path) as f:
        for line in f:
            rec = json.loads(line)
            if key in rec and 'iter' in rec:
                out.append((rec['iter'], rec[key]))
    return out


def loss_ratio(work_dir, key='loss', iters=30):
    """Mean of the last three logged values of ``key`` over the mean of the
    first three, for a run logged every iteration for ``iters``."""
    values = [v for _, v in train_losses(work_dir, key)]
    assert len(values) == iters
    return (sum(values[-3:]) / 3) / (sum(values[:3]) / 3)


def kill_when(proc, ready, timeout=300):
    """SIGKILL the subprocess ``proc`` as soon as ``ready()`` (a resume
    test's kill point); fails if it ended or never got there."""
    import time

    start = time.time()
    while not ready():
        if proc.poll() is not None:
            pytest.fail('the run finished before it could be killed')
        if time.time() - start > timeout:
            proc.kill()
            pytest.fail('the run never reached the kill point')
        time.sleep(0.02)
    proc.kill()
    proc.wait()


def write_flir_v2(ir_root, dst, split='val'):
    """The synthetic IR-instance ``split`` in FLIR ADAS v2's public layout
    (``images_thermal_<split>/coco.json``, JPEGs under ``data/``), so the
    FLIR converter and configs can be tried on it. Returns ``dst``."""
    import json

    import cv2

    coco = json.loads(
        open(
            osp.join(ir_root, 'annotations', f'instances_{split}.json')
        ).read()
    )
    folder = osp.join(dst, f'images_thermal_{split}')
    os.makedirs(osp.join(folder, 'data'), exist_ok=True)
    for img in coco['images']:
        name = osp.splitext(osp.basename(img['file_name']))[0] + '.jpg'
        image = cv2.imread(
            osp.join(ir_root, 'images', split, img['file_name']),
            cv2.IMREAD_UNCHANGED,
        )
        cv2.imwrite(osp.join(folder, 'data', name), image)
        img['file_name'] = f'data/{name}'
    with open(osp.join(folder, 'coco.json'), 'w') as f:
        json.dump(coco, f)
    return dst


def distorted_copies(n=6, c=3, h=20, w=24, seed=0):
    """``n`` increasingly noisy copies of one random (c, h, w) image, float64:
    their similarity to the first falls with the index."""
    import numpy as np

    rng = np.random.default_rng(seed)
    base = rng.random((c, h, w))
    return np.stack(
        [base + rng.normal(0, 0.05 + 0.1 * i, base.shape) for i in range(n)]
    ).astype(np.float64)


def write_fake_run(run_dir):
    """The training log (vis_data/scalars.json) of a 5-iteration run with
    one validation, as MMEngine writes it."""
    import json

    vis = run_dir / '20260101_000000' / 'vis_data'
    vis.mkdir(parents=True)
    lines = [
        dict(
            lr=0.01 * (i + 1),
            loss=1.0 / (i + 1),
            loss_cls=0.5 / (i + 1),
            iter=i + 1,
            step=i + 1,
        )
        for i in range(5)
    ]
    lines.append({'accuracy/top1': 50.0, 'step': 5})
    vis.joinpath('scalars.json').write_text(
        '\n'.join(json.dumps(r) for r in lines) + '\n'
    )
