"""Iterative training with label refinement and hard examples (Zhao et al.
2024, Table 3).

    python tools/curation/dim_target_iterate.py CONFIG --work-dir DIR
        [--pool annotations/pool.json] [--oracle annotations/pool.json]
        [--iterations 6] [--first-epochs 100] [--epochs 50]
        [--refine sigma:2 | --no-refine] [--no-hard-examples]
        [--review auto|manual|oracle]
        [--refine-oracle annotations/train_clean.json]
        [--first-from OTHER_WORK_DIR] [--score-thr 0.5] [--data-root DIR]

Iteration 1 trains CONFIG on its training annotations for --first-epochs
and tests it. Every further iteration

1. label refinement (section III-B; on unless --no-refine): the current
   model's loss of every training label and image (the histogram, Fig. 11,
   is kept per iteration: ``iter_<k>/label_review/loss_hist.png``); those
   above the --refine threshold are reviewed and the review is applied as a
   new annotation version. --review chooses the reviewer:
   ``auto`` (default; unattended): the model's own detections decide
   (``auto_label_review``: delete a flagged label no detection supports,
   relabel or move it to the detection that does, add detections to a
   flagged image that no label covers); ``manual``: the driver writes
   ``labels.csv`` / ``images.csv`` with crops and stops; fill in their
   ``action`` / ``new_label`` / ``new_bbox`` / ``add`` columns (as for
   ``tools/curation/apply_label_review.py``) and rerun the same
   command to apply them and go on; ``oracle`` (synthetic data): the true
   labels of --refine-oracle decide;
2. hard examples: the current model detects on the --pool sequences, the
   trajectories propose false alarms and misses, they are reviewed (by
   --oracle, the pool's labels; without it every candidate is accepted,
   the paper's automatic identification without the double-check) and the
   accepted frames are merged into a new annotation version;
3. fine-tunes the model (``load_from`` the last one) on that version for
   --epochs and tests it.

``--no-refine`` skips step 1, ``--no-hard-examples`` step 2; with both,
every iteration only fine-tunes for --epochs more on the same labels: the
control arm that separates the effect of refinement and hard examples from
that of training longer (``tools/evidence.py dim-target-iterations``).

Every annotation version is a new file next to the original
(``<stem>.v<N>.json``; the original is never changed). Writes
``DIR/iterations.csv`` and ``.md``: iteration, epochs, number of training
images, labels flagged and changed by the review, hard-example frames
added, mean training-label loss, precision, recall, F1 of the target
class. A rerun continues where it stopped.
"""

import argparse
import csv
import io
import json
import os
import os.path as osp
import sys

from mmir.utils.fileio import read_json, write_json_atomic, write_text_atomic
from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('--work-dir', required=True)
    parser.add_argument(
        '--pool',
        help='new sequences (video COCO, relative to the data root)',
    )
    parser.add_argument(
        '--oracle',
        help='labels of the pool for the review (relative to the data root)',
    )
    parser.add_argument('--iterations', type=int, default=6)
    parser.add_argument('--first-epochs', type=int, default=100)
    parser.add_argument('--epochs', type=int, default=50)
    parser.add_argument(
        '--refine',
        default='sigma:2',
        help="label-refinement threshold: 'abs:X', 'pct:P' "
        "or 'sigma:K' (default sigma:2)",
    )
    parser.add_argument(
        '--no-refine',
        action='store_true',
        help='hard examples only, no label refinement',
    )
    parser.add_argument(
        '--no-hard-examples',
        action='store_true',
        help='label refinement only, no hard examples (with --no-refine: '
        'the control arm, the same extra epochs on the same labels)',
    )
    parser.add_argument(
        '--review',
        choices=['auto', 'manual', 'oracle'],
        help='who reviews the flagged labels (default: '
        'oracle with --refine-oracle, else auto)',
    )
    parser.add_argument(
        '--refine-oracle',
        help='true training labels for '
        'the refinement review (relative to the data root)',
    )
    parser.add_argument(
        '--first-from',
        metavar='WORK_DIR',
        help='reuse iteration 1 (model and test row) of another run of '
        'the same config, labels, --cfg-options and --first-epochs, '
        'e.g. the arms of one comparison',
    )
    parser.add_argument('--score-thr', type=float, default=0.5)
    parser.add_argument('--max-distance', type=float, default=8.0)
    parser.add_argument('--data-root')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        default=[],
        help='key=value, applied to every training run',
    )
    args = parser.parse_args(argv)
    if args.no_refine:
        args.refine = None
    if not args.pool and not args.no_hard_examples:
        raise UsageError(
            '--pool (new sequences to mine) is needed unless '
            '--no-hard-examples'
        )
    args.review = args.review or ('oracle' if args.refine_oracle else 'auto')
    if args.refine and args.review == 'oracle' and not args.refine_oracle:
        raise UsageError(
            '--review oracle needs --refine-oracle (the true training labels)'
        )
    return args


def _as_dict(options):
    """``key=value`` strings -> the dict ``--cfg-options`` would give."""
    from mmengine.config import DictAction

    parser = argparse.ArgumentParser()
    parser.add_argument('--o', nargs='*', action=DictAction, default={})
    return parser.parse_args(['--o', *options]).o if options else None


def _num_samples(cfg, ann_file):
    import copy

    from mmdet.registry import DATASETS

    ds = copy.deepcopy(cfg.train_dataloader.dataset)
    ds.update(ann_file=ann_file, pipeline=[])
    return len(DATASETS.build(ds))


REVIEW_FILES = ('labels.csv', 'images.csv')


def _csv(path, keys, rows):
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, keys, lineterminator='\n', extrasaction='ignore'
    )
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(path, buf.getvalue())


def _write_manual_review(out_dir, flagged_labels, flagged_images, classes):
    """The flagged records with crops and empty decision columns."""
    import cv2

    from mmir.det.curation import crop_around

    os.makedirs(osp.join(out_dir, 'crops'), exist_ok=True)
    rows = []
    for r in flagged_labels:
        x1, y1, x2, y2 = r['bbox']
        crop = f'crops/label_{r["ann_id"]}.png'
        cv2.imwrite(
            osp.join(out_dir, crop),
            crop_around(
                r['img_path'], (x1 + x2) / 2, (y1 + y2) / 2, box=r['bbox']
            ),
        )
        rows.append(
            dict(
                ann_id=r['ann_id'],
                image_id=r['img_id'],
                img_path=r['img_path'],
                label=classes[r['label']],
                bbox_xyxy=','.join(f'{v:g}' for v in r['bbox']),
                loss=round(r['loss'], 6),
                crop=crop,
            )
        )
    _csv(
        osp.join(out_dir, 'labels.csv'),
        (
            'ann_id',
            'image_id',
            'img_path',
            'label',
            'bbox_xyxy',
            'loss',
            'crop',
            'action',
            'new_label',
            'new_bbox',
        ),
        rows,
    )
    rows = []
    for r in flagged_images:
        hs = r['hotspot']
        crop = f'crops/image_{r["img_id"]}.png'
        cv2.imwrite(
            osp.join(out_dir, crop),
            crop_around(r['img_path'], hs['x'], hs['y'], colour=(0, 0, 255)),
        )
        rows.append(
            dict(
                image_id=r['img_id'],
                img_path=r['img_path'],
                loss=round(r['loss'], 6),
                hotspot=f'{hs["x"]:.1f},{hs["y"]:.1f}',
                crop=crop,
            )
        )
    _csv(
        osp.join(out_dir, 'images.csv'),
        ('image_id', 'img_path', 'loss', 'hotspot', 'crop', 'add'),
        rows,
    )


def _refine(cfg, checkpoint, ann_file, args, clean_file, out_dir):
    """Label-loss review of the training set, applied as a new version.
    Returns ``(path, changes, mean_loss)``, or None when a manual review
    was written and waits for the user."""
    import copy

    import numpy as np
    from mmdet.registry import DATASETS
    from mmengine.registry import DefaultScope

    from mmir.det.curation import (
        apply_review,
        auto_label_review,
        detect_sequences,
        flag_losses,
        label_losses,
        loss_histogram_png,
        oracle_label_review,
    )
    from mmir.utils.model_loading import (
        load_model,
        train_set_with_test_pipeline,
    )

    paths = [osp.join(out_dir, name) for name in REVIEW_FILES]
    summary_path = osp.join(out_dir, 'losses.json')
    if (
        args.review == 'manual'
        and all(map(osp.isfile, paths))
        and osp.isfile(summary_path)
    ):
        path, changes = apply_review(ann_file, *paths)
        summary = read_json(summary_path)
        return (
            path,
            dict(
                changes,
                flagged_labels=summary['flagged_labels'],
                flagged_images=summary['flagged_images'],
            ),
            summary['mean_label_loss'],
        )
    cfg = copy.deepcopy(cfg)
    cfg.train_dataloader.dataset.ann_file = ann_file
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = load_model(cfg, checkpoint)
        dataset = DATASETS.build(train_set_with_test_pipeline(cfg)['dataset'])
        images, labels = label_losses(model, dataset)
        thresholds, flagged_images, flagged_labels = flag_losses(
            images, labels, args.refine
        )
        if args.review == 'auto':
            detections = detect_sequences(
                model, dataset, args.score_thr, label=None
            )
    classes = list(dataset.metainfo['classes'])
    os.makedirs(out_dir, exist_ok=True)
    img_losses = [r['loss'] for r in images]
    lab_losses = [r['loss'] for r in labels]
    loss_histogram_png(
        osp.join(out_dir, 'loss_hist.png'), img_losses, lab_losses, thresholds
    )
    mean_loss = float(np.mean(lab_losses)) if labels else 0.0
    summary = dict(
        review=args.review,
        threshold=args.refine,
        image_threshold=thresholds[0],
        label_threshold=thresholds[1],
        mean_image_loss=float(np.mean(img_losses)) if images else 0.0,
        mean_label_loss=mean_loss,
        flagged_labels=len(flagged_labels),
        flagged_images=len(flagged_images),
    )
    if args.review == 'manual':
        _write_manual_review(out_dir, flagged_labels, flagged_images, classes)
        write_json_atomic(summary, summary_path)
        return None
    if args.review == 'oracle':
        with open(ann_file) as f:
            current = json.load(f)
        with open(clean_file) as f:
            clean = json.load(f)
        label_rows, image_rows = oracle_label_review(
            flagged_labels, flagged_images, current, clean
        )
    else:
        label_rows, image_rows = auto_label_review(
            flagged_labels, flagged_images, labels, detections, classes
        )
    _csv(paths[0], ('ann_id', 'action', 'new_label', 'new_bbox'), label_rows)
    _csv(paths[1], ('image_id', 'add'), image_rows)
    write_json_atomic(summary, summary_path)
    path, changes = apply_review(ann_file, *paths)
    return (
        path,
        dict(
            changes,
            flagged_labels=len(flagged_labels),
            flagged_images=len(flagged_images),
        ),
        mean_loss,
    )


def _first_iteration_from(other_dir, state, args):
    """The state after iteration 1 of the run in ``other_dir`` (same
    config, training labels, options and --first-epochs): its model and
    test row are reused, not trained again."""
    other = read_json(osp.join(other_dir, 'iterations.json'))
    if not other or not other.get('checkpoints'):
        raise UsageError(
            f'--first-from {other_dir}: no finished iteration 1 there '
            '(iterations.json with a checkpoint)'
        )
    first = other['rows'][0]
    if other['ann_files'][0] != state['ann_files'][0]:
        raise UsageError(
            f'--first-from {other_dir}: it trained on '
            f'{other["ann_files"][0]}, this run on {state["ann_files"][0]}'
        )
    if other.get('options', args.cfg_options) != args.cfg_options or (
        first['epochs'] != args.first_epochs
    ):
        raise UsageError(
            f'--first-from {other_dir}: its iteration 1 ran with other '
            '--cfg-options or --first-epochs'
        )
    return dict(
        state,
        rows=[first],
        checkpoints=other['checkpoints'][:1],
        options=args.cfg_options,
        first_from=other_dir,
    )


def _write_table(rows, work_dir):
    keys = (
        'iteration',
        'epochs',
        'images',
        'labels_flagged',
        'labels_changed',
        'frames_added',
        'mean_label_loss',
        'precision',
        'recall',
        'f1',
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator='\n')
    writer.writerow(keys)
    md = ['| ' + ' | '.join(keys) + ' |', '|' + '---|' * len(keys)]
    for r in rows:
        vals = [r.get(k, '') for k in keys]
        writer.writerow(vals)
        md.append(
            '| '
            + ' | '.join(
                f'{v:.4f}' if isinstance(v, float) else str(v) for v in vals
            )
            + ' |'
        )
    write_text_atomic(osp.join(work_dir, 'iterations.csv'), buf.getvalue())
    write_text_atomic(
        osp.join(work_dir, 'iterations.md'), '\n'.join(md) + '\n'
    )


def main(argv=None):
    args = parse_args(argv)
    from mmir.det.curation import (
        merge_hard_examples,
        mine_pool,
        write_candidates_review,
    )
    from mmir.experiments.runs import RunSpec, run_experiment
    from mmir.utils.config_check import load_config, override_data_root

    cfg = load_config(args.config, _as_dict(args.cfg_options))
    if args.data_root:
        override_data_root(cfg, args.data_root)
    root = cfg.train_dataloader.dataset.get('data_root', '')

    def data_file(path):
        return (
            path
            if path is None or osp.isabs(path)
            else osp.abspath(osp.join(root, path))
        )

    pool, oracle = data_file(args.pool), data_file(args.oracle)
    os.makedirs(args.work_dir, exist_ok=True)
    state_path = osp.join(args.work_dir, 'iterations.json')
    state = read_json(state_path) or dict(
        ann_files=[data_file(cfg.train_dataloader.dataset.ann_file)], rows=[]
    )
    if args.first_from and not state['rows']:
        state = _first_iteration_from(args.first_from, state, args)
        write_json_atomic(state, state_path)  # kept if nothing else runs
    for k in range(1, args.iterations + 1):
        it_dir = osp.join(args.work_dir, f'iter_{k}')
        ann_file = state['ann_files'][k - 1]
        if not [r for r in state['rows'] if r['iteration'] == k]:
            epochs = args.first_epochs if k == 1 else args.epochs
            options = [
                *args.cfg_options,
                f'train_dataloader.dataset.ann_file={ann_file}',
                f'train_cfg.max_epochs={epochs}',
            ]
            if k > 1:
                options.append(f'load_from={state["checkpoints"][k - 2]}')
            state['options'] = list(args.cfg_options)
            result = run_experiment(
                RunSpec(args.config, it_dir, options, data_root=args.data_root)
            )
            if result.get('status') != 'ok':
                raise RuntimeError(
                    f'iteration {k} failed: '
                    f'{result.get("error")} (see {it_dir})'
                )
            with open(osp.join(it_dir, 'last_checkpoint')) as f:
                state.setdefault('checkpoints', []).append(f.read().strip())
            m = result['metrics']
            row = dict(
                iteration=k,
                epochs=epochs,
                images=_num_samples(cfg, ann_file),
                labels_flagged=state.pop('pending_flagged', ''),
                labels_changed=state.pop('pending_changes', ''),
                frames_added=state.pop('pending_frames', ''),
                mean_label_loss=state.pop('pending_loss', ''),
                precision=m.get('dim/precision'),
                recall=m.get('dim/recall'),
                f1=m.get('dim/f1'),
            )
            state['rows'].append(row)
            write_json_atomic(state, state_path)
            _write_table(state['rows'], args.work_dir)
            print(f'iteration {k}: {row}', flush=True)
        if k == args.iterations or len(state['ann_files']) > k:
            continue
        checkpoint = state['checkpoints'][k - 1]
        next_ann = ann_file
        if args.refine:
            review_dir = osp.join(it_dir, 'label_review')
            refined = _refine(
                cfg,
                checkpoint,
                next_ann,
                args,
                data_file(args.refine_oracle),
                review_dir,
            )
            if refined is None:
                write_json_atomic(state, state_path)
                print(
                    f'iteration {k}: the flagged labels and images are in '
                    f'{review_dir}/labels.csv and images.csv (crops in '
                    f'crops/); fill in action / new_label / new_bbox and '
                    f'add, then rerun this command to apply them and go '
                    f'on',
                    flush=True,
                )
                return
            next_ann, changes, mean_loss = refined
            state['pending_flagged'] = changes['flagged_labels']
            state['pending_changes'] = sum(
                changes[c] for c in ('deleted', 'relabelled', 'moved', 'added')
            )
            state['pending_loss'] = round(mean_loss, 5)
        if args.no_hard_examples:
            state['pending_frames'] = 0
            state['ann_files'].append(next_ann)
            write_json_atomic(state, state_path)
            continue
        cands, dets, _ = mine_pool(
            cfg,
            checkpoint,
            pool,
            args.score_thr,
            args.max_distance,
            oracle=oracle,
        )
        if not oracle:
            for c in cands:
                c['accept'] = True
        write_candidates_review(
            osp.join(it_dir, 'hard_examples'),
            dict(
                tool='dim_target_iterate',
                iteration=k,
                pool=pool,
                checkpoint=checkpoint,
            ),
            cands,
            dets,
            overwrite=True,
        )
        next_ann, changes = merge_hard_examples(
            next_ann, pool, cands, dets, labels_from=oracle
        )
        state['pending_frames'] = changes['frames_added']
        state['ann_files'].append(next_ann)
        write_json_atomic(state, state_path)
    _write_table(state['rows'], args.work_dir)
    print(f'table: {osp.join(args.work_dir, "iterations.md")}')


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
