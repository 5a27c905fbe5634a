"""Shared model mixins."""

from django.db import models


class TimeStamped(models.Model):
    """Creation and modification times, kept on every record people edit."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
