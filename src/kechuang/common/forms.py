"""Form bases whose labels end in the full-width colon (名称：), as Chinese text is written.

Django's own default suffix is ":" and its Chinese catalogue does not translate it, so a form
rendered with ``label_tag`` would show 名称: with a Latin colon.
"""

from __future__ import annotations

from django import forms

LABEL_SUFFIX = "："


class ChineseForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)


class ChineseModelForm(forms.ModelForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
