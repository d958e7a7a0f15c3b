"""Admin form for a clinic: a validated logo upload and presets checked against the knowledge base."""

import io

from django import forms
from PIL import Image, UnidentifiedImageError

from immunoprep.clinics.models import Clinic
from immunoprep.knowledge import get_knowledge_base

LOGO_MAX_BYTES = 100 * 1024
LOGO_MAX_SIDE = 2000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


class ClinicForm(forms.ModelForm):
    logo_upload = forms.FileField(
        required=False, label="Logo", help_text="PNG or JPEG, up to 100 KB. Shown on the clinic page and printouts."
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")

    class Meta:
        model = Clinic
        fields = [
            "slug",
            "name",
            "welcome",
            "phone_daytime",
            "phone_after_hours",
            "emergency_instructions",
            "default_paper",
            "default_lang",
            "preset_cancer",
            "preset_therapies",
            "active",
            "staff",
        ]

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(f"The logo is too large ({upload.size // 1024} KB). The limit is 100 KB.")
        data = upload.read()
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                image.verify()
                width, height = image.size
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise forms.ValidationError("That file is not a PNG or JPEG image.") from None
        if kind not in LOGO_TYPES:
            raise forms.ValidationError(f"The logo must be a PNG or JPEG image, not {kind}.")
        if max(width, height) > LOGO_MAX_SIDE:
            raise forms.ValidationError(f"The logo can be at most {LOGO_MAX_SIDE} pixels wide or high.")
        return data, LOGO_TYPES[kind]

    def clean_preset_cancer(self):
        value = self.cleaned_data["preset_cancer"].strip()
        if value and value not in get_knowledge_base().cancers:
            raise forms.ValidationError(f"Unknown cancer type “{value}”.")
        return value

    def clean_preset_therapies(self):
        values = self.cleaned_data["preset_therapies"] or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise forms.ValidationError('Give a list of therapy slugs, like ["checkpoint-pd1"].')
        unknown = [v for v in values if v not in get_knowledge_base().therapies]
        if unknown:
            raise forms.ValidationError(f"Unknown therapy: {', '.join(unknown)}.")
        return values

    def save(self, commit=True):
        clinic = super().save(commit=False)
        logo = self.cleaned_data.get("logo_upload")
        if logo:
            clinic.logo, clinic.logo_type = logo
        elif self.cleaned_data.get("remove_logo"):
            clinic.logo, clinic.logo_type = b"", ""
        if commit:
            clinic.save()
            self.save_m2m()
        return clinic
