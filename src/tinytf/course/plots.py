"""Figure helpers for the labs: vector figures built without pyplot, so no window ever opens."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure

# Fixed ids and no dates make two runs write byte-identical SVG files.
matplotlib.rcParams["svg.hashsalt"] = "tinytf"
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text, not paths: smaller files
matplotlib.rcParams["font.size"] = 9


def figure(rows: int = 1, columns: int = 1, width: float = 4.0, height: float = 3.2):
    """A Figure and its axes as a flat list, each panel `width` x `height` inches."""
    result = Figure(figsize=(width * columns, height * rows), layout="constrained")
    axes = result.subplots(rows, columns, squeeze=False)
    return result, list(axes.ravel())


# Classes in decision-region plots: blue, red, green, each clear on its own light tint.
CLASS_COLOURS = ("#1f5fa8", "#c0392b", "#2e8b3d")
LINE_STYLES = ("-", "--", "-.", ":")


def curves(axes, series: dict, xlabel: str, ylabel: str, title: str = "", log=False, legend="best"):
    """One line per entry of `series` (label -> values, or label -> (x, y)); lines differ in
    colour and, from the second on, in dash pattern, so lines lying on each other stay visible."""
    for index, (label, values) in enumerate(series.items()):
        x, y = values if isinstance(values, tuple) else (np.arange(1, len(values) + 1), values)
        marker = "o" if len(x) <= 12 else None  # a few points: show each one
        axes.plot(
            x, y, LINE_STYLES[index % len(LINE_STYLES)], marker=marker, label=label, linewidth=1.4
        )
    if log:
        axes.set_yscale("log")
    axes.set(xlabel=xlabel, ylabel=ylabel, title=title)
    axes.grid(alpha=0.3)
    if legend:
        axes.legend(fontsize=8, loc=legend)


def grid_around(points, resolution: int = 120):
    """`(grid_x, grid_y, grid_points)`: a mesh over the points' range, and its points [n, 2]."""
    low, high = points.min(axis=0) - 0.2, points.max(axis=0) + 0.2
    grid_x, grid_y = np.meshgrid(
        np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution)
    )
    grid_points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1).astype(np.float32)
    return grid_x, grid_y, grid_points


def decision_boundary(axes, grid, classes, points, labels, title: str, shown: int = 400):
    """Regions coloured by the predicted `classes` of the `grid_around` mesh, with the first
    `shown` points on top (enough to see the data; more only makes the SVG heavier)."""
    grid_x, grid_y, _ = grid
    count = int(labels.max()) + 1
    points, labels = points[:shown], labels[:shown]
    axes.contourf(
        grid_x,
        grid_y,
        classes.reshape(grid_x.shape),
        levels=np.arange(count + 1) - 0.5,
        colors=CLASS_COLOURS[:count],
        alpha=0.22,
    )
    for label in range(count):
        chosen = labels == label
        # Line markers are one shared SVG symbol each: far smaller files than scatter().
        axes.plot(
            points[chosen, 0],
            points[chosen, 1],
            linestyle="none",
            marker="o",
            markersize=1.8,
            markeredgewidth=0,
            color=CLASS_COLOURS[label],
        )
    axes.set(xticks=[], yticks=[])
    axes.set_title(title, fontsize=8)


def image_grid(images, titles, columns: int = 8, size: float = 0.8, cmap="gray", fontsize=8):
    """A figure of small images (each [height, width]) with a title above each."""
    rows = int(np.ceil(len(images) / columns))
    result, axes = figure(rows, columns, width=size, height=size * 1.15)
    for index, panel in enumerate(axes):
        panel.set_axis_off()
        if index < len(images):
            limit = np.abs(images[index]).max() if cmap == "seismic" else None
            panel.imshow(
                images[index],
                cmap=cmap,
                interpolation="nearest",
                vmin=-limit if limit else None,
                vmax=limit,
            )
            panel.set_title(titles[index], fontsize=fontsize)
    return result


def bars(axes, labels, values, ylabel: str, title: str = ""):
    """A labelled bar chart."""
    axes.bar(range(len(values)), values, tick_label=labels)
    axes.set(ylabel=ylabel, title=title)
    axes.grid(axis="y", alpha=0.3)
