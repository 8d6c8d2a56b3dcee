"""Band-wise occlusion importance of a trained multi-band classifier.

    python tools/analysis_tools/band_occlusion.py CONFIG CHECKPOINT
        [--split test] [--out-dir DIR] [--label 1] [--baseline prediction]

Tang et al., Fig. 7: each input band in turn is set to zero (after the
band scaling, i.e. to the band's training mean) and the drop of the
predicted landslide probability is summed over the samples labelled
--label (all samples with --label -1). Writes ``band_occlusion.csv``
(band, importance, mean drop, rank) and ``band_occlusion.png`` (bars) to
--out-dir (default: next to the checkpoint).
"""

import argparse
import csv
import io
import os
import os.path as osp
import sys

from mmengine.config import DictAction

from mmir.utils.fileio import write_text_atomic
from mmir.utils.launch import cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--split', default='test')
    parser.add_argument('--out-dir')
    parser.add_argument('--label', type=int, default=1)
    parser.add_argument('--positive', type=int, default=1)
    parser.add_argument(
        '--baseline', choices=['prediction', 'one'], default='prediction'
    )
    parser.add_argument('--data-root')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    from mmir.cls.analysis import band_occlusion, load_model_and_dataloader

    model, loader, _ = load_model_and_dataloader(
        args.config,
        args.checkpoint,
        args.split,
        args.cfg_options,
        args.data_root,
        args.device,
    )
    importance, count = band_occlusion(
        model,
        loader,
        args.positive,
        None if args.label < 0 else args.label,
        args.baseline,
    )
    bands = list(
        loader.dataset.get_data_info(0).get('bands')
        or [f'band_{i}' for i in range(len(importance))]
    )
    order = sorted(range(len(bands)), key=lambda i: -importance[i].item())
    rank = {i: r + 1 for r, i in enumerate(order)}
    out_dir = args.out_dir or osp.dirname(osp.abspath(args.checkpoint))
    os.makedirs(out_dir, exist_ok=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator='\n')
    writer.writerow(('band', 'importance', 'mean_drop', 'rank'))
    for i in order:
        writer.writerow(
            (
                bands[i],
                f'{importance[i].item():.6f}',
                f'{importance[i].item() / count:.6f}',
                rank[i],
            )
        )
    write_text_atomic(osp.join(out_dir, 'band_occlusion.csv'), buf.getvalue())
    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(max(6, 0.5 * len(bands)), 4))
    ax.bar([bands[i] for i in order], [importance[i].item() for i in order])
    ax.set_ylabel('summed drop of p(landslide)')
    ax.set_title(f'band occlusion, {count} samples ({args.split})')
    ax.tick_params(axis='x', rotation=60)
    fig.tight_layout()
    png = osp.join(out_dir, 'band_occlusion.png')
    fig.savefig(png + '.tmp.png', dpi=120)
    os.replace(png + '.tmp.png', png)
    plt.close(fig)
    print(
        f'{count} samples; most important bands: '
        f'{", ".join(bands[i] for i in order[:3])}; wrote {png} and .csv'
    )


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
