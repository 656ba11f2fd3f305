"""Layout: the layout files' settings, made into the frozen values the typesetter reads.

Takes the parsed layout Documents (inputs/) and gives back, per buildable layout, a
frozen `settings.Layout` (sizes in points, colours parsed, `contact_position` a
ContactPosition), with every problem reported where its value is written:

    settings.extends_chain   the layout and each one it extends, the one walk of `extends`
    settings.merged          those files folded into one mapping (circles and unknown names reported)
    rules.check_rules        rules across settings (print target, folding, type sizes), one small rule each
    settings.build_layout    the merged mapping -> Layout
    geometry                 page arithmetic on a Layout: tri-fold panels, sides of imposed sheets
"""
