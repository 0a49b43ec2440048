"""Scene-side building blocks shared by the lecture's scenes.

The kit holds what two or more scenes use, or what a scene-independent test
needs; a mobject used by one scene stays in that scene's file. One module per
family: ``palette`` (colours, the parameters in force), ``text`` (the type
scale and the title), ``bars`` (the bar chart), ``arrays`` (index arrays),
``regions`` (the 1D class-regions plot), ``diagram`` (connectors),
``digits`` (MNIST thumbnails), ``polyline`` (paths through data points) and
``narration`` (the narrated scene base), ``pacing`` (how long things move).
Three speed-ups apply on import, for every scene: ``copies`` makes copies
cheap, ``held_frames`` encodes a held picture once, and
``image_overlay`` composites an image only where it lies. Import from the
module that defines a piece, e.g. ``from scenes.kit.palette import class_color``.
"""

from scenes.kit.copies import cheap_copies
from scenes.kit.held_frames import encode_holds_once
from scenes.kit.image_overlay import composite_in_box

# every scene imports the kit, so every scene gets the three speed-ups
cheap_copies()
encode_holds_once()
composite_in_box()
