"""In-app notifications and the e-mail that follows them: the bottom of the stack, every app may call ``notify``."""
