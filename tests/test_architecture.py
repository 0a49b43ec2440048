import subprocess
import sys


def test_the_math_package_never_imports_manim():
    code = "import softmax_anim, sys; print('manim' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_lecture_order_lists_importable_scene_files():
    from scenes import LECTURE

    names = [e.name for e in LECTURE]
    assert len(names) == len(set(names))
    assert all(e.file.startswith("part_") and e.file.endswith(".py") for e in LECTURE)
