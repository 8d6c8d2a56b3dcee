"""Iterative training with hard examples (Zhao et al. 2024, Table 3).

    python tools/dim_target_iterate.py CONFIG --work-dir DIR
        --pool annotations/pool.json [--oracle annotations/pool.json]
        [--iterations 6] [--first-epochs 100] [--epochs 50]
        [--refine sigma:2 --refine-oracle annotations/train_clean.json]
        [--score-thr 0.5] [--data-root DIR]

Iteration 1 trains CONFIG on its training annotations for --first-epochs
and tests it. Every further iteration

1. (with --refine) label refinement: the current model's loss of every
   training label and image; those above the threshold are reviewed
   (by --refine-oracle, the true labels, where they are known) and the
   review is applied as a new annotation version;
2. hard examples: the current model detects on the --pool sequences, the
   trajectories propose false alarms and misses, they are reviewed (by
   --oracle, the pool's labels; without it every candidate is accepted,
   the paper's automatic identification without the double-check) and the
   accepted frames are merged into a new annotation version;
3. fine-tunes the model (``load_from`` the last one) on that version for
   --epochs and tests it.

Every annotation version is a new file next to the original
(``<stem>.v<N>.json``; the original is never changed). Writes
``DIR/iterations.csv`` and ``.md``: iteration, epochs, number of training
images, labels changed by the review, hard-example frames added, mean
training-label loss, precision, recall, F1 of the target class. A rerun
continues where it stopped.
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
    parser.add_argument('--pool', required=True,
                        help='new sequences (video COCO, relative to the '
                        'data root)')
    parser.add_argument('--oracle', help='labels of the pool for the review '
                        '(relative to the data root)')
    parser.add_argument('--iterations', type=int, default=6)
    parser.add_argument('--first-epochs', type=int, default=100)
    parser.add_argument('--epochs', type=int, default=50)
    parser.add_argument('--refine', help="label-refinement threshold: "
                        "'abs:X', 'pct:P' or 'sigma:K'")
    parser.add_argument('--refine-oracle', help='true training labels for '
                        'the refinement review (relative to the data root)')
    parser.add_argument('--score-thr', type=float, default=0.5)
    parser.add_argument('--max-distance', type=float, default=8.0)
    parser.add_argument('--data-root')
    parser.add_argument('--cfg-options', nargs='+', default=[],
                        help='key=value, applied to every training run')
    return parser.parse_args(argv)


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


def _refine(cfg, checkpoint, ann_file, threshold, clean_file, out_dir):
    """Label-loss review of the training set, applied as a new version."""
    import copy

    from mmdet.registry import DATASETS
    from mmengine.registry import DefaultScope

    from mmir.det.analysis import (apply_review, flag_losses, label_losses,
                                   oracle_label_review)
    from mmir.utils.model_loading import (load_model,
                                          train_set_with_test_pipeline)
    cfg = copy.deepcopy(cfg)
    cfg.train_dataloader.dataset.ann_file = ann_file
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = load_model(cfg, checkpoint)
        images, labels = label_losses(model, DATASETS.build(
            train_set_with_test_pipeline(cfg)['dataset']))
    _, flagged_images, flagged_labels = flag_losses(images, labels,
                                                    threshold)
    with open(ann_file) as f:
        current = json.load(f)
    with open(clean_file) as f:
        clean = json.load(f)
    label_rows, image_rows = oracle_label_review(flagged_labels,
                                                 flagged_images, current,
                                                 clean)
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for name, rows, keys in (
            ('labels.csv', label_rows,
             ('ann_id', 'action', 'new_label', 'new_bbox')),
            ('images.csv', image_rows, ('image_id', 'add'))):
        buf = io.StringIO()
        writer = csv.DictWriter(buf, keys, lineterminator='\n')
        writer.writeheader()
        writer.writerows(rows)
        write_text_atomic(osp.join(out_dir, name), buf.getvalue())
        paths.append(osp.join(out_dir, name))
    path, changes = apply_review(ann_file, *paths)
    mean_loss = sum(r['loss'] for r in labels) / max(len(labels), 1)
    return path, dict(changes, flagged_labels=len(flagged_labels),
                      flagged_images=len(flagged_images)), mean_loss


def _write_table(rows, work_dir):
    keys = ('iteration', 'epochs', 'images', 'labels_changed',
            'frames_added', 'mean_label_loss', 'precision', 'recall', 'f1')
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator='\n')
    writer.writerow(keys)
    md = ['| ' + ' | '.join(keys) + ' |', '|' + '---|' * len(keys)]
    for r in rows:
        vals = [r.get(k, '') for k in keys]
        writer.writerow(vals)
        md.append('| ' + ' | '.join(
            f'{v:.4f}' if isinstance(v, float) else str(v)
            for v in vals) + ' |')
    write_text_atomic(osp.join(work_dir, 'iterations.csv'), buf.getvalue())
    write_text_atomic(osp.join(work_dir, 'iterations.md'),
                      '\n'.join(md) + '\n')


def main(argv=None):
    args = parse_args(argv)
    from mmir.det.analysis import (merge_hard_examples, mine_pool,
                                   write_candidates_review)
    from mmir.experiments.runs import RunSpec, run_experiment
    from mmir.utils.config_check import load_config, override_data_root
    if args.refine and not args.refine_oracle:
        raise UsageError('--refine needs --refine-oracle here (a manual '
                         'review runs tools/analysis_tools/'
                         'dim_target_label_loss.py and tools/'
                         'dataset_converters/apply_label_review.py)')
    cfg = load_config(args.config, _as_dict(args.cfg_options))
    if args.data_root:
        override_data_root(cfg, args.data_root)
    root = cfg.train_dataloader.dataset.get('data_root', '')

    def data_file(path):
        return path if path is None or osp.isabs(path) else \
            osp.abspath(osp.join(root, path))

    pool, oracle = data_file(args.pool), data_file(args.oracle)
    os.makedirs(args.work_dir, exist_ok=True)
    state_path = osp.join(args.work_dir, 'iterations.json')
    state = read_json(state_path) or dict(
        ann_files=[data_file(cfg.train_dataloader.dataset.ann_file)],
        rows=[])
    for k in range(1, args.iterations + 1):
        it_dir = osp.join(args.work_dir, f'iter_{k}')
        done = [r for r in state['rows'] if r['iteration'] == k]
        if done:
            continue
        ann_file = state['ann_files'][k - 1]
        epochs = args.first_epochs if k == 1 else args.epochs
        options = [*args.cfg_options,
                   f'train_dataloader.dataset.ann_file={ann_file}',
                   f'train_cfg.max_epochs={epochs}']
        if k > 1:
            options.append(f'load_from={state["checkpoints"][k - 2]}')
        result = run_experiment(RunSpec(args.config, it_dir, options,
                                        data_root=args.data_root))
        if result.get('status') != 'ok':
            raise RuntimeError(f'iteration {k} failed: '
                               f'{result.get("error")} (see {it_dir})')
        with open(osp.join(it_dir, 'last_checkpoint')) as f:
            checkpoint = f.read().strip()
        state.setdefault('checkpoints', []).append(checkpoint)
        m = result['metrics']
        row = dict(iteration=k, epochs=epochs,
                   images=_num_samples(cfg, ann_file),
                   labels_changed=state.pop('pending_changes', ''),
                   frames_added=state.pop('pending_frames', ''),
                   mean_label_loss=state.pop('pending_loss', ''),
                   precision=m.get('dim/precision'),
                   recall=m.get('dim/recall'), f1=m.get('dim/f1'))
        state['rows'].append(row)
        if k < args.iterations:
            next_ann = ann_file
            if args.refine:
                next_ann, changes, mean_loss = _refine(
                    cfg, checkpoint, next_ann, args.refine,
                    data_file(args.refine_oracle),
                    osp.join(it_dir, 'label_review'))
                state['pending_changes'] = sum(
                    changes[c] for c in ('deleted', 'relabelled', 'moved',
                                         'added'))
                state['pending_loss'] = round(mean_loss, 5)
            cands, dets, _ = mine_pool(cfg, checkpoint, pool, args.score_thr,
                                       args.max_distance, oracle=oracle)
            if not oracle:
                for c in cands:
                    c['accept'] = True
            write_candidates_review(
                osp.join(it_dir, 'hard_examples'),
                dict(tool='dim_target_iterate', iteration=k, pool=pool,
                     checkpoint=checkpoint), cands, dets, overwrite=True)
            next_ann, changes = merge_hard_examples(
                next_ann, pool, cands, dets, labels_from=oracle)
            state['pending_frames'] = changes['frames_added']
            state['ann_files'].append(next_ann)
        write_json_atomic(state, state_path)
        _write_table(state['rows'], args.work_dir)
        print(f'iteration {k}: {row}', flush=True)
    _write_table(state['rows'], args.work_dir)
    print(f'table: {osp.join(args.work_dir, "iterations.md")}')


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
