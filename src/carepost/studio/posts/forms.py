from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator

from carepost.studio.workspaces.models import PILLARS

from .models import PLATFORMS

__all__ = [
    "PostForm",
]


class PostForm(forms.Form):
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    pillar = forms.ChoiceField(choices=[("", "—"), *PILLARS], required=False)
    campaign = forms.CharField(max_length=120, required=False)
    evergreen = forms.BooleanField(required=False)
    sources = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="One DOI, PMID or URL per line",
    )
    consents = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    claims = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, consent_choices=(), claim_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consents"].choices = list(consent_choices)
        self.fields["claims"].choices = list(claim_choices)
        for key, label in PLATFORMS:
            self.fields[f"on_{key}"] = forms.BooleanField(required=False, label=label)
            self.fields[f"variant_{key}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 3}), required=False, label=f"{label} text"
            )
        # The services refuse longer texts too (422); the form says so next to the field.
        limit = settings.CAREPOST_MAX_TEXT_CHARS
        for name in ["text", *(f"variant_{key}" for key, _ in PLATFORMS)]:
            self.fields[name].validators.append(MaxLengthValidator(limit))

    def variants(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(f"variant_{key}", "")
            for key, _ in PLATFORMS
            if self.cleaned_data.get(f"on_{key}")
        }

    def source_list(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data.get("sources", "").splitlines() if s.strip()]
