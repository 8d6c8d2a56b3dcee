"""COCO instance files of the FLIR ADAS thermal dataset, v1 or v2 layout.

    python tools/dataset_converters/flir.py DATA_ROOT
        [--version auto|v1|v2] [--splits train val] [--classes NAME ...]
        [--out-dir mmir_ann] [--overwrite]

Both public layouts are read (``auto`` tells them apart):

* v1 (FLIR_ADAS_1_3, 2018): ``<split>/thermal_annotations.json`` with
  ``file_name`` = ``thermal_8_bit/FLIR_xxxxx.jpeg``; splits train, val,
  video; categories person, bicycle (bicycles and motorcycles), car, dog
  (and "other vehicle" in some releases).
* v2 (FLIR_ADAS_v2, 2022): ``images_thermal_<split>/coco.json`` with
  ``file_name`` = ``data/<frame>.jpg``; ``video_thermal_test`` for test;
  categories person, bike, car, motor, bus, train, truck, light, hydrant,
  sign, dog, deer, skateboard, stroller, scooter, other vehicle.

Writes, in ``DATA_ROOT/<out-dir>`` (atomically; nothing of the dataset is
modified), ``instances_<split>.json`` with the chosen classes as categories
1..K in the given order, under one naming (v1's ``bicycle`` is ``bike``,
``motorcycle`` is ``motor``), ``file_name`` relative to DATA_ROOT, and the
annotations of other classes and empty boxes dropped (and counted). A box
that is not 4 finite numbers, or lies past its image's border by more than
1 px, is an error naming the annotation. mmdet's ``CocoDataset`` matches
classes by name and silently skips names a file lacks, so a class asked for
that the source does not have is an error here, not a shifted label.

FLIR has boxes only: each instance gets its box as a polygon
``segmentation`` (a filled rectangle), so Mask R-CNN's mask branch learns box
masks and the mask metrics on FLIR measure box-shaped masks; a source
annotation that has a polygon keeps it.
"""

import argparse
import os.path as osp
import sys

from mmir.datasets.annotation_checks import check_box, coco_lists_problem
from mmir.utils.fileio import atomic_output_dir, read_json, write_json_atomic
from mmir.utils.launch import UsageError, cli_main

LAYOUTS = {
    'v1': dict(
        train='train', val='val', test='video', ann='thermal_annotations.json'
    ),
    'v2': dict(
        train='images_thermal_train',
        val='images_thermal_val',
        test='video_thermal_test',
        ann='coco.json',
    ),
}
DEFAULT_CLASSES = {
    'v1': ('person', 'bike', 'car', 'dog'),
    'v2': ('person', 'bike', 'car', 'motor', 'bus', 'truck', 'light', 'sign'),
}
ALIASES = {
    'bicycle': 'bike',
    'motorcycle': 'motor',
    'people': 'person',
    'persons': 'person',
    'cars': 'car',
    'bicycles': 'bike',
    'dogs': 'dog',
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('data_root')
    parser.add_argument(
        '--version', choices=['auto', 'v1', 'v2'], default='auto'
    )
    parser.add_argument(
        '--splits',
        nargs='+',
        default=['train', 'val'],
        choices=['train', 'val', 'test'],
    )
    parser.add_argument(
        '--classes',
        nargs='+',
        help='default: v1 person bike car dog; v2 person '
        'bike car motor bus truck light sign',
    )
    parser.add_argument('--out-dir', default='mmir_ann')
    parser.add_argument('--overwrite', action='store_true')
    return parser.parse_args(argv)


def canonical(name):
    name = str(name).strip().lower()
    return ALIASES.get(name, name)


def detect_version(root, split):
    found = [
        v
        for v, lay in LAYOUTS.items()
        if osp.isfile(osp.join(root, lay[split], lay['ann']))
    ]
    if not found:
        raise UsageError(
            f'{root}: no FLIR annotation file for split {split!r}; expected '
            + ' or '.join(
                osp.join(lay[split], lay['ann']) for lay in LAYOUTS.values()
            )
        )
    if len(found) > 1:
        raise UsageError(f'{root} holds both FLIR layouts; pass --version')
    return found[0]


def convert_split(root, version, split, classes):
    """The converted COCO dict of one split and counts of what was kept."""
    lay = LAYOUTS[version]
    ann_path = osp.join(root, lay[split], lay['ann'])
    if not osp.isfile(ann_path):
        raise UsageError(f'{ann_path} not found (FLIR {version} layout)')
    try:
        coco = read_json(ann_path)
    except ValueError as err:
        raise UsageError(f'{ann_path}: not valid JSON ({err})') from None
    problem = coco_lists_problem(coco)
    if problem:
        raise UsageError(f'{ann_path}: {problem}')
    source = {}
    for cat in coco['categories']:
        if not isinstance(cat, dict) or 'id' not in cat:
            raise UsageError(f'{ann_path}: a category has no "id": {cat}')
        source.setdefault(canonical(cat.get('name', '')), set()).add(cat['id'])
    missing = [c for c in classes if c not in source]
    if missing:
        raise UsageError(
            f'{ann_path} has no categor{"y" if len(missing) == 1 else "ies"} '
            f'{missing} (FLIR {version}); it has {sorted(source)}. Choose '
            '--classes among those'
        )
    new_id = {old: i + 1 for i, c in enumerate(classes) for old in source[c]}
    images, sizes = [], {}
    for img in coco['images']:
        if not isinstance(img, dict):
            raise UsageError(f'{ann_path}: an image is not an object: {img}')
        for key in ('id', 'file_name', 'width', 'height'):
            if key not in img:
                raise UsageError(f'{ann_path}: an image has no "{key}": {img}')
        images.append(
            dict(img, file_name=osp.join(lay[split], img['file_name']))
        )
        sizes[img['id']] = (img['width'], img['height'])
    anns, dropped, degenerate = [], 0, 0
    for ann in coco['annotations']:
        if not isinstance(ann, dict) or 'id' not in ann:
            raise UsageError(f'{ann_path}: an annotation has no "id": {ann}')
        if ann.get('image_id') not in sizes:
            raise UsageError(
                f'{ann_path}: annotation {ann.get("id")} names '
                f'image_id {ann.get("image_id")}, which is not '
                'in "images"'
            )
        if ann.get('category_id') not in new_id:
            dropped += 1
            continue
        bbox = ann.get('bbox')
        if not (isinstance(bbox, list) and len(bbox) == 4):
            raise UsageError(
                f'{ann_path}: annotation {ann.get("id")} has '
                f'bbox {bbox!r}; expected [x, y, w, h]'
            )
        check_box(
            ann_path,
            f'annotation {ann.get("id")} of image {ann["image_id"]}',
            bbox,
            *sizes[ann['image_id']],
        )
        x, y, w, h = (float(v) for v in bbox)
        if w <= 0 or h <= 0:
            degenerate += 1
            continue
        seg = ann.get('segmentation')
        if not (
            isinstance(seg, list)
            and seg
            and isinstance(seg[0], list)
            and len(seg[0]) >= 6
        ):
            seg = [[x, y, x + w, y, x + w, y + h, x, y + h]]
        anns.append(
            dict(
                id=ann['id'],
                image_id=ann['image_id'],
                category_id=new_id[ann['category_id']],
                bbox=[x, y, w, h],
                area=float(w * h),
                iscrowd=int(ann.get('iscrowd', 0)),
                segmentation=seg,
            )
        )
    out = dict(
        images=images,
        annotations=anns,
        categories=[dict(id=i + 1, name=c) for i, c in enumerate(classes)],
    )
    return out, dict(
        images=len(images),
        instances=len(anns),
        other_classes=dropped,
        degenerate_boxes=degenerate,
    )


def main(argv=None):
    args = parse_args(argv)
    root = args.data_root
    version = (
        args.version
        if args.version != 'auto'
        else detect_version(root, args.splits[0])
    )
    classes = tuple(
        canonical(c) for c in (args.classes or DEFAULT_CLASSES[version])
    )
    if len(set(classes)) != len(classes):
        raise UsageError(f'--classes repeats a class: {classes}')
    converted = {
        s: convert_split(root, version, s, classes) for s in args.splits
    }
    manifest = dict(
        tool='flir',
        version=version,
        classes=list(classes),
        splits=list(args.splits),
    )
    out_dir = osp.join(root, args.out_dir)
    with atomic_output_dir(out_dir, manifest, args.overwrite) as tmp:
        if tmp is None:
            print(f'{out_dir} is up to date')
            return out_dir
        for split, (coco, _) in converted.items():
            write_json_atomic(
                coco, osp.join(tmp, f'instances_{split}.json'), indent=None
            )
    for split, (_, n) in converted.items():
        print(
            f'FLIR {version} {split}: {n["images"]} images, '
            f'{n["instances"]} instances of {len(classes)} classes '
            f'({n["other_classes"]} of other classes and '
            f'{n["degenerate_boxes"]} empty boxes dropped) -> '
            f'{osp.join(out_dir, f"instances_{split}.json")}'
        )
    return out_dir


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
