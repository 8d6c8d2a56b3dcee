"""Versions of a (video) COCO annotation file: every change - a reviewed
label-refinement file, hard examples merged in - is written as a new file
``<stem>.v<N>.json`` next to the original, which is never rewritten, and
logged in ``<stem>.versions.json`` (version, file, parent, source, counts,
sha256, time)."""

import csv
import hashlib
import json
import os
import os.path as osp
import re
import time

from mmir.utils.fileio import write_json_atomic

__all__ = ['version_paths', 'write_new_version', 'apply_review']


def _stem(ann_file):
    base = osp.basename(ann_file)
    base = re.sub(r'\.json$', '', base)
    return osp.join(osp.dirname(ann_file), re.sub(r'\.v\d+$', '', base))


def version_paths(ann_file: str) -> tuple[str, str, int]:
    """``(log_path, next_path, next_version)`` of the family of
    ``ann_file`` (the original is version 1)."""
    stem = _stem(ann_file)
    n = 2
    while osp.exists(f'{stem}.v{n}.json'):
        n += 1
    return f'{stem}.versions.json', f'{stem}.v{n}.json', n


def _sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_new_version(
    ann: dict, parent: str, source: str, changes: dict
) -> str:
    """Write ``ann`` (a dict) as the next version of ``parent``'s family
    and log it; returns the new path. Refuses to replace any file."""
    log_path, path, n = version_paths(parent)
    log = []
    if osp.exists(log_path):
        with open(log_path) as f:
            log = json.load(f)
    else:
        log.append(
            dict(
                version=1,
                file=osp.basename(f'{_stem(parent)}.json'),
                parent=None,
                source='original',
            )
        )
    # a hard link publishes the complete file and fails if the name exists
    # (two writers cannot both take version n)
    tmp = f'{path}.tmp{os.getpid()}'
    with open(tmp, 'w') as f:
        json.dump(ann, f)
    try:
        os.link(tmp, path)
    except FileExistsError:
        os.remove(tmp)
        raise FileExistsError(f'{path} appeared meanwhile; nothing written')
    except OSError:  # no hard links on this file system
        if osp.exists(path):
            os.remove(tmp)
            raise FileExistsError(f'{path} exists; nothing written')
        os.replace(tmp, path)
    else:
        os.remove(tmp)
    log.append(
        dict(
            version=n,
            file=osp.basename(path),
            parent=osp.basename(parent),
            source=source,
            changes=changes,
            sha256=_sha256(path),
            images=len(ann.get('images', [])),
            annotations=len(ann.get('annotations', [])),
            created=time.strftime('%Y-%m-%d %H:%M:%S'),
        )
    )
    write_json_atomic(log, log_path)
    return path


def _bbox(text, where):
    try:
        box = [float(v) for v in str(text).replace(' ', '').split(',')]
    except ValueError:
        box = []
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        raise ValueError(
            f'{where}: expected a box "x,y,w,h" with w, h > 0, got {text!r}'
        )
    return box


def apply_review(
    ann_file: str, labels_csv: str | None = None, images_csv: str | None = None
) -> tuple[str, dict]:
    """Apply a reviewed label-refinement file to ``ann_file`` and write the
    result as its next version (the original and every earlier version are
    kept). Returns ``(path, changes)``.

    ``labels_csv`` rows (from ``tools/curation/dim_target_label_loss.py``)
    with ``action``: empty or ``keep`` (nothing), ``delete``, ``relabel``
    (to ``new_label``, a class name), ``move`` (to ``new_bbox`` =
    ``x,y,w,h``). ``images_csv`` rows may ``add`` labels to their image:
    ``class:x,y,w,h`` entries separated by ``;`` (unlabelled targets).
    """
    with open(ann_file) as f:
        ann = json.load(f)
    cats = {c['name']: c['id'] for c in ann.get('categories', [])}
    by_id = {a['id']: a for a in ann.get('annotations', [])}
    images = {img['id']: img for img in ann['images']}
    changes = dict(deleted=0, relabelled=0, moved=0, added=0)
    deleted = set()

    def category(name, where):
        if name not in cats:
            raise ValueError(
                f'{where}: unknown class {name!r}, expected one '
                f'of {sorted(cats)}'
            )
        return cats[name]

    if labels_csv:
        with open(labels_csv, newline='') as f:
            for row_no, row in enumerate(csv.DictReader(f), start=2):
                where = f'{labels_csv}:{row_no}'
                action = (row.get('action') or '').strip().lower()
                if action in ('', 'keep'):
                    continue
                try:
                    ann_id = int(row['ann_id'])
                except (KeyError, ValueError):
                    raise ValueError(f'{where}: no integer ann_id')
                if ann_id not in by_id:
                    raise ValueError(
                        f'{where}: ann_id {ann_id} is not in {ann_file}'
                    )
                a = by_id[ann_id]
                if action == 'delete':
                    deleted.add(ann_id)
                    changes['deleted'] += 1
                elif action == 'relabel':
                    a['category_id'] = category(
                        (row.get('new_label') or '').strip(), where
                    )
                    changes['relabelled'] += 1
                elif action == 'move':
                    a['bbox'] = _bbox(row.get('new_bbox'), where)
                    a['area'] = a['bbox'][2] * a['bbox'][3]
                    changes['moved'] += 1
                else:
                    raise ValueError(
                        f'{where}: action must be keep, delete, '
                        f'relabel or move, got {action!r}'
                    )
    ann['annotations'] = [
        a for a in ann.get('annotations', []) if a['id'] not in deleted
    ]
    next_id = max([a['id'] for a in ann['annotations']] + [0]) + 1
    if images_csv:
        with open(images_csv, newline='') as f:
            for row_no, row in enumerate(csv.DictReader(f), start=2):
                where = f'{images_csv}:{row_no}'
                add = (row.get('add') or '').strip()
                if not add:
                    continue
                image_id = int(row['image_id'])
                if image_id not in images:
                    raise ValueError(
                        f'{where}: image_id {image_id} is not in {ann_file}'
                    )
                for entry in filter(None, (e.strip() for e in add.split(';'))):
                    name, _, box = entry.partition(':')
                    box = _bbox(box, where)
                    ann['annotations'].append(
                        dict(
                            id=next_id,
                            image_id=image_id,
                            video_id=images[image_id].get('video_id'),
                            category_id=category(name.strip(), where),
                            bbox=box,
                            area=box[2] * box[3],
                            iscrowd=0,
                        )
                    )
                    next_id += 1
                    changes['added'] += 1
    source = ', '.join(p for p in (labels_csv, images_csv) if p)
    path = write_new_version(ann, ann_file, f'review: {source}', changes)
    return path, changes
