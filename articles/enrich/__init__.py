"""Topic and place tagging: pure functions over text (``places``, ...) and the service that stores tags."""
