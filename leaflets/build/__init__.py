"""Build: a project folder in, PDF bytes (and their manifest) out; the stages below, in order.

    project.load_project(root, session=...)   folder -> Project: every input loaded and checked, the
                                              diagnostics collected, the buildable layouts, the fonts
    pipeline.select / preflight               Project -> the combinations to build, and the problems that
                                              show only when content meets a layout
    pipeline.build_outputs(project, combo)    -> {output path: PDF bytes} (resolve, render, impose)
    workers.BuildRun                          the `build` command: skip what the manifest says is current,
                                              render the rest here or in forked workers, write atomically
    manifest                                  what each PDF was made from (its input digest)
    previews                                  PDF bytes -> page images, contact sheets, visual comparison

A session (session.BuildSession: fonts, resolved models, diagnostics) is made once per run;
the Project carries it.
"""
