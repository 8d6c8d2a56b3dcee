"""Run a trained mmir model on your own images or arrays through the
toolbox's own Inferencer (mmdet ``DetInferencer``, mmseg
``MMSegInferencer``, mmpretrain ``ImageClassificationInferencer``).

    python tools/inference/image_demo.py CONFIG CHECKPOINT INPUT [INPUT ...]
        --out-dir DIR [--device cpu] [--score-thr 0.3]

INPUT: image files or folders of them. Thermal frames may be 8- or 16-bit
(or float TIFF) single-channel images: they are stretched to 8 bits
(1st-99th percentile) and repeated to three channels
(``mmir.datasets.thermal.load_thermal``), where OpenCV's default read of a
16-bit image would keep its high byte only. For a multi-band config
(``LoadMultiBandImage``, EfficientNetV2 + SVM) the inputs are ``.npy``
arrays of the stored bands (``--layout``, band names from
``--bands-json`` or the config's data root, else the 12 Zindi bands) or
HDF5 containers of them (each dataset in one is an input;
``container.h5::key`` names one); the config's bands are selected or
derived from them as in training.

Writes ``DIR/predictions.json`` (one entry per input: boxes, labels,
scores and RLE masks; the class and its scores; or the share of
landslide pixels) and, for detection and segmentation, ``DIR/vis/<name>``
(the toolbox's visualisation) and ``DIR/masks/<name>.png``
(segmentation).
"""

import argparse
import os.path as osp
import sys

import numpy as np

from mmir.datasets.image_files import files_in
from mmir.utils.launch import UsageError, cli_main

IMAGE_SUFFIXES = ('.png', '.jpg', '.jpeg', '.tif', '.tiff', '.bmp')
ARRAY_SUFFIXES = ('.npy', '.h5', '.hdf5')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('inputs', nargs='+')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--score-thr', type=float, default=0.3)
    parser.add_argument('--layout', default='chw', choices=['chw', 'hwc'])
    parser.add_argument('--bands-json')
    return parser.parse_args(argv)


def expand(inputs, suffixes):
    files = []
    for path in inputs:
        if osp.isdir(path):
            files += [osp.join(path, f) for f in files_in(path, suffixes)]
        elif osp.isfile(path):
            files.append(path)
        else:
            raise UsageError(f'{path}: no such file or folder')
    if not files:
        raise UsageError(f'no inputs ({", ".join(suffixes)}) in {inputs}')
    return files


def read_inputs(cfg, args):
    """(names, arrays) the Inferencer gets."""
    from mmir.utils.config_check import dataset_with_test_pipeline

    dataset = dataset_with_test_pipeline(cfg)
    if dataset.pipeline[0]['type'] == 'LoadMultiBandImage':
        from mmir.cls.datasets.multiband import MultiBandDataset
        from mmir.datasets.multiband_arrays import (
            array_members,
            compute_bands,
            load_array,
            resolve_bands,
        )
        from mmir.utils.fileio import read_json

        if args.bands_json:
            names = (read_json(args.bands_json) or {}).get('bands')
            if not isinstance(names, list):
                raise UsageError(
                    f'{args.bands_json}: expected {{"bands": [names...]}}'
                )
        else:
            names = MultiBandDataset._stored_names(dataset.get('data_root'))
        bands = resolve_bands(dataset.get('bands'), names)
        named = [p for p in args.inputs if '::' in p]  # container.h5::key
        paths = [p for p in args.inputs if '::' not in p]
        files = [
            member
            for f in (expand(paths, ARRAY_SUFFIXES) if paths else []) + named
            for member in array_members(f)
        ]
        arrays = [
            compute_bands(load_array(f), names, bands, args.layout, f)
            for f in files
        ]
        return files, arrays
    from mmir.datasets.thermal import load_thermal

    files = expand(args.inputs, IMAGE_SUFFIXES)
    return files, [load_thermal(f) for f in files]


def inferencer_for(scope, config, checkpoint, device):
    if scope == 'mmdet':
        from mmdet.apis import DetInferencer

        return DetInferencer(
            config, checkpoint, device=device, show_progress=False
        )
    if scope == 'mmseg':
        from mmseg.apis import MMSegInferencer

        return MMSegInferencer(config, checkpoint, device=device)
    if scope == 'mmpretrain':
        from mmpretrain.apis import ImageClassificationInferencer

        return ImageClassificationInferencer(
            config, pretrained=checkpoint, device=device
        )
    raise UsageError(
        f'default_scope {scope!r}: expected mmdet, mmseg or mmpretrain'
    )


@cli_main
def main(argv=None):
    args = parse_args(argv)
    import importlib

    from mmengine.registry import DefaultScope

    from mmir.utils.config_check import load_config
    from mmir.utils.fileio import write_json_atomic
    from mmir.utils.launch import TOOLBOXES

    if not osp.isfile(args.checkpoint):
        raise UsageError(f'{args.checkpoint}: no such checkpoint')
    cfg = load_config(args.config)
    scope = cfg.get('default_scope')
    if scope in TOOLBOXES:
        importlib.import_module(TOOLBOXES[scope])
    files, arrays = read_inputs(cfg, args)
    # the Inferencers build from the current default scope's registries
    with DefaultScope.overwrite_default_scope(scope):
        results = run(scope, files, arrays, args)
    write_json_atomic(results, osp.join(args.out_dir, 'predictions.json'))
    print(f'wrote {args.out_dir}/predictions.json')
    return 0


def run(scope, files, arrays, args):
    """Each input through the toolbox's Inferencer: prediction entries
    (visualisations and masks written)."""
    import cv2

    from mmir.utils.fileio import atomic_file

    inferencer = inferencer_for(
        scope, args.config, args.checkpoint, args.device
    )
    results = []
    for path, array in zip(files, arrays):
        name = osp.splitext(osp.basename(path))[0]
        entry = dict(input=path)
        if scope == 'mmpretrain':
            pred = inferencer([array])[0]
            entry.update(
                pred_label=int(pred['pred_label']),
                pred_score=float(pred['pred_score']),
                pred_scores=[float(s) for s in pred['pred_scores']],
                pred_class=pred.get('pred_class'),
            )
            line = f'class {entry["pred_class"]} ({entry["pred_score"]:.3f})'
        else:
            kwargs = dict(return_vis=True)
            if scope == 'mmdet':
                kwargs.update(no_save_vis=True, pred_score_thr=args.score_thr)
            out = inferencer([array], **kwargs)
            # mmseg hands back a lone result unwrapped, mmdet in a list
            vis, pred = out['visualization'], out['predictions']
            vis = vis[0] if isinstance(vis, list) else vis
            pred = pred[0] if isinstance(pred, list) else pred
            with atomic_file(
                osp.join(args.out_dir, 'vis', name + '.png')
            ) as tmp:
                cv2.imwrite(tmp, np.ascontiguousarray(vis[..., ::-1]))  # RGB
            if scope == 'mmdet':
                keep = [
                    i
                    for i, s in enumerate(pred['scores'])
                    if s >= args.score_thr
                ]
                entry.update({k: [pred[k][i] for i in keep] for k in pred})
                line = f'{len(keep)} instances >= {args.score_thr}'
            else:
                mask = np.asarray(pred, dtype=np.uint8)
                mask_path = osp.join(args.out_dir, 'masks', name + '.png')
                with atomic_file(mask_path) as tmp:
                    cv2.imwrite(tmp, mask)
                entry.update(
                    mask=mask_path, positive_share=float((mask == 1).mean())
                )
                line = f'landslide {entry["positive_share"]:.1%} of the image'
        results.append(entry)
        print(f'{path}: {line}')
    return results


if __name__ == '__main__':
    sys.exit(main())
