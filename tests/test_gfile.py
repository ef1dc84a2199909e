"""tf.gfile: files and directories, with TensorFlow's error classes."""

import pytest

import tinytf as tf

gfile = tf.gfile


def test_write_read_append_and_lines(tmp_path):
    path = str(tmp_path / "notes.txt")
    with gfile.GFile(path, "w") as handle:
        handle.write("hello\r\nworld\n")
    assert gfile.GFile(path).read() == "hello\r\nworld\n"
    assert gfile.GFile(path, "rb").read() == b"hello\r\nworld\n"
    with gfile.Open(path, "a") as handle:
        handle.write("more")
    assert gfile.FastGFile(path).readlines() == ["hello\r\n", "world\n", "more"]
    assert list(gfile.GFile(path)) == ["hello\r\n", "world\n", "more"]
    assert gfile.GFile(path).size() == 17
    reader = gfile.GFile(path)
    reader.seek(3)
    assert (reader.read(2), reader.tell()) == ("lo", 5)


def test_files_open_on_first_use_and_check_their_mode(tmp_path):
    missing = gfile.GFile(str(tmp_path / "missing.txt"))  # no error until it is read
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        missing.read()
    with pytest.raises(tf.errors.NotFoundError):
        gfile.GFile(str(tmp_path / "no" / "dir.txt"), "w").write("x")
    path = tmp_path / "f.txt"
    path.write_text("x")
    with pytest.raises(tf.errors.PermissionDeniedError, match="isn't open for writing"):
        gfile.GFile(str(path)).write("y")
    with pytest.raises(tf.errors.PermissionDeniedError, match="isn't open for reading"):
        gfile.GFile(str(tmp_path / "w.txt"), "w").read()
    with pytest.raises(tf.errors.InvalidArgumentError, match="mode is not"):
        gfile.GFile(str(path), "q").read()


def test_directories(tmp_path):
    root = str(tmp_path)
    gfile.MkDir(f"{root}/a")
    gfile.MkDir(f"{root}/a")  # an existing directory is left alone, as in TF
    with pytest.raises(tf.errors.NotFoundError):
        gfile.MkDir(f"{root}/x/y")
    gfile.MakeDirs(f"{root}/b/c/d")
    gfile.MakeDirs(f"{root}/b/c/d")
    (tmp_path / "a" / "f.txt").write_text("1")
    assert gfile.ListDirectory(root) == ["a", "b"]
    with pytest.raises(tf.errors.NotFoundError, match="Could not find directory"):
        gfile.ListDirectory(f"{root}/a/f.txt")
    assert gfile.IsDirectory(f"{root}/a") and not gfile.IsDirectory(f"{root}/a/f.txt")
    assert gfile.Exists(f"{root}/a/f.txt") and not gfile.Exists(f"{root}/zz")
    assert gfile.Glob(f"{root}/*/f.txt") == [f"{root}/a/f.txt"]
    assert [entry[0] for entry in gfile.Walk(root)] == [
        root,
        f"{root}/a",
        f"{root}/b",
        f"{root}/b/c",
        f"{root}/b/c/d",
    ]
    assert list(gfile.Walk(root))[1] == (f"{root}/a", [], ["f.txt"])
    assert [entry[0] for entry in gfile.Walk(root, in_order=False)][-1] == root
    assert list(gfile.Walk(f"{root}/missing")) == []
    with pytest.raises(tf.errors.FailedPreconditionError, match="Is a directory"):
        gfile.Remove(f"{root}/b")
    gfile.DeleteRecursively(f"{root}/b")
    assert not gfile.Exists(f"{root}/b")
    with pytest.raises(tf.errors.NotFoundError, match="not found"):
        gfile.DeleteRecursively(f"{root}/b")


def test_copy_rename_remove_stat(tmp_path):
    source, copy, moved = (str(tmp_path / name) for name in ("s.txt", "c.txt", "m.txt"))
    with gfile.GFile(source, "w") as handle:
        handle.write("data")
    gfile.Copy(source, copy)
    with pytest.raises(tf.errors.AlreadyExistsError):
        gfile.Copy(source, copy)
    gfile.Copy(source, copy, overwrite=True)
    with pytest.raises(tf.errors.NotFoundError):
        gfile.Copy(str(tmp_path / "none"), moved)
    gfile.Rename(copy, moved)
    with pytest.raises(tf.errors.AlreadyExistsError):
        gfile.Rename(moved, source)
    with pytest.raises(tf.errors.NotFoundError):
        gfile.Rename(copy, moved)
    statistics = gfile.Stat(moved)
    assert (statistics.length, statistics.is_directory) == (4, False)
    assert statistics.mtime_nsec > 0
    gfile.Remove(moved)
    with pytest.raises(tf.errors.NotFoundError):
        gfile.Remove(moved)
    with pytest.raises(tf.errors.NotFoundError):
        gfile.Stat(moved)
