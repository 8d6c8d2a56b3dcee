"""Landslide segmentation of a large scene (GeoTIFF or image) by sliding
windows; mask GeoTIFF with the scene's georeferencing and GeoJSON polygons.

    python tools/inference/mrife_scene.py CONFIG CHECKPOINT SCENE
        --out-dir DIR [--tile 256] [--stride 170] [--scale 1.0]
        [--min-area 16] [--probability] [--overwrite] [--cfg-options ...]

Writes into DIR, all at once when done: ``mask.tif`` (uint8, 1 =
landslide; same CRS, transform and size as SCENE; ``mask.png`` for a
scene without georeferencing), ``probability.tif`` with
``--probability`` (float32 p(landslide)) and ``landslides.geojson``
(one polygon per connected region of at least ``--min-area`` pixels, in
WGS84 for a georeferenced scene, with its pixel count, area in the
scene's CRS units and mean probability). ``--tile`` defaults to the test
pipeline's Resize scale, ``--stride`` to two thirds of the tile;
``--scale`` resamples the scene first (the factor the training tiles
were resized by) and the outputs come back at the scene's size.
"""

import argparse
import os.path as osp
import sys

from mmengine.config import DictAction

from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('scene', help='a GeoTIFF or an image')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('--tile', type=int)
    parser.add_argument('--stride', type=int)
    parser.add_argument('--scale', type=float, default=1.0)
    parser.add_argument('--min-area', type=int, default=16, help='pixels')
    parser.add_argument('--probability', action='store_true')
    parser.add_argument('--overwrite', action='store_true')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--quiet', action='store_true')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


@cli_main
def main(argv=None):
    args = parse_args(argv)
    from mmir.seg.inference import read_scene, segment_scene, write_outputs
    from mmir.utils.fileio import atomic_output_dir

    if not osp.isfile(args.checkpoint):
        raise UsageError(f'{args.checkpoint}: no such checkpoint')
    try:
        image, profile = read_scene(args.scene)
    except ValueError as err:
        raise UsageError(str(err)) from None
    manifest = dict(
        tool='mrife_scene',
        config=osp.abspath(args.config),
        checkpoint=osp.abspath(args.checkpoint),
        scene=osp.abspath(args.scene),
        tile=args.tile,
        stride=args.stride,
        scale=args.scale,
        min_area=args.min_area,
        probability=args.probability,
    )
    with atomic_output_dir(
        args.out_dir, manifest, overwrite=args.overwrite
    ) as tmp:
        if tmp is None:
            print(f'{args.out_dir} is up to date (same inputs); nothing done')
            return 0
        try:
            prob = segment_scene(
                args.config,
                args.checkpoint,
                image,
                tile=args.tile,
                stride=args.stride,
                scale=args.scale,
                device=args.device,
                progress=not args.quiet,
                cfg_options=args.cfg_options,
            )
        except ValueError as err:
            raise UsageError(str(err)) from None
        counts = write_outputs(
            tmp,
            prob,
            profile,
            args.min_area,
            write_probability=args.probability,
        )
    h, w = image.shape[:2]
    share = counts['landslide_pixels'] / counts['pixels']
    print(
        f'{args.scene}: {w}x{h} px'
        + (f', {profile["crs"]}' if profile else ', not georeferenced')
        + f'; landslide {share:.2%} of the scene, {counts["polygons"]} '
        f'polygons >= {args.min_area} px'
    )
    print(f'wrote {args.out_dir}: {", ".join(counts["written"])}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
