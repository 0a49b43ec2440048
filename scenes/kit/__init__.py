"""Scene-side building blocks shared by the lecture's scenes.

One module per family: ``palette`` (colours, text, numbers as mobjects) and
the reusable mobjects each part adds. Import from the module that defines a
piece, e.g. ``from scenes.kit.palette import class_color``.
"""
