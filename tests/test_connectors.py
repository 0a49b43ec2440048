import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from softmax_anim import BoxShape, CircleShape, connector_endpoints
from softmax_anim.connectors import boundary_point

coord = st.floats(-6, 6)
size = st.floats(0.1, 2)
circles = st.builds(lambda x, y, r: CircleShape((x, y), r), coord, coord, size)
boxes = st.builds(lambda x, y, w, h: BoxShape((x, y), w, h), coord, coord, size, size)
shapes = st.one_of(circles, boxes)


def on_boundary(shape, p):
    c = np.asarray(shape.center)
    if isinstance(shape, CircleShape):
        return np.isclose(np.linalg.norm(p - c), shape.radius)
    dx, dy = np.abs(p - c)
    half_w, half_h = shape.width / 2, shape.height / 2
    return (np.isclose(dx, half_w) and dy <= half_h + 1e-9) or (np.isclose(dy, half_h) and dx <= half_w + 1e-9)


@given(shapes, shapes)
@example(CircleShape((4.0, 0.0), 1.0), BoxShape((0.0, 1e-308), 1.0, 1.0))  # a tiny y component once overflowed
def test_connector_ends_lie_on_the_boundaries_along_the_centre_line(a, b):
    d = np.subtract(b.center, a.center)
    if np.linalg.norm(d) < 1e-3:
        return
    start, end = connector_endpoints(a, b)
    assert on_boundary(a, start) and on_boundary(b, end)
    for p in (start, end):  # on the line through both centres
        v = p - np.asarray(a.center)
        assert abs(v[0] * d[1] - v[1] * d[0]) < 1e-9 * max(1.0, np.linalg.norm(d) * np.linalg.norm(v))


def test_box_corner_and_side():
    box = BoxShape((1.0, 1.0), 2.0, 1.0)
    np.testing.assert_allclose(boundary_point(box, (1, 0)), [2.0, 1.0])
    np.testing.assert_allclose(boundary_point(box, (0, -5)), [1.0, 0.5])
    np.testing.assert_allclose(boundary_point(box, (2, 1)), [2.0, 1.5])  # exactly the corner


def test_degenerate_inputs():
    with pytest.raises(ValueError, match="share a centre"):
        connector_endpoints(CircleShape((0, 0), 1), BoxShape((0, 0), 1, 1))
    with pytest.raises(ValueError, match="non-zero"):
        boundary_point(CircleShape((0, 0), 1), (0, 0))
