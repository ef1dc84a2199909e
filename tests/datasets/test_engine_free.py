"""The data loaders need only NumPy, and the engine never imports the course or its libraries."""

import subprocess
import sys


def _run(program: str) -> None:
    subprocess.run([sys.executable, "-c", program], check=True, timeout=120)


def test_datasets_work_without_the_course_extra():
    _run(
        "import sys\n"
        "for name in ('matplotlib', 'sklearn', 'imblearn', 'tqdm'):\n"
        "    sys.modules[name] = None  # importing any of them now fails\n"
        "from tinytf import datasets\n"
        "features, labels = datasets.load_iris()\n"
        "assert features.shape == (150, 4)\n"
        "assert datasets.make_quadrants()[0].shape == (2000, 2)\n"
    )


def test_the_engine_does_not_import_the_course():
    _run(
        "import sys\n"
        "import tinytf as tf\n"
        "with tf.Session() as session:\n"
        "    session.run(tf.constant(1.0) + 1.0)\n"
        "heavy = [name for name in sys.modules if name.startswith(('tinytf.course', "
        "'matplotlib', 'sklearn', 'tqdm'))]\n"
        "assert not heavy, heavy\n"
    )
