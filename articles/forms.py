"""Forms: the admin's "Import articles" upload, and saving and editing a reader's collection."""

from __future__ import annotations

from django import forms
from django.conf import settings

from articles.importers.text import human_size
from articles.models.collections import NAME_MAX, NOTES_MAX, QUERY_MAX

FORMAT_CHOICES = [
    ("auto", "Recognise from the content"),
    ("page", "Page text"),
    ("jsonl", "JSON Lines (or a JSON array)"),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes many files (Django docs, "Uploading multiple files"); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        # An empty file is reported by the importer with its name, rather than refusing the whole upload.
        allow_empty_file=True,
        error_messages={"required": "Choose one or more files to import."},
        help_text="Page-text files, JSON Lines files, or .zip / .gz archives holding them. "
        "You can choose many files at once.",
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, initial="auto")
    default_source = forms.CharField(
        label="Default source",
        required=False,
        max_length=200,
        help_text="For articles that name no source. An existing source or alias, or a new name.",
        widget=forms.TextInput(attrs={"list": "import-sources", "autocomplete": "off"}),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        max_files = settings.IMPORT_MAX_FILES
        if len(files) > max_files:
            raise forms.ValidationError(
                f"You chose {len(files):,} files; the limit is {max_files:,} at a time. "
                "Put them in a zip file, or upload them in parts.",
                code="too_many_files",
            )
        total = sum(file.size for file in files)
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if total > limit:
            raise forms.ValidationError(
                f"The upload is {human_size(total)}; the limit is {human_size(limit)}.", code="too_big"
            )
        return files

    def clean_default_source(self):
        return " ".join(self.cleaned_data["default_source"].split())


class SaveCollectionForm(forms.Form):
    """The search page's "Save these results": a name, and the search as its query string."""

    name = forms.CharField(max_length=NAME_MAX, strip=True)
    query = forms.CharField(max_length=QUERY_MAX, required=False, strip=False, widget=forms.HiddenInput)
    scope = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["max_length"] = (
            f"A name can be at most {NAME_MAX} characters; put the rest in the notes."
        )
        self.fields["query"].error_messages["max_length"] = (
            f"This search's address is longer than {QUERY_MAX:,} characters, too long to keep."
        )


class CollectionForm(forms.Form):
    """A collection's name and notes, edited by its owner."""

    name = forms.CharField(max_length=NAME_MAX, strip=True)
    notes = forms.CharField(max_length=NOTES_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4}))
