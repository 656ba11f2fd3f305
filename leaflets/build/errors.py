"""What can stop a build that is neither the author's mistake (LeafletError) nor a bug in leaflets."""


class BuildStopped(Exception):
    """The build could not go on (a worker process died); the CLI prints it as "Error: <message>", exit 1."""
