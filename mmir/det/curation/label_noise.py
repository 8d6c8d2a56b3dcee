"""The four kinds of inaccurate labels of Zhao et al. 2024 (section III-B,
Fig. 6) put into a clean annotation file on purpose, to measure what
label refinement finds: unlabelled targets, mispositioned boxes, wrong
classes, labelled background."""

import copy

import numpy as np

__all__ = ['corrupt_labels']


def corrupt_labels(
    ann: dict,
    missing: float = 0.1,
    shift: float = 0.1,
    shift_px: float = 4.0,
    relabel: float = 0.05,
    spurious: float = 0.05,
    seed: int = 0,
) -> tuple[dict, list[dict]]:
    """A copy of the video COCO dict ``ann`` with, drawn independently per
    label: a share ``missing`` of the labels deleted, ``shift`` moved by
    ``shift_px`` pixels in a random direction (then moved back inside its
    image where the shift took it over the border), ``relabel`` given the other
    class (two-class sets: target <-> interference); plus ``spurious`` x
    (number of labels) new ``target`` boxes (the size of a random label) at
    random places of random labelled-video frames.

    Returns ``(noisy_ann, records)``; a record per change: ``kind``
    (missing / shifted / relabelled / spurious), ``ann_id``, ``image_id``,
    ``old_bbox``, ``new_bbox``, ``old_category``, ``new_category``. Ids of
    the kept labels are unchanged; spurious labels get new ids.
    """
    rng = np.random.default_rng(seed)
    out = copy.deepcopy(ann)
    anns = out.get('annotations', [])
    sizes = {
        img['id']: (img.get('width'), img.get('height'))
        for img in out.get('images', [])
    }
    cats = [c['id'] for c in out.get('categories', [])]
    target = next(
        (c['id'] for c in out.get('categories', []) if c['name'] == 'target'),
        cats[0] if cats else 1,
    )
    records, kept = [], []
    for a in anns:
        u = rng.random(3)
        if u[0] < missing:
            records.append(
                dict(
                    kind='missing',
                    ann_id=a['id'],
                    image_id=a['image_id'],
                    old_bbox=a['bbox'],
                    new_bbox=None,
                    old_category=a['category_id'],
                    new_category=None,
                )
            )
            continue
        if u[1] < shift:
            angle = rng.uniform(0, 2 * np.pi)
            x, y, w, h = a['bbox']
            x, y = x + shift_px * np.cos(angle), y + shift_px * np.sin(angle)
            width, height = sizes.get(a['image_id'], (None, None))
            if width and height:  # an annotator's box stays in the image
                x = min(max(x, 0.0), max(width - w, 0.0))
                y = min(max(y, 0.0), max(height - h, 0.0))
            new = [round(float(x), 2), round(float(y), 2), w, h]
            records.append(
                dict(
                    kind='shifted',
                    ann_id=a['id'],
                    image_id=a['image_id'],
                    old_bbox=a['bbox'],
                    new_bbox=new,
                    old_category=a['category_id'],
                    new_category=a['category_id'],
                )
            )
            a['bbox'] = new
        if u[2] < relabel and len(cats) > 1:
            others = [c for c in cats if c != a['category_id']]
            new_cat = int(rng.choice(others))
            records.append(
                dict(
                    kind='relabelled',
                    ann_id=a['id'],
                    image_id=a['image_id'],
                    old_bbox=a['bbox'],
                    new_bbox=a['bbox'],
                    old_category=a['category_id'],
                    new_category=new_cat,
                )
            )
            a['category_id'] = new_cat
        kept.append(a)
    images = {
        img['id']: img for img in out['images'] if not img.get('context_only')
    }
    next_id = max([a['id'] for a in anns] + [0]) + 1
    n_spurious = int(round(spurious * len(anns)))
    image_ids = sorted(images)
    for _ in range(n_spurious if image_ids and anns else 0):
        img = images[image_ids[int(rng.integers(len(image_ids)))]]
        w, h = anns[int(rng.integers(len(anns)))]['bbox'][2:]
        width, height = img.get('width', 640), img.get('height', 512)
        box = [
            round(float(rng.uniform(0, width - w)), 2),
            round(float(rng.uniform(0, height - h)), 2),
            w,
            h,
        ]
        kept.append(
            dict(
                id=next_id,
                image_id=img['id'],
                video_id=img.get('video_id'),
                category_id=target,
                bbox=box,
                area=w * h,
                iscrowd=0,
            )
        )
        records.append(
            dict(
                kind='spurious',
                ann_id=next_id,
                image_id=img['id'],
                old_bbox=None,
                new_bbox=box,
                old_category=None,
                new_category=target,
            )
        )
        next_id += 1
    out['annotations'] = kept
    return out, records
