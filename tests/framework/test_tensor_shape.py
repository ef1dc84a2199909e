"""TensorShape and Dimension: partial shapes, where None is an unknown size."""

import pytest

import tinytf as tf
from tinytf.framework.tensor_shape import (
    Dimension,
    TensorShape,
    as_shape,
    dimension_value,
    merge_shapes,
    unknown_shape,
)


def test_as_list_ndims_and_indexing():
    shape = TensorShape([None, 3])
    assert shape.as_list() == [None, 3]
    assert shape.ndims == shape.rank == 2
    assert len(shape) == 2
    assert shape[0].value is None and shape[1].value == 3 and shape[-1].value == 3
    assert isinstance(shape[0], Dimension)
    assert shape[0:1] == TensorShape([None])
    assert [d.value for d in shape] == [None, 3]
    assert [d.value for d in shape.dims] == [None, 3]


def test_printing():
    assert str(TensorShape([None, 3])) == "(?, 3)"
    assert str(TensorShape([3])) == "(3,)"
    assert str(TensorShape([])) == "()"
    assert str(TensorShape(None)) == "<unknown>"
    assert repr(TensorShape([None, 3])) == "TensorShape([Dimension(None), Dimension(3)])"
    assert repr(TensorShape(None)) == "TensorShape(None)"
    assert repr(TensorShape([])) == "TensorShape([])"
    assert (repr(Dimension(None)), str(Dimension(None)), str(Dimension(4))) == (
        "Dimension(None)",
        "?",
        "4",
    )


def test_unknown_rank():
    shape = TensorShape(None)
    assert shape.ndims is None
    assert not shape.is_fully_defined()
    assert shape[0].value is None and shape[1:] == TensorShape(None)
    with pytest.raises(
        ValueError,
        match=r"as_list\(\) is not defined on an unknown "
        "TensorShape.",
    ):
        shape.as_list()
    with pytest.raises(ValueError, match="Cannot take the length of shape with unknown rank."):
        len(shape)


def test_fully_defined_and_num_elements():
    assert TensorShape([2, 3]).is_fully_defined()
    assert not TensorShape([None, 3]).is_fully_defined()
    assert TensorShape([2, 3]).num_elements() == 6
    assert TensorShape([None, 3]).num_elements() is None
    assert TensorShape([]).num_elements() == 1


def test_merge_with():
    assert TensorShape([None, 3]).merge_with([2, None]).as_list() == [2, 3]
    assert TensorShape(None).merge_with([1, 2]).as_list() == [1, 2]
    assert TensorShape([1, 2]).merge_with(TensorShape(None)).as_list() == [1, 2]
    with pytest.raises(ValueError, match=r"Shapes \(\?, 3\) and \(2, 4\) are not compatible"):
        TensorShape([None, 3]).merge_with([2, 4])
    with pytest.raises(ValueError, match="are not compatible"):
        TensorShape([None, 3]).merge_with([2, 4, 5])


def test_merge_shapes_uses_tensorflows_messages():
    assert merge_shapes(TensorShape([None, 3]), TensorShape([2, None])).as_list() == [2, 3]
    with pytest.raises(
        ValueError,
        match=r"Dimension 0 in both shapes must be equal, but are 2 "
        r"and 3. Shapes are \[2,\?\] and \[3,1\].",
    ):
        merge_shapes(TensorShape([2, None]), TensorShape([3, 1]))
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 1 and 2"):
        merge_shapes(TensorShape([2]), TensorShape([2, 1]))


def test_is_compatible_with():
    assert TensorShape([None, 3]).is_compatible_with([2, 3])
    assert not TensorShape([None, 3]).is_compatible_with([2, 4])
    assert TensorShape(None).is_compatible_with([1])
    assert not TensorShape([1]).is_compatible_with([1, 1])
    TensorShape([None, 3]).assert_is_compatible_with([5, 3])
    with pytest.raises(ValueError, match=r"Shapes \(1, 2\) and \(1, 3\) are incompatible"):
        TensorShape([1, 2]).assert_is_compatible_with([1, 3])


def test_equality():
    assert TensorShape([2, 3]) == [2, 3]
    assert TensorShape([None, 3]) == TensorShape([None, 3])
    assert TensorShape([2]) != [3]
    assert TensorShape([2]) != TensorShape(None)
    assert hash(TensorShape([2, 3])) == hash(TensorShape((2, 3)))


def test_rank_helpers():
    assert TensorShape([1, None]).concatenate([2]).as_list() == [1, None, 2]
    assert TensorShape([1]).concatenate(TensorShape(None)) == TensorShape(None)
    assert unknown_shape(2).as_list() == [None, None]
    assert TensorShape(None).with_rank(2).as_list() == [None, None]
    with pytest.raises(ValueError, match=r"Shape \(1, 2\) must have rank 3"):
        TensorShape([1, 2]).with_rank(3)
    with pytest.raises(ValueError, match=r"Shape \(1, 2\) must have rank 3"):
        TensorShape([1, 2]).assert_has_rank(3)


def test_dimension():
    assert Dimension(3) == 3
    assert (Dimension(None) == 3) is None
    assert Dimension(3) != Dimension(4)
    assert Dimension(3).is_compatible_with(None) and not Dimension(3).is_compatible_with(4)
    assert Dimension(None).merge_with(5).value == 5
    with pytest.raises(ValueError, match="Dimensions 3 and 4 are not compatible"):
        Dimension(3).merge_with(4)
    assert (Dimension(2) + 3).value == 5 and (Dimension(None) * 2).value is None
    assert int(Dimension(7)) == 7 and [0, 1, 2][Dimension(1)] == 1
    assert dimension_value(Dimension(4)) == 4 and dimension_value(None) is None
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        Dimension(-1)


def test_construction_from_many_forms():
    assert as_shape(3).as_list() == [3]
    assert as_shape((2, None)).as_list() == [2, None]
    assert as_shape([Dimension(2), None]).as_list() == [2, None]
    assert as_shape(TensorShape([1])) == TensorShape([1])
    assert tf.TensorShape([]).ndims == 0
