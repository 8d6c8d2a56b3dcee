"""Plant realistic bugs (mutants) one at a time in the paper-critical
modules and run the unit tests of each module: a mutant that no test
notices "survives". Not part of CI (a few minutes on 2 cores).

    python tools/misc/mutation_check.py [--only ID ...] [--out DIR]
        [--list] [--validate]

Every mutant is a one-place edit of a copy of the repository (the working
tree is never touched), run with ``python -m pytest -x -q -m 'not e2e'``
on its module's tests. ``--out`` gets ``mutation_report.{md,json}``.
Survivors that cannot be killed (equivalent mutants) are listed in
``EQUIVALENT`` with the reason.
"""

import argparse
import json
import os
import os.path as osp
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

L = 'mmir/det/models/losses/'
T_L = 'tests/test_det/test_models/test_losses/'
CUR = 'mmir/det/curation/'
T_CUR = 'tests/test_det/test_curation/'

# (id, file, original, mutated, tests, what a user would see)
MUTANTS = [
    # ---- BNSA Mask R-CNN: neck and losses
    (
        'bnsa-output',
        'mmir/det/models/necks/bnsa.py',
        'return x_attn * x_res + x_attn',
        'return x_attn * x_res',
        ['tests/test_det/test_models/test_necks/'],
        'eq. 2 without the residual attention term',
    ),
    (
        'bnsa-reduction',
        'mmir/det/models/necks/bnsa.py',
        'mid = channels // reduction',
        'mid = channels // 2',
        ['tests/test_det/test_models/test_necks/'],
        'bottleneck width C/2 instead of C/4',
    ),
    (
        'focal-gamma',
        L + 'focal_iou_loss.py',
        'iou[keep] ** self.gamma * base',
        'iou[keep] * base',
        [T_L],
        'Focal-SIoU with gamma fixed to 1',
    ),
    (
        'focal-avg-factor',
        L + 'focal_iou_loss.py',
        'loss = weight_reduce_loss(loss, weight, reduction, avg_factor)',
        'loss = weight_reduce_loss(loss, weight, reduction, None)',
        [T_L],
        'avg_factor of the bbox head ignored',
    ),
    (
        'focal-neg-gamma',
        L + 'focal_iou_loss.py',
        "iou_loss.setdefault('neg_gamma', True)",
        "iou_loss.setdefault('neg_gamma', False)",
        [T_L],
        "mmdet's SIoU angle cost instead of eqs. 7-11",
    ),
    (
        'eiou-width-term',
        L + 'efficient_iou_loss.py',
        '+ (wh_p[:, 0] - wh_t[:, 0]) ** 2 / cw2',
        '+ (wh_p[:, 0] - wh_t[:, 0]) ** 2 / ch2',
        [T_L],
        'EIoU width penalty over the enclosing height',
    ),
    (
        'eiou-weight',
        L + 'efficient_iou_loss.py',
        '            weight,\n            eps=self.eps,',
        '            None,\n            eps=self.eps,',
        [T_L],
        'EIoU ignores the per-box weights',
    ),
    (
        'lovasz-ascending',
        L + 'mask_bce_dice_lovasz_loss.py',
        'torch.sort(errors, dim=1, descending=True)',
        'torch.sort(errors, dim=1, descending=False)',
        [T_L],
        'Lovasz extension over ascending errors',
    ),
    (
        'lovasz-errors',
        L + 'mask_bce_dice_lovasz_loss.py',
        '(targets - probs.flatten(1)).abs()',
        '(1 - probs.flatten(1))',
        [T_L],
        'eq. 17 errors 1 - p on every pixel',
    ),
    (
        'mask-dice-weight',
        L + 'mask_bce_dice_lovasz_loss.py',
        'loss = loss + self.dice_weight * dice_loss(',
        'loss = loss + dice_loss(',
        [T_L],
        'Dice weight ignored',
    ),
    # ---- dim small targets
    (
        'difference-sign',
        'mmir/det/datasets/transforms/sequence_difference.py',
        'img = frames[..., :1] - frames[..., 1:]',
        'img = frames[..., 1:] - frames[..., :1]',
        ['tests/test_det/test_datasets/test_transforms/'],
        'G = F_k - F1 instead of eq. 1',
    ),
    (
        'difference-mad',
        'mmir/det/datasets/transforms/sequence_difference.py',
        'mad = np.median(np.abs(flat - med), axis=0) * 1.4826',
        'mad = np.median(np.abs(flat - med), axis=0)',
        ['tests/test_det/test_datasets/test_transforms/'],
        'MAD not scaled to a standard deviation',
    ),
    (
        'head-offset-target',
        'mmir/det/models/dense_heads/dim_target_head.py',
        '(cx / s - j).clamp(0, 1),',
        '(cx / s - i).clamp(0, 1),',
        ['tests/test_det/test_models/test_dense_heads/'],
        'x offset measured from the row index',
    ),
    (
        'head-log-size',
        'mmir/det/models/dense_heads/dim_target_head.py',
        'torch.log(bw / self.base_size),',
        '(bw / self.base_size),',
        ['tests/test_det/test_models/test_dense_heads/'],
        'width target without the log',
    ),
    (
        'head-batch-mean',
        'mmir/det/models/dense_heads/dim_target_head.py',
        'return dict(loss_loc=loc / n, loss_cls=cls / n, loss_conf=conf / n)',
        'return dict(loss_loc=loc, loss_cls=cls / n, loss_conf=conf / n)',
        ['tests/test_det/test_models/test_dense_heads/'],
        'box loss not divided by the batch size',
    ),
    (
        'metric-radius',
        'mmir/det/evaluation/metrics/dim_target_metric.py',
        'ok = cost <= max_distance',
        'ok = cost < max_distance',
        ['tests/test_det/test_evaluation/'],
        'a detection exactly 3 px away is a miss',
    ),
    (
        'tracks-gap',
        CUR + 'trajectories.py',
        'tracks, gap_limit = self.tracks, self.max_gap + 1',
        'tracks, gap_limit = self.tracks, self.max_gap',
        [T_CUR],
        'a track cannot bridge a one-frame gap',
    ),
    (
        'tracks-gate',
        CUR + 'trajectories.py',
        'ok = dist <= self.max_distance * gaps[:, None]',
        'ok = dist <= self.max_distance',
        [T_CUR],
        'gate not scaled by the frames skipped',
    ),
    (
        'refine-threshold',
        CUR + 'label_loss.py',
        "(r for r in labels if r['loss'] > label_thr)",
        "(r for r in labels if r['loss'] < label_thr)",
        [T_CUR],
        'the lowest-loss labels are flagged',
    ),
    (
        'review-move',
        CUR + 'annotation_versions.py',
        "a['bbox'] = _bbox(row.get('new_bbox'), where)",
        'pass',
        [T_CUR],
        "a reviewed 'move' changes nothing",
    ),
    # ---- MRIFE
    (
        'mrife-student-input',
        'mmir/seg/models/segmentors/mrife.py',
        'enhanced = self.student(self.masker.apply(inputs, masks))',
        'enhanced = self.student(inputs)',
        ['tests/test_seg/test_models/test_segmentors/'],
        'the student never sees masked blocks',
    ),
    (
        'mrife-teacher-input',
        'mmir/seg/models/segmentors/mrife.py',
        'target = self.teacher(inputs)',
        'target = self.teacher(self.masker.apply(inputs, masks))',
        ['tests/test_seg/test_models/test_segmentors/'],
        'the teacher sees the masked image',
    ),
    (
        'mrife-alpha',
        'mmir/seg/models/segmentors/mrife.py',
        "losses['loss_reconst'] = self.reconst_weight * reconst",
        "losses['loss_reconst'] = reconst",
        ['tests/test_seg/test_models/test_segmentors/'],
        'alpha of eq. 8 ignored',
    ),
    (
        'mask-background-thr',
        'mmir/seg/models/utils/block_mask.py',
        'classes[fg < self.bg_thr * area] = BACKGROUND',
        'classes[fg <= self.bg_thr * area] = BACKGROUND',
        ['tests/test_seg/test_models/test_utils/'],
        'a block exactly at the bg_thr share is background',
    ),
    (
        'mask-ignored',
        'mmir/seg/models/utils/block_mask.py',
        'classes[count(self.ignore_index) > self.ignore_thr * area] = IGNORED',
        'pass',
        ['tests/test_seg/test_models/test_utils/'],
        'rotation-fill blocks become negatives',
    ),
    (
        'contrast-temperature',
        'mmir/seg/models/losses/block_contrast_loss.py',
        'sim_pos = pos @ pos.t() / temperature  # (N, N)',
        'sim_pos = pos @ pos.t()  # (N, N)',
        ['tests/test_seg/test_models/test_losses/'],
        'tau left out of the positives',
    ),
    (
        'ema-inverted',
        'mmir/seg/engine/hooks/teacher_ema_hook.py',
        'torch._foreach_mul_(teacher, self.momentum)',
        'torch._foreach_mul_(teacher, 1 - self.momentum)',
        ['tests/test_seg/test_engine/'],
        'teacher EMA with the weights swapped',
    ),
    # ---- ABMIL
    (
        'abmil-softmax-dim',
        'mmir/cls/models/necks/abmil.py',
        'attn = torch.softmax(self.attention_logits(h), dim=1)',
        'attn = torch.sigmoid(self.attention_logits(h))',
        ['tests/test_cls/test_models/test_necks/'],
        'attention weights not normalised over instances',
    ),
    (
        'abmil-gate',
        'mmir/cls/models/necks/abmil.py',
        'hidden = hidden * torch.sigmoid(self.attention_U(h))',
        'hidden = hidden',
        ['tests/test_cls/test_models/test_necks/'],
        'gated attention without the gate',
    ),
    (
        'abmil-prefix',
        'mmir/cls/models/necks/abmil.py',
        'return x[:, self.num_prefix_tokens :]',
        'return x',
        ['tests/test_cls/test_models/test_necks/'],
        'the class token pooled as an instance',
    ),
    (
        'kfold-stratified',
        'mmir/experiments/kfold.py',
        '        offset += len(idx)\n',
        '',
        ['tests/test_experiments/test_kfold.py'],
        'every class dealt from fold 0: unbalanced folds',
    ),
    # ---- EfficientNetV2 + SVM
    (
        'ssim-transpose',
        'mmir/smote/ssim.py',
        'out[j0:j1, i0:i1] = s.t()',
        'out[j0:j1, i0:i1] = s',
        ['tests/test_smote/'],
        'asymmetric SSIM matrix beyond one block',
    ),
    (
        'smote-lambda',
        'mmir/smote/smote.py',
        'lam = float(np.clip(rng.beta(alpha, beta), a, b))',
        'lam = float(rng.beta(alpha, beta))',
        ['tests/test_smote/'],
        'lambda not clipped to [0.1, 0.9]',
    ),
    (
        'svm-columns',
        'mmir/cls/models/heads/embedding_classifier_head.py',
        'scores[:, self.classes] = fitted',
        'scores[:, : len(self.classes)] = fitted',
        ['tests/test_cls/test_models/test_heads/'],
        'SVM scores in the wrong columns on a class subset',
    ),
    (
        'lgbm-columns',
        'mmir/cls/models/heads/embedding_classifier_head.py',
        'scores[:, self.classes.cpu()] = prob.clamp_min(1e-12).log()',
        'scores[:, : len(self.classes)] = prob.clamp_min(1e-12).log()',
        ['tests/test_cls/test_models/test_heads/'],
        'LGBM scores in the wrong columns on a class subset',
    ),
    (
        'rgb-jitter-noop',
        'mmir/cls/datasets/transforms/band_augment.py',
        'img[..., idx] = rgb',
        'pass',
        ['tests/test_cls/test_datasets/test_transforms/'],
        'RGB jitter does nothing',
    ),
    (
        'affine-identity',
        'mmir/cls/datasets/transforms/band_augment.py',
        'm = (shift @ shear @ rot)[:2]',
        'm = np.eye(3)[:2]',
        ['tests/test_cls/test_datasets/test_transforms/'],
        'the affine augment is the identity',
    ),
    (
        'affine-order',
        'mmir/cls/datasets/transforms/band_augment.py',
        'm = (shift @ shear @ rot)[:2]',
        'm = (rot @ shear @ shift)[:2]',
        ['tests/test_cls/test_datasets/test_transforms/'],
        'shift applied before the rotation',
    ),
    (
        'band-stats-iqr',
        'mmir/cls/engine/hooks/band_stats_hook.py',
        'np.percentile(sample, [25, 50, 75], axis=0)',
        'np.percentile(sample, [10, 50, 90], axis=0)',
        ['tests/test_cls/test_engine/'],
        'robust scaling by the 10-90 % range',
    ),
]

# Survivors that no test can kill, with the reason.
EQUIVALENT = {}


def _copy_repo(dst):
    files = subprocess.run(
        ['git', 'ls-files', '-co', '--exclude-standard'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split('\n')
    for rel in filter(None, files):
        src = osp.join(ROOT, rel)
        if not osp.isfile(src):
            continue
        os.makedirs(osp.dirname(osp.join(dst, rel)), exist_ok=True)
        shutil.copy2(src, osp.join(dst, rel))


def validate(mutants):
    """Mutants whose original text no longer occurs exactly once in their
    file (the code changed under them), or that name missing tests."""
    stale = []
    for mid, path, old, new, tests, _ in mutants:
        with open(osp.join(ROOT, path)) as f:
            count = f.read().count(old)
        if count != 1:
            stale.append(
                f'{mid}: the original text occurs {count} times in {path}'
            )
        if old == new:
            stale.append(f'{mid}: the mutant equals the original')
        missing = [t for t in tests if not osp.exists(osp.join(ROOT, t))]
        if not tests or missing:
            stale.append(f'{mid}: tests {missing or "none"} do not exist')
    return stale


def run(mutants, work, timeout):
    env = {**os.environ, 'PYTHONPATH': work, 'PYTHONDONTWRITEBYTECODE': '1'}
    results = []
    for mid, path, old, new, tests, what in mutants:
        target = osp.join(work, path)
        with open(target) as f:
            original = f.read()
        count = original.count(old)
        if count != 1:
            results.append(
                dict(
                    id=mid,
                    file=path,
                    status='invalid',
                    what=what,
                    detail=f'found {count} times',
                )
            )
            print(f'[{mid}] INVALID: the original text occurs {count} times')
            continue
        with open(target, 'w') as f:
            f.write(original.replace(old, new))
        start = time.time()
        try:
            proc = subprocess.run(
                [
                    sys.executable,
                    '-m',
                    'pytest',
                    '-x',
                    '-q',
                    '-p',
                    'no:cacheprovider',
                    '-m',
                    'not e2e',
                    *tests,
                ],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            rc = proc.returncode
            tail = proc.stdout.strip().splitlines()[-1:] or ['']
        except subprocess.TimeoutExpired:
            rc, tail = -1, ['timeout']
        finally:
            with open(target, 'w') as f:
                f.write(original)
        status = 'killed' if rc != 0 else 'survived'
        results.append(
            dict(
                id=mid,
                file=path,
                status=status,
                what=what,
                seconds=round(time.time() - start, 1),
                pytest=tail[0],
                reason=EQUIVALENT.get(mid),
            )
        )
        print(f'[{mid}] {status} ({tail[0]})', flush=True)
    return results


def report(results, out):
    valid = [r for r in results if r['status'] != 'invalid']
    killed = sum(r['status'] == 'killed' for r in valid)
    lines = [
        f'{killed} of {len(valid)} mutants killed '
        f'({100 * killed / max(len(valid), 1):.0f} %)',
        '',
        '| mutant | file | what a user would get | result |',
        '|---|---|---|---|',
    ]
    for r in results:
        result = r['status'] + (f' ({r["reason"]})' if r.get('reason') else '')
        lines.append(f'| {r["id"]} | `{r["file"]}` | {r["what"]} | {result} |')
    text = '\n'.join(lines) + '\n'
    print('\n' + text)
    if out:
        os.makedirs(out, exist_ok=True)
        with open(osp.join(out, 'mutation_report.md'), 'w') as f:
            f.write(text)
        with open(osp.join(out, 'mutation_report.json'), 'w') as f:
            json.dump(results, f, indent=1)
    return killed, len(valid)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--only', nargs='*', help='mutant ids')
    parser.add_argument('--out', help='folder for mutation_report.{md,json}')
    parser.add_argument('--timeout', type=int, default=900)
    parser.add_argument('--list', action='store_true')
    parser.add_argument(
        '--validate',
        action='store_true',
        help='only check that every mutant still applies to the code',
    )
    args = parser.parse_args(argv)
    mutants = [m for m in MUTANTS if not args.only or m[0] in args.only]
    if args.validate:
        stale = validate(mutants)
        for line in stale:
            print(line)
        print(f'{len(mutants) - len(stale)} of {len(mutants)} mutants apply')
        return 1 if stale else 0
    if args.list:
        for m in mutants:
            print(f'{m[0]:24s} {m[1]}: {m[5]}')
        return 0
    with tempfile.TemporaryDirectory(prefix='mmir-mutants-') as work:
        _copy_repo(work)
        results = run(mutants, work, args.timeout)
    killed, total = report(results, args.out)
    return 0 if total and killed / total >= 0.9 else 1


if __name__ == '__main__':
    sys.exit(main())
