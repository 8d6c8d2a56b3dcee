"""mmir.datasets.image_files: folder listings shared by the inference
tools (frames, images, arrays)."""

from mmir.datasets.image_files import files_in


def test_files_in_natural_order_and_suffixes(tmp_path):
    for name in ['10.png', '2.png', 'f2_b.PNG', 'f10_a.png', 'x.txt', '1.tif']:
        (tmp_path / name).touch()
    (tmp_path / 'sub.png').mkdir()  # not a file
    assert files_in(str(tmp_path), ('.png', '.tif')) == [
        '1.tif',
        '2.png',
        '10.png',
        'f2_b.PNG',
        'f10_a.png',
    ]
    assert files_in(str(tmp_path), ('.jpg',)) == []
