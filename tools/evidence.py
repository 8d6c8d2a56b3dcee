"""Controlled synthetic experiments: does each method do what its paper
claims? One command per experiment, several seeds, a verdict.

    python tools/evidence.py NAME [NAME ...] [--seeds 0 1 2]
        [--work-dir work_dirs/evidence] [--data-root data/evidence]
        [--verdict-only]
    python tools/evidence.py --list

Each experiment generates its synthetic set (a generator option makes the
paper's mechanism the deciding factor; deterministic), runs its config grid
with every seed through ``tools/run_grid.py``'s runner (finished runs are
skipped, an interrupted one resumes) and writes
``<work-dir>/<name>/verdict.md`` and ``verdict.json``: the table (mean ±
sample std over the seeds) and, per claim, the two arms, their difference,
Cohen's d and whether the mean ± std intervals overlap
(:mod:`mmir.experiments.verdict`). The seeds vary the training (weights,
order, augmentation); the data set is fixed.
"""

import argparse
import os
import os.path as osp
import re
import subprocess
import sys
import time
from typing import NamedTuple

from mmir.experiments.verdict import compare, mean_std, verdict_line
from mmir.utils.fileio import read_json, write_json_atomic, write_text_atomic

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


class Claim(NamedTuple):
    metric: str  # a table column (label) or an extra measure
    arm: str  # config name (file stem) of the method
    control: str  # config name of the control
    higher: bool = True  # larger is better


class Experiment(NamedTuple):
    paper: str  # the claim in the paper's words (table / figure)
    data: str  # synthetic generator
    settings: dict  # its settings
    grid: tuple  # config folders / files (relative to the repository)
    claims: tuple  # Claim, ...
    columns: tuple  # table columns shown in verdict.md
    prepare: tuple = ()  # converters to run: see prepare_data
    measures: tuple = ()  # extra per-run measures: 'attention'
    # instead of a grid: tools/curation/dim_target_iterate.py on the one
    # config of `grid`, once per arm {name: extra arguments} and seed
    arms: dict = None
    iterate: tuple = ()  # its common arguments


ITERATE = 'tools/curation/dim_target_iterate.py'
# the refinement reviewed by the true labels (a human double-check in the
# paper); the hard examples mined on new sequences, reviewed by their labels
REFINE = ('--refine-oracle', 'annotations/train.json')
MINE = ('--pool', 'annotations/pool.json', '--oracle', 'annotations/pool.json')
DIM_TARGET = dict(num_train=40, num_val=16, num_pool=8, size=(320, 256))
DIM_TARGET_CONFIG = (
    'configs/dim_target/synthetic_results/'
    'dim-target_darknet19_chip80-difference_1xb8-30e_synth-ir-sequence.py'
)


DIM_TARGET_ROW = 'dim-target_darknet19_chip80-{}_1xb8-30e_synth-ir-sequence'
MRIFE_ROW = 'mrife{}_r18-d8-aspp-se_1xb4-900i_landslide-relic'
BNSA_ROW = 'mask-rcnn_r18-{}_bce-dice-lovasz_1xb2-300i_{}'
BNSA_DEMO = BNSA_ROW.format('bnsa-fpn_focal-siou', 'demo-ir-instance')
SMOTE_ROW = 'effnetv2-b0-svm_c0.1_64-12b{}_1xb36-200i_multiband-hard'
# the row without oversampling is the demo model (a reference of the grid)
SMOTE_NONE = 'effnetv2-b0-svm_c0.1_1xb36-200i_demo-multiband'
ABMIL_ROW = 'resnet18-w32-{}_1xb8-1500i_landmine-168x128'
LANDMINE = dict(num_images=1000, negative_ratio=0.5, size=(168, 128))
# the columns of an iterate experiment (iteration_values)
ITERATION_COLUMNS = (
    'Precision',
    'Recall',
    'F1',
    'F1 iteration 1',
    'Labels changed',
)
EXPERIMENTS = {
    'abmil-tiny-targets': Experiment(
        'Kim & Kwon, Tables 3-4 and ablation 4.4, Fig. 11: attention '
        'pooling detects a few-pixel mine that mean pooling dilutes, and '
        'its attention sits on the mine',
        'landmine',
        dict(LANDMINE, zone_cue=False, altitudes=(3, 8), depths=(0, 1)),
        ('configs/abmil/evidence_tiny-targets',),
        (
            Claim(
                'F1-score',
                ABMIL_ROW.format('abmil'),
                ABMIL_ROW.format('gap'),
            ),
            Claim(
                'Attention in box',
                ABMIL_ROW.format('abmil'),
                'uniform attention',
            ),
        ),
        (
            'Precision',
            'Recall',
            'F1-score',
            'Accuracy',
            'Attention in box',
            'Attention hit',
        ),
        prepare=('legbreaker', 'inpaint'),
        measures=('attention',),
    ),
    'abmil-inpainting': Experiment(
        'Kim & Kwon, Tables 5-6: inpainted mine-free copies of the '
        'positives as extra negatives remove the background (zone) cue: '
        'false positives on mine-free copies fall, recall holds',
        'landmine',
        dict(LANDMINE, altitudes=(3, 10)),
        ('configs/abmil/evidence_inpainting',),
        (
            Claim(
                'FP (synthetic negatives)',
                ABMIL_ROW.format('abmil_inpainting'),
                ABMIL_ROW.format('abmil'),
                higher=False,
            ),
            Claim(
                'Recall',
                ABMIL_ROW.format('abmil_inpainting'),
                ABMIL_ROW.format('abmil'),
            ),
        ),
        ('Precision', 'Recall', 'F1-score', 'FP (synthetic negatives)'),
        prepare=('legbreaker', 'inpaint'),
    ),
    'effnetv2-smote': Experiment(
        'Tang et al., Table 2: SMOTE-SSIM oversampling of the rare '
        'landslide class beats training without it, and SSIM neighbours '
        'beat the plain (Euclidean, flattened) SMOTE and duplication',
        'multiband',
        dict(num_images=1000, positive_ratio=0.1, hard_minority=True),
        ('configs/effnetv2_svm/evidence_smote',),
        tuple(
            Claim(metric, SMOTE_ROW.format('_smote-ssim'), control)
            for metric, control in (
                ('F1-score', SMOTE_NONE),
                ('Recall', SMOTE_NONE),
                ('F1-score', SMOTE_ROW.format('_dup')),
                ('F1-score', SMOTE_ROW.format('_smote-plain')),
            )
        ),
        ('Precision', 'Recall', 'F1-score', 'Train F1'),
        prepare=('smote', 'smote-plain'),
    ),
    'bnsa-small-targets': Experiment(
        'Wang & Ren, Tables 1-2: on small, low-contrast thermal objects the '
        'Focal-SIoU box loss beats Smooth L1 and SIoU and BNSA at C3+C4 '
        'beats the plain FPN, in mask mAP, mAP@75 and mAPs',
        'ir_instance',
        dict(
            num_train=80,
            num_val=40,
            size=(320, 256),
            object_scale=0.7,
            contrast=0.35,
        ),
        ('configs/bnsa_mask_rcnn/evidence_small-targets',),
        tuple(
            Claim(
                metric,
                BNSA_DEMO,
                BNSA_ROW.format(row, 'ir-instance-small'),
            )
            for metric, row in (
                ('mAP', 'bnsa-fpn_l1'),
                ('mAP@75', 'bnsa-fpn_l1'),
                ('mAP', 'bnsa-fpn_siou'),
                ('mAP@75', 'bnsa-fpn_siou'),
                ('mAP', 'fpn_focal-siou'),
                ('mAPs', 'fpn_focal-siou'),
            )
        ),
        ('mAP', 'mAP@50', 'mAP@75', 'mAPs', 'box mAP', 'box mAP@75'),
    ),
    'mrife-relic': Experiment(
        'He et al., Table III: on relic landslides (texture and colour '
        'close to the surroundings, blurred boundaries) MRIFE segments '
        'better than DeepLabV3+, and its supervised contrast term helps',
        'landslide_seg',
        dict(num_images=100, size=(256, 256), relic_strength=0.05),
        ('configs/mrife/evidence_relic',),
        (
            Claim(
                'l-IoU',
                MRIFE_ROW.format(''),
                'deeplabv3plus_r18-d8_1xb4-900i_landslide-relic',
            ),
            Claim('l-IoU', MRIFE_ROW.format(''), MRIFE_ROW.format('-mfm')),
        ),
        ('Precision', 'Recall', 'l-IoU', 'mIoU', 'F1-score'),
    ),
    'dim-target-iterations': Experiment(
        'Zhao et al., Table 3: label refinement and hard examples improve '
        'the dim-target detector beyond what the extra epochs alone give',
        'ir_sequence',
        DIM_TARGET,
        (DIM_TARGET_CONFIG,),
        tuple(
            Claim('F1', arm, 'control')
            for arm in ('refine+hard', 'refine', 'hard')
        ),
        ITERATION_COLUMNS,
        prepare=('corrupt',),
        arms={
            'refine+hard': [*REFINE, *MINE],
            'refine': [*REFINE, '--no-hard-examples'],
            'hard': ['--no-refine', *MINE],
            'control': ['--no-refine', '--no-hard-examples'],
        },
        iterate=(
            '--iterations',
            '3',
            '--first-epochs',
            '12',
            '--epochs',
            '4',
            '--cfg-options',
            'train_dataloader.dataset.ann_file=annotations/train_noisy.json',
        ),
    ),
    'dim-target-input': Experiment(
        'Zhao et al., Fig. 12: the differential 4-frame input detects dim '
        'targets better than a single frame or the raw 4-frame stack',
        'ir_sequence',
        DIM_TARGET,
        ('configs/dim_target/synthetic_results',),
        tuple(
            Claim(
                'F1',
                DIM_TARGET_ROW.format('difference'),
                DIM_TARGET_ROW.format(c),
            )
            for c in ('single', 'stack')
        ),
        ('Precision', 'Recall', 'F1'),
    ),
}


def prepare_data(name, exp, data_root):
    """Generate the experiment's set (kept when it exists with the same
    settings) and run its converters; returns the data root."""
    from mmir.datasets.synthetic import generate

    path = generate(exp.data, osp.join(data_root, name), **exp.settings)
    commands = {
        'legbreaker': ['tools/dataset_converters/legbreaker.py', path],
        'inpaint': [
            'tools/dataset_converters/inpaint_boxes.py',
            path,
            '--ann-file',
            'mmir_ann/all.txt',
        ],
        # oversampled to 1:1 from the training split only
        'smote': ['tools/dataset_converters/smote_ssim.py', path],
        'smote-plain': [
            'tools/dataset_converters/smote_ssim.py',
            path,
            '--method',
            'imblearn',
            '--out-dir',
            'smote_plain',
        ],
        # the paper's four kinds of wrong labels, twice its rates (Table 3)
        'corrupt': [
            'tools/curation/corrupt_labels.py',
            osp.join(path, 'annotations', 'train.json'),
            osp.join(path, 'annotations', 'train_noisy.json'),
            *('--missing', '0.2', '--shift', '0.2'),
            *('--relabel', '0.1', '--spurious', '0.1'),
        ],
    }
    done = dict(
        inpaint=osp.join(path, 'inpainted', 'pairs.txt'),
        corrupt=osp.join(path, 'annotations', 'train_noisy.json'),
    )
    for step in exp.prepare:
        if step in done and osp.exists(done[step]):
            continue  # written atomically: present means complete
        subprocess.run(
            [sys.executable, *commands[step]],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            env=dict(os.environ, MMIR_PROGRESS='0'),
        )
    return path + '/'


def attention_measure(run_dir, result, data_root):
    """The ABMIL attention on the true boxes of the test positives
    (cached in ``<run_dir>/attention.json``); None without an ABMIL neck."""
    from mmir.cls.analysis.attention_mass import (
        NoAttentionError,
        attention_in_boxes,
    )

    cache = osp.join(run_dir, 'attention.json')
    found = read_json(cache)
    if found is None:
        try:
            found = attention_in_boxes(
                result['config'], result['checkpoint'], data_root=data_root
            )
        except NoAttentionError:  # the mean-pooling row
            found = {}
        write_json_atomic(found, cache)
    if not found:
        return None
    return {
        'Attention in box': found['attention_in_box'],
        'Attention hit': found['attention_hit'],
        'uniform attention': found['attention_chance'],
    }


def per_run_values(exp, work_dir, data_root, seeds):
    """``{config name: {column: [value per seed]}}`` from the runs'
    ``result.json`` (and the extra measures)."""
    from mmir.experiments.grid import collect_configs, run_row
    from mmir.experiments.runs import read_result

    values = {}
    for config in collect_configs([osp.join(ROOT, g) for g in exp.grid]):
        name = osp.splitext(osp.basename(config))[0]
        table = values.setdefault(name, {})
        for seed in seeds:
            run_dir = osp.join(work_dir, name, f'seed_{seed}')
            result = read_result(run_dir)
            if not result or result.get('status') != 'ok':
                continue
            row = run_row(result)['metrics']
            if 'attention' in exp.measures:
                row.update(attention_measure(run_dir, result, data_root) or {})
            for key, value in row.items():
                table.setdefault(key, []).append(float(value))
    # the chance level of a measure is an arm of its own
    for name in list(values):
        chance = values[name].pop('uniform attention', None)
        if chance:
            values.setdefault('uniform attention', {})['Attention in box'] = (
                chance
            )
    return values


def write_verdict(name, exp, values, out_dir, seconds):
    """``verdict.md`` / ``verdict.json`` of one experiment."""
    seeds = max(
        (len(v) for table in values.values() for v in table.values()),
        default=0,
    )
    lines = [
        f'# Evidence: {name}',
        '',
        f'Claim ({exp.paper}).',
        '',
        f'Data: synthetic `{exp.data}` {exp.settings}; seeds: '
        f'{seeds} per row; wall time {seconds / 60:.1f} min.',
        '',
        '| config | ' + ' | '.join(exp.columns) + ' |',
        '|---|' + '---|' * len(exp.columns),
    ]
    for config, table in values.items():
        lines.append(
            f'| {config} | '
            + ' | '.join(mean_std(table.get(c, [])) for c in exp.columns)
            + ' |'
        )
    lines += ['', '## Verdict', '']
    verdicts = []
    for claim in exp.claims:
        arm = values.get(claim.arm, {}).get(claim.metric, [])
        control = values.get(claim.control, {}).get(claim.metric, [])
        if not arm or not control:
            lines.append(f'- {claim.metric}: not enough finished runs')
            continue
        c = compare(
            claim.metric, claim.arm, claim.control, arm, control, claim.higher
        )
        lines.append(f'- {verdict_line(c)}')
        verdicts.append(
            dict(
                c._asdict(),
                delta=c.delta,
                cohens_d=c.cohens_d,
                overlap=c.overlap,
                outcome=c.outcome,
            )
        )
    write_text_atomic(osp.join(out_dir, 'verdict.md'), '\n'.join(lines) + '\n')
    write_json_atomic(
        dict(
            experiment=name,
            values=values,
            verdicts=verdicts,
            seconds=round(seconds, 1),
        ),
        osp.join(out_dir, 'verdict.json'),
    )
    return lines


def run_iterations(exp, work_dir, data_root, seeds):
    """Every arm of an iterate experiment for every seed; the arms of a
    seed share its first iteration (``--first-from``): the same model."""
    for seed in seeds:
        first = None
        for arm, extra in exp.arms.items():
            out = osp.join(work_dir, arm, f'seed_{seed}')
            os.makedirs(out, exist_ok=True)
            cmd = [
                sys.executable,
                ITERATE,
                exp.grid[0],
                '--work-dir',
                out,
                '--data-root',
                data_root,
                *extra,
                *exp.iterate,
                f'randomness.seed={seed}',
            ]
            if first:
                cmd += ['--first-from', first]
            print(f'{arm} seed {seed}: {out}/iterate.log', flush=True)
            with open(osp.join(out, 'iterate.log'), 'a') as log:
                subprocess.run(
                    cmd,
                    check=True,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=dict(os.environ, MMIR_PROGRESS='0'),
                )
            first = first or out


def iteration_values(exp, work_dir, seeds):
    """``{arm: {column: [value per seed]}}`` from the last row of each
    run's ``iterations.csv`` (the first row: 'F1 iteration 1')."""
    import csv

    iterations = int(exp.iterate[exp.iterate.index('--iterations') + 1])
    values = {}
    for arm in exp.arms:
        table = values.setdefault(arm, {})
        for seed in seeds:
            path = osp.join(work_dir, arm, f'seed_{seed}', 'iterations.csv')
            if not osp.isfile(path):
                continue
            with open(path) as f:
                rows = list(csv.DictReader(f))
            if len(rows) < iterations:
                continue
            last = rows[-1]
            for column, key in (
                ('Precision', 'precision'),
                ('Recall', 'recall'),
                ('F1', 'f1'),
            ):
                table.setdefault(column, []).append(float(last[key]))
            table.setdefault('F1 iteration 1', []).append(float(rows[0]['f1']))
            changed = sum(int(r['labels_changed'] or 0) for r in rows)
            table.setdefault('Labels changed', []).append(float(changed))
    return values


def previous_seconds(work_dir):
    """The wall time recorded by the run that wrote the verdict."""
    path = osp.join(work_dir, 'verdict.json')
    if not osp.isfile(path):
        raise SystemExit(f'{path} not found: run the experiment first')
    if 'seconds' in (old := read_json(path)):
        return old['seconds']
    with open(
        osp.join(work_dir, 'verdict.md')
    ) as f:  # written before 'seconds'
        found = re.search(r'wall time ([0-9.]+) min', f.read())
    return float(found.group(1)) * 60 if found else float('nan')


def run_experiment(name, args):
    from mmir.experiments.grid import collect_configs, run_grid

    exp = EXPERIMENTS[name]
    start = time.time()
    work_dir = osp.join(ROOT, args.work_dir, name)
    if args.verdict_only:
        seconds = previous_seconds(work_dir)
        if exp.arms:
            values = iteration_values(exp, work_dir, args.seeds)
        else:
            values = per_run_values(
                exp, work_dir, osp.join(ROOT, args.data_root, name), args.seeds
            )
        print('\n'.join(write_verdict(name, exp, values, work_dir, seconds)))
        return
    data_root = prepare_data(name, exp, osp.join(ROOT, args.data_root))
    if exp.arms:
        print(
            f'{name}: {len(exp.arms)} arms x {len(args.seeds)} seeds on '
            f'{data_root}',
            flush=True,
        )
        run_iterations(exp, work_dir, data_root, args.seeds)
        values = iteration_values(exp, work_dir, args.seeds)
        lines = write_verdict(name, exp, values, work_dir, time.time() - start)
        print('\n'.join(lines), flush=True)
        return
    configs = collect_configs([osp.join(ROOT, g) for g in exp.grid])
    print(
        f'{name}: {len(configs)} configs x {len(args.seeds)} seeds '
        f'on {data_root}',
        flush=True,
    )
    run_grid(configs, work_dir, seeds=args.seeds, data_root=data_root)
    values = per_run_values(exp, work_dir, data_root, args.seeds)
    lines = write_verdict(name, exp, values, work_dir, time.time() - start)
    print('\n'.join(lines), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('names', nargs='*', metavar='NAME')
    parser.add_argument('--list', action='store_true')
    parser.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    parser.add_argument('--work-dir', default='work_dirs/evidence')
    parser.add_argument('--data-root', default='data/evidence')
    parser.add_argument(
        '--verdict-only',
        action='store_true',
        help='rewrite verdict.md/json from the finished runs; run nothing',
    )
    args = parser.parse_args(argv)
    if args.list or not args.names:
        for name, exp in EXPERIMENTS.items():
            print(f'{name:22s} {exp.paper}')
        return 0 if args.list else 2
    unknown = [n for n in args.names if n not in EXPERIMENTS]
    if unknown:
        print(
            f'error: unknown experiment(s) {unknown}; choose from '
            f'{list(EXPERIMENTS)}',
            file=sys.stderr,
        )
        return 2
    for name in args.names:
        run_experiment(name, args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
