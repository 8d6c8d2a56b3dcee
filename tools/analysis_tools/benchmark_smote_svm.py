"""SMOTE-SSIM and SVM-head cost against straightforward implementations.

    python tools/analysis_tools/benchmark_smote_svm.py [--num-images 2000]
        [--sizes 64 256] [--bands 12] [--ref-pairs 200] [--max-pairs 0]
        [--device cpu] [--svm-train 1000 --svm-test 2000 --dim 1280]

1. All-pairs SSIM of --num-images random images of --bands x S x S (the
   neighbour search of SMOTE-SSIM) with ``mmir.smote.pairwise_ssim``
   (batched) vs a per-pair loop of skimage's ``structural_similarity`` per
   band (the same Gaussian SSIM). The reference is timed on --ref-pairs pairs
   and scaled to the N (N - 1) / 2 pairs; ours runs on all images, or, with
   --max-pairs M > 0, on the first images whose pairs number about M and is
   scaled likewise (the output says which figures are measured and which
   scaled). Prints the ratio.
2. ``SVMClsHead`` decisions (torch, float64, one batch) vs scikit-learn's
   ``SVC.predict`` on the same embeddings, after one fit, timed call by
   call in the order sklearn, torch, torch, sklearn, ... Prints the median
   of the per-round ratios and the largest decision difference.
"""

import argparse
import math
import sys
import time

import numpy as np
import torch


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--num-images', type=int, default=2000)
    parser.add_argument('--sizes', type=int, nargs='+', default=[64, 256])
    parser.add_argument('--bands', type=int, default=12)
    parser.add_argument('--ref-pairs', type=int, default=200)
    parser.add_argument('--max-pairs', type=int, default=0)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--svm-train', type=int, default=1000)
    parser.add_argument('--svm-test', type=int, default=2000)
    parser.add_argument('--dim', type=int, default=1280)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args(argv)


def bench_ssim(args, size):
    from skimage.metrics import structural_similarity

    from mmir.smote import band_data_range, pairwise_ssim

    n, c = args.num_images, args.bands
    gen = torch.Generator().manual_seed(args.seed)
    imgs = torch.rand(n, c, size, size, generator=gen)
    rng = band_data_range(imgs)
    total_pairs = n * (n - 1) // 2
    # reference: a loop over pairs, skimage per band (float64 per image,
    # not a float64 copy of the whole set: 12.6 GB at 2000 x 12x256x256)
    x = imgs.numpy()
    pairs = [
        (i, (i * 7 + 1 + k) % n)
        for k, i in enumerate(
            np.random.default_rng(0).integers(0, n, args.ref_pairs)
        )
    ]
    start = time.perf_counter()
    for i, j in pairs:
        np.mean(
            [
                structural_similarity(
                    x[i, b].astype(np.float64),
                    x[j, b].astype(np.float64),
                    data_range=float(rng[b]),
                    gaussian_weights=True,
                    sigma=1.5,
                    use_sample_covariance=False,
                )
                for b in range(c)
            ]
        )
    ref_per_pair = (time.perf_counter() - start) / len(pairs)
    ref_total = ref_per_pair * total_pairs
    # ours: all images, or the first m whose pairs are about --max-pairs
    m = n
    if args.max_pairs and total_pairs > args.max_pairs:
        m = int((1 + math.sqrt(1 + 8 * args.max_pairs)) / 2)
    if args.device.startswith('cuda'):
        torch.cuda.synchronize()
    start = time.perf_counter()
    sim = pairwise_ssim(imgs[:m], rng, device=args.device)
    if args.device.startswith('cuda'):
        torch.cuda.synchronize()
    ours = time.perf_counter() - start
    ours_total = ours * total_pairs / (m * (m - 1) // 2)
    i, j = pairs[0]
    if max(i, j) < m:
        check = np.mean(
            [
                structural_similarity(
                    x[i, b].astype(np.float64),
                    x[j, b].astype(np.float64),
                    data_range=float(rng[b]),
                    gaussian_weights=True,
                    sigma=1.5,
                    use_sample_covariance=False,
                )
                for b in range(c)
            ]
        )
        assert abs(sim[i, j].item() - check) < 1e-4, (sim[i, j], check)
    scaled = '' if m == n else f' (measured on {m} images, scaled)'
    print(
        f'SSIM all pairs, {n} x {c}x{size}x{size} ({total_pairs} pairs), '
        f'{args.device}:'
    )
    print(
        f'  per-pair skimage loop: {ref_per_pair * 1e3:.2f} ms/pair -> '
        f'{ref_total:.0f} s (scaled from {len(pairs)} pairs)'
    )
    print(
        f'  pairwise_ssim (batched): {ours_total:.1f} s{scaled} -> '
        f'{ours_total / total_pairs * 1e6:.1f} us/pair'
    )
    print(f'  speed-up: {ref_total / ours_total:.1f}x')


def bench_svm(args):
    from mmir.cls.models.heads import SVMClsHead
    from mmir.utils.benchmark import interleaved_ratio

    rng = np.random.default_rng(args.seed)
    y = rng.integers(0, 2, args.svm_train + args.svm_test)
    x = rng.normal(0, 1, (len(y), args.dim)) + 0.3 * y[:, None]
    xtr, ytr, xte = (
        x[: args.svm_train],
        y[: args.svm_train],
        x[args.svm_train :],
    )
    head = SVMClsHead(
        dict(type='LinearClsHead', num_classes=2, in_channels=args.dim), C=0.1
    )
    svc = head.fit(torch.from_numpy(xtr), torch.from_numpy(ytr))
    head.to(args.device)
    emb = torch.from_numpy(xte).float().to(args.device)
    t_sk, t_torch, ratio = interleaved_ratio(
        lambda: svc.predict(xte), lambda: head.decision(emb), args.repeats
    )
    diff = np.abs(
        head.raw_decision(emb.double()).cpu().numpy()
        - svc.decision_function(xte)
    ).max()
    agree = (
        head.decision(emb).argmax(1).cpu().numpy() == svc.predict(xte)
    ).mean()
    print(
        f'SVM head, {len(svc.support_vectors_)} support vectors, '
        f'{args.svm_test} x {args.dim} embeddings, {args.device}:'
    )
    print(
        f'  scikit-learn SVC.predict: {t_sk * 1e3:.1f} ms;  SVMClsHead: '
        f'{t_torch * 1e3:.1f} ms;  ratio sklearn/torch '
        f'{1 / ratio:.2f}'
    )
    print(
        f'  max |decision difference| {diff:.2e} (float32 embeddings); '
        f'same labels for {agree * 100:.2f} %'
    )


def main(argv=None):
    args = parse_args(argv)
    for size in args.sizes:
        bench_ssim(args, size)
    bench_svm(args)


if __name__ == '__main__':
    main(sys.argv[1:])
