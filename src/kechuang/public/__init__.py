"""The public progress site: published plans, their indicators and figures, feedback, static export."""
