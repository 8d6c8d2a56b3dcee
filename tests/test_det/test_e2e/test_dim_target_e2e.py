"""End to end on the synthetic sequences: train on chips, test on full
frames with tools/test.py, label refinement tools, hard examples, and the
iteration driver."""

import csv
import hashlib
import json

import pytest
from conftest import run_tool

from mmir.experiments.runs import read_test_metrics

# every test trains (or reads the module fixture that trains)
pytestmark = pytest.mark.e2e

CONFIG = (
    'configs/dim_target/dim-target_darknet19_chip64_1xb4-20i_'
    'synth-ir-sequence.py'
)
RESULTS = (
    'configs/dim_target/synthetic_results/'
    'dim-target_darknet19_chip80-difference_1xb8-30e_synth-ir-sequence.py'
)
# every dataloader in the test process (no worker processes)
NO_WORKERS = [
    f'{loader}_dataloader.{key}'
    for loader in ('train', 'val', 'test')
    for key in ('num_workers=0', 'persistent_workers=False')
]


POOL = 'annotations/pool.json'


def _iterate(root, work, *options, iterations=2):
    """Arguments of tools/curation/dim_target_iterate.py on RESULTS:
    ``iterations`` of one epoch each, then ``options``."""
    return [
        'tools/curation/dim_target_iterate.py',
        RESULTS,
        '--work-dir',
        work,
        '--data-root',
        f'{root}/',
        '--iterations',
        str(iterations),
        '--first-epochs',
        '1',
        '--epochs',
        '1',
        *options,
    ]


def _label_loss(root, ckpt, out_dir):
    """Arguments of tools/curation/dim_target_label_loss.py flagging the
    top 20 % of the label losses into ``out_dir``."""
    return [
        'tools/curation/dim_target_label_loss.py',
        CONFIG,
        ckpt,
        '--data-root',
        f'{root}/',
        '--threshold',
        'pct:80',
        '--out-dir',
        out_dir,
    ]


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope='module')
def trained(synthetic_root, tmp_path_factory):
    root = synthetic_root / 'ir_sequence'
    work = tmp_path_factory.mktemp('dim_target')
    run_tool(
        'tools/train.py',
        CONFIG,
        '--work-dir',
        work,
        '--data-root',
        f'{root}/',
        '--cfg-options',
        'train_cfg.max_iters=2',
        'train_cfg.val_interval=2',
        'default_hooks.checkpoint.interval=2',
    )
    ckpt = (work / 'last_checkpoint').read_text().strip()
    return root, work, ckpt


def test_train_on_chips_then_test_full_frames(trained):
    root, work, ckpt = trained
    run_tool(
        'tools/test.py',
        CONFIG,
        ckpt,
        '--work-dir',
        work / 'test',
        '--data-root',
        f'{root}/',
    )
    metrics = read_test_metrics(str(work / 'test'))
    assert {
        'dim/precision',
        'dim/recall',
        'dim/f1',
        'dim/tp',
        'dim/fn',
    } <= set(metrics)
    # every val frame with targets counted: tp + fn = the target labels
    val = json.loads((root / 'annotations' / 'val.json').read_text())
    keys = {img['id'] for img in val['images'] if img['frame_id'] >= 3}
    n_targets = sum(
        1
        for a in val['annotations']
        if a['image_id'] in keys and a['category_id'] == 1
    )
    assert metrics['dim/tp'] + metrics['dim/fn'] == n_targets


def test_label_refinement_tools(trained, tmp_path):
    root, work, ckpt = trained
    ann = root / 'annotations' / 'train.json'
    original = _sha(ann)
    out = tmp_path / 'review'
    proc = run_tool(*_label_loss(root, ckpt, out))
    assert 'flagged' in proc.stdout
    rows = list(csv.DictReader(open(out / 'labels.csv')))
    losses = json.loads((out / 'losses.json').read_text())
    n_labels = len(losses['labels'])
    assert 0 < len(rows) <= n_labels * 0.2 + 1
    assert [float(r['loss']) for r in rows] == sorted(
        (float(r['loss']) for r in rows), reverse=True
    )
    assert all((out / r['crop']).is_file() for r in rows)
    assert (out / 'loss_hist.png').is_file()
    # the reviewer deletes the worst label -> a new version, original kept
    rows[0]['action'] = 'delete'
    with open(out / 'labels.csv', 'w', newline='') as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    run_tool(
        'tools/curation/apply_label_review.py',
        ann,
        '--labels',
        out / 'labels.csv',
    )
    v2 = root / 'annotations' / 'train.v2.json'
    assert _sha(ann) == original
    ids = {a['id'] for a in json.loads(v2.read_text())['annotations']}
    assert int(rows[0]['ann_id']) not in ids
    assert len(ids) == len(json.loads(ann.read_text())['annotations']) - 1
    # the edited review survives a rerun with the same settings
    again = run_tool(*_label_loss(root, ckpt, out))
    assert 'up to date' in again.stdout
    assert (
        list(csv.DictReader(open(out / 'labels.csv')))[0]['action'] == 'delete'
    )
    v2.unlink()
    (root / 'annotations' / 'train.versions.json').unlink()


def test_hard_example_tools(trained, tmp_path):
    root, work, ckpt = trained
    ann = root / 'annotations' / 'train.json'
    out = tmp_path / 'hard'
    run_tool(
        'tools/curation/dim_target_hard_examples.py',
        CONFIG,
        ckpt,
        '--data-root',
        f'{root}/',
        '--pool',
        POOL,
        '--oracle',
        POOL,
        '--score-thr',
        '0.05',
        '--out-dir',
        out,
    )
    rows = list(csv.DictReader(open(out / 'candidates.csv')))
    assert all(r['accept'] in ('yes', 'no') for r in rows)
    assert all(r['type'] in ('false_alarm', 'miss') for r in rows)
    with open(out / 'candidates.csv', 'w', newline='') as f:
        fields = ['id', 'type', 'image_id', 'accept']
        writer = csv.DictWriter(f, fields, extrasaction='ignore')
        writer.writeheader()
        for k, r in enumerate(rows):
            writer.writerow(dict(r, accept='yes' if k == 0 else 'no'))
    proc = run_tool(
        'tools/curation/merge_hard_examples.py',
        ann,
        '--pool',
        root / 'annotations' / 'pool.json',
        '--review',
        out,
        '--labels-from',
        root / 'annotations' / 'pool.json',
    )
    new = json.loads((root / 'annotations' / 'train.v2.json').read_text())
    added = [img for img in new['images'] if img.get('source_pool')]
    assert len([img for img in added if not img.get('context_only')]) == (
        1 if rows else 0
    ), proc.stdout
    (root / 'annotations' / 'train.v2.json').unlink()
    (root / 'annotations' / 'train.versions.json').unlink()


NOISY = 'annotations/train_noisy.json'
# every driver run below trains on the corrupted labels (the --first-from
# check compares them with the shared first iteration's)
DRIVER_OPTIONS = [
    '--cfg-options',
    f'train_dataloader.dataset.ann_file={NOISY}',
    *NO_WORKERS,
]


@pytest.fixture(scope='module')
def first_iteration(synthetic_root, tmp_path_factory):
    """A copy of the sequences with corrupted training labels and the
    driver's iteration 1 on them, trained once (``--iterations 1``): the
    driver tests go on from it with ``--first-from``."""
    import shutil

    base = tmp_path_factory.mktemp('iterate')
    root = base / 'ir_sequence'
    shutil.copytree(synthetic_root / 'ir_sequence', root)
    run_tool(
        'tools/curation/corrupt_labels.py',
        root / 'annotations' / 'train.json',
        root / NOISY,
        '--missing',
        '0.2',
        '--shift',
        '0.2',
        '--spurious',
        '0.2',
    )
    first = base / 'first'
    run_tool(
        *_iterate(
            root, first, '--no-refine', '--no-hard-examples', iterations=1
        ),
        *DRIVER_OPTIONS,
        timeout=1200,
    )
    return root, first


@pytest.fixture
def driver(first_iteration):
    """``(data root, first-iteration work dir)``; the files a test writes
    under the data root (annotation versions) are removed after it."""
    root, first = first_iteration
    before = set(root.rglob('*'))
    yield root, first
    for path in set(root.rglob('*')) - before:
        if path.is_file():
            path.unlink()


def test_first_iteration_trains_once(first_iteration):
    """The shared run: one row, one checkpoint, the corruption report."""
    root, first = first_iteration
    report = list(
        csv.DictReader(
            open(root / 'annotations' / 'train_noisy.corruptions.csv')
        )
    )
    assert report and {r['kind'] for r in report} <= {
        'missing',
        'shifted',
        'relabelled',
        'spurious',
    }
    table = list(csv.DictReader(open(first / 'iterations.csv')))
    assert [r['iteration'] for r in table] == ['1'] and table[0]['f1'] != ''
    state = json.loads((first / 'iterations.json').read_text())
    assert len(state['checkpoints']) == 1
    assert state['ann_files'] == [str(root / NOISY)]


def test_iteration_driver_with_refinement(driver, tmp_path):
    root, first = driver
    noisy = root / NOISY
    work = tmp_path / 'iterate'
    run_tool(
        *_iterate(root, work, '--pool', POOL, '--oracle', POOL),
        '--first-from',
        first,
        # every label and image flagged (loss > -1), so the oracle review
        # meets every corruption of the training key frames: the
        # refinement assertions below always run
        '--refine',
        'abs:-1',
        '--refine-oracle',
        'annotations/train.json',
        '--score-thr',
        '0.05',
        *DRIVER_OPTIONS,
        timeout=1200,
    )
    rows = list(csv.DictReader(open(work / 'iterations.csv')))
    assert [r['iteration'] for r in rows] == ['1', '2']
    assert rows[1]['labels_changed'] != '' and rows[1]['f1'] != ''
    log = json.loads(
        (root / 'annotations' / 'train_noisy.versions.json').read_text()
    )
    assert [e['version'] for e in log] == [1, 2, 3]  # review, hard examples
    assert log[1]['source'].startswith('review')
    # the refinement undid corruptions: fewer differences to the clean file
    clean = {
        a['id']: a
        for a in json.loads((root / 'annotations' / 'train.json').read_text())[
            'annotations'
        ]
    }

    def wrong(path):
        anns = json.loads(path.read_text())['annotations']
        return sum(
            1
            for a in anns
            if a['id'] not in clean
            or clean[a['id']]['bbox'] != a['bbox']
            or clean[a['id']]['category_id'] != a['category_id']
        )

    v2 = root / 'annotations' / 'train_noisy.v2.json'
    assert int(rows[1]['labels_changed']) > 0
    assert int(rows[1]['labels_flagged']) > 0
    assert wrong(v2) < wrong(noisy)
    # a rerun has nothing left to do
    again = run_tool(*_iterate(root, work, '--pool', POOL))
    assert 'table:' in again.stdout


def test_iteration_driver_manual_review(driver, tmp_path):
    """Refinement without an oracle: --review manual writes the flagged
    labels with crops and stops; the user's decisions are applied on the
    rerun, which goes on; every iteration keeps its loss histogram."""
    root, first = driver
    work = tmp_path / 'iterate'
    args = _iterate(
        root,
        work,
        '--pool',
        POOL,
        '--first-from',
        first,
        '--refine',
        'pct:50',
        '--review',
        'manual',
        '--score-thr',
        '0.05',
        *DRIVER_OPTIONS,
    )
    first_call = run_tool(*args, timeout=1200)
    review = work / 'iter_1' / 'label_review'
    assert 'rerun this command' in first_call.stdout
    assert (review / 'loss_hist.png').is_file()
    rows = list(csv.DictReader(open(review / 'labels.csv')))
    assert rows and all(r['action'] == '' for r in rows)
    assert all((review / r['crop']).is_file() for r in rows)
    assert not (root / 'annotations' / 'train_noisy.v2.json').exists()
    rows[0]['action'] = 'delete'  # the user's decision
    with open(review / 'labels.csv', 'w', newline='') as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    run_tool(*args, timeout=1200)
    table = list(csv.DictReader(open(work / 'iterations.csv')))
    assert [r['iteration'] for r in table] == ['1', '2']
    assert table[1]['labels_changed'] == '1'
    assert table[1]['labels_flagged'] == str(len(rows))
    ids = {
        a['id']
        for a in json.loads(
            (root / 'annotations' / 'train_noisy.v2.json').read_text()
        )['annotations']
    }
    original = {
        a['id'] for a in json.loads((root / NOISY).read_text())['annotations']
    }
    assert original - ids == {int(rows[0]['ann_id'])}


def test_iteration_driver_refines_by_default_without_oracle(driver, tmp_path):
    """The documented Table 3 command refines every iteration unattended
    (--review auto: the model's detections decide)."""
    root, first = driver
    work = tmp_path / 'iterate'
    run_tool(
        *_iterate(root, work, '--pool', POOL, '--refine', 'pct:50'),
        '--first-from',
        first,
        '--score-thr',
        '0.05',
        *DRIVER_OPTIONS,
        timeout=1200,
    )
    review = work / 'iter_1' / 'label_review'
    summary = json.loads((review / 'losses.json').read_text())
    assert summary['review'] == 'auto' and summary['flagged_labels'] > 0
    assert (review / 'loss_hist.png').is_file()
    table = list(csv.DictReader(open(work / 'iterations.csv')))
    assert table[1]['labels_flagged'] == str(summary['flagged_labels'])
    decided = list(csv.DictReader(open(review / 'labels.csv')))
    assert int(table[1]['labels_changed']) >= len(decided) > 0
    log = json.loads(
        (root / 'annotations' / 'train_noisy.versions.json').read_text()
    )
    assert log[1]['source'].startswith('review')


def test_iteration_driver_control_arm(driver, tmp_path):
    """--no-refine --no-hard-examples: every iteration fine-tunes for
    --epochs more on the same labels (the control arm of
    tools/evidence.py): no review, no mining, no new annotation version;
    without --no-hard-examples --pool is required."""
    root, first = driver
    work = tmp_path / 'iterate'
    args = _iterate(root, work, '--no-refine')
    refused = run_tool(*args, check=False)
    assert refused.returncode == 2 and '--pool' in refused.stderr
    run_tool(
        *args,
        '--no-hard-examples',
        '--first-from',
        first,
        *DRIVER_OPTIONS,
        timeout=1200,
    )
    table = list(csv.DictReader(open(work / 'iterations.csv')))
    assert [r['iteration'] for r in table] == ['1', '2']
    assert table[1]['frames_added'] == '0'
    assert table[1]['labels_changed'] == '' and table[1]['f1'] != ''
    assert table[0]['images'] == table[1]['images']
    state = json.loads((work / 'iterations.json').read_text())
    assert len(set(state['ann_files'])) == 1
    assert not (root / 'annotations' / 'train_noisy.versions.json').exists()
    assert not (work / 'iter_1').exists() and (work / 'iter_2').is_dir()
    # another arm starting from this run's first iteration (itself taken
    # from the shared run): not retrained, the shared run's model reused;
    # iteration 1 only (going on from an adopted model is checked above)
    arm = tmp_path / 'arm'
    run_tool(
        *_iterate(root, arm, '--no-refine', iterations=1),
        '--no-hard-examples',
        '--first-from',
        work,
        *DRIVER_OPTIONS,
    )
    rows = list(csv.DictReader(open(arm / 'iterations.csv')))
    assert rows == table[:1]
    arm_state = json.loads((arm / 'iterations.json').read_text())
    first_state = json.loads((first / 'iterations.json').read_text())
    assert arm_state['checkpoints'] == first_state['checkpoints']
    assert not (arm / 'iter_1').exists()
    other = run_tool(
        *[a if a != work else tmp_path / 'arm2' for a in args],
        '--no-hard-examples',
        '--first-from',
        work,
        '--first-epochs',
        '3',
        *DRIVER_OPTIONS,
        check=False,
    )
    assert other.returncode == 2 and '--first-epochs' in other.stderr
    # a different training-label file is refused as well
    clean = run_tool(
        *[a if a != work else tmp_path / 'arm3' for a in args],
        '--no-hard-examples',
        '--first-from',
        work,
        '--cfg-options',
        *NO_WORKERS,
        check=False,
    )
    assert clean.returncode == 2 and 'trained on' in clean.stderr


def test_killed_label_loss_run_resumes(trained, tmp_path):
    """SIGKILL the label-loss tool part-way through its frames, run the
    same command again: it continues from the cached frames and writes
    what an uninterrupted run writes."""
    import subprocess
    import sys

    from conftest import ROOT, kill_when

    root, work, ckpt = trained
    run_tool(*_label_loss(root, ckpt, tmp_path / 'reference'))
    cache = tmp_path / '.review.partial' / '.losses.jsonl'
    proc = subprocess.Popen(
        [
            sys.executable,
            *map(str, _label_loss(root, ckpt, tmp_path / 'review')),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_when(
        proc,
        lambda: cache.is_file() and len(cache.read_text().splitlines()) >= 3,
    )
    assert not (tmp_path / 'review').exists()
    out = run_tool(*_label_loss(root, ckpt, tmp_path / 'review')).stdout
    assert 'resuming the per-frame losses' in out
    assert not (tmp_path / '.review.partial').exists()
    for name in ('losses.json', 'labels.csv', 'images.csv'):
        assert (tmp_path / 'review' / name).read_text() == (
            tmp_path / 'reference' / name
        ).read_text(), name


def test_killed_hard_example_mining_resumes(trained, tmp_path):
    """SIGKILL the mining tool after some pool frames, rerun: it continues
    from the cached detections and writes the uninterrupted candidates."""
    import subprocess
    import sys

    from conftest import ROOT, kill_when

    root, work, ckpt = trained
    common = [
        'tools/curation/dim_target_hard_examples.py',
        CONFIG,
        ckpt,
        '--data-root',
        f'{root}/',
        '--pool',
        POOL,
        '--score-thr',
        '0.05',
        '--out-dir',
    ]
    run_tool(*common, tmp_path / 'reference')
    proc = subprocess.Popen(
        [sys.executable, *map(str, common), str(tmp_path / 'hard')],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def cached():
        files = list(tmp_path.glob('.hard.*.detections.jsonl'))
        return files and len(files[0].read_text().splitlines()) >= 3

    kill_when(proc, cached)
    assert not (tmp_path / 'hard').exists()
    out = run_tool(*common, tmp_path / 'hard').stdout
    assert 'resuming the pool detections' in out
    assert not list(tmp_path.glob('.hard.*'))
    for name in ('candidates.csv', 'candidates.json'):
        assert (tmp_path / 'hard' / name).read_text() == (
            tmp_path / 'reference' / name
        ).read_text(), name
